package io.github.gtespark.ablation;

import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a grid: the baseline variant plus one variant per axis value ({@link Grid.Mode#ONE_AT_A_TIME}) or
 * every combination of the axes' values ({@link Grid.Mode#PRODUCT}), each times every seed. A value equal to the
 * baseline's is the baseline (no second cell; listed in {@link Expansion#notes()}); in product mode a combination
 * the stage would refuse (an improved-loss term switched off under another loss) is left out, with a note.
 */
public final class GridExpansion {

    /** Variants in table order (baseline first), the cells (variant-major, then seed) and what was merged or left out. */
    public record Expansion(List<Variant> variants, List<Cell> cells, List<String> notes) {}

    private GridExpansion() {}

    public static Expansion expand(Grid grid) {
        List<String> notes = new ArrayList<>();
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("baseline", "baseline", Map.of()));
        if (grid.mode() == Grid.Mode.ONE_AT_A_TIME) {
            for (Axis a : grid.axes()) {
                ConfigValue base = grid.baselineValue(a);
                for (ConfigValue v : a.values()) {
                    if (Axis.same(base, v)) {
                        notes.add(a.key() + "=" + Axis.text(v) + " is the baseline's value: the baseline cell");
                        continue;
                    }
                    Map<Axis, ConfigValue> s = new LinkedHashMap<>();
                    s.put(a, v);
                    addUnique(variants, variant(s), notes);
                }
            }
        } else {
            List<List<ConfigValue>> choices = new ArrayList<>();
            for (Axis a : grid.axes()) {
                List<ConfigValue> c = new ArrayList<>();
                ConfigValue base = grid.baselineValue(a);
                if (base != null) {
                    c.add(base);
                }
                for (ConfigValue v : a.values()) {
                    if (c.stream().noneMatch(x -> Axis.same(x, v))) {
                        c.add(v);
                    }
                }
                choices.add(c);
            }
            product(grid, choices, 0, new LinkedHashMap<>(), variants, notes);
        }
        List<Cell> cells = new ArrayList<>();
        for (Variant v : variants) {
            for (long seed : grid.seeds()) {
                cells.add(new Cell(v, seed));
            }
        }
        return new Expansion(List.copyOf(variants), List.copyOf(cells), List.copyOf(notes));
    }

    private static void product(
            Grid grid,
            List<List<ConfigValue>> choices,
            int i,
            LinkedHashMap<Axis, ConfigValue> chosen,
            List<Variant> out,
            List<String> notes) {
        if (i == choices.size()) {
            Map<Axis, ConfigValue> changed = new LinkedHashMap<>();
            chosen.forEach((a, v) -> {
                if (!Axis.same(grid.baselineValue(a), v)) {
                    changed.put(a, v);
                }
            });
            if (changed.isEmpty()) {
                return; // the baseline, already first
            }
            Variant v = variant(changed);
            String invalid = invalidLossCombination(grid, changed);
            if (invalid != null) {
                notes.add(v.label() + " left out: " + invalid);
                return;
            }
            addUnique(out, v, notes);
            return;
        }
        Axis a = grid.axes().get(i);
        for (ConfigValue v : choices.get(i)) {
            chosen.put(a, v);
            product(grid, choices, i + 1, chosen, out, notes);
            chosen.remove(a);
        }
    }

    /** A reason when a stage would refuse the combination (an improved term off under another loss), else null. */
    static String invalidLossCombination(Grid grid, Map<Axis, ConfigValue> changed) {
        for (String st : Grid.STAGE_NAMES) {
            if (!grid.stageBase().containsKey(st)) {
                continue;
            }
            String loss = String.valueOf(valueFor(grid, changed, st, "train.loss"));
            if (loss.equals("improved")) {
                continue;
            }
            for (String term : List.of("query-query", "doc-query", "doc-doc")) {
                Object v = valueFor(grid, changed, st, "train.improved." + term);
                if (String.valueOf(v).equals("false")) {
                    return "train.improved." + term + "=false needs train.loss=improved (got " + loss + ")";
                }
            }
        }
        return null;
    }

    private static Object valueFor(Grid grid, Map<Axis, ConfigValue> changed, String st, String path) {
        for (Map.Entry<Axis, ConfigValue> e : changed.entrySet()) {
            if (e.getKey().target() == Axis.Target.STAGE
                    && e.getKey().path().equals(path)
                    && e.getKey().appliesTo(st)) {
                return e.getValue().unwrapped();
            }
        }
        ConfigValue v = grid.stageValue(st, path);
        return v == null ? null : v.unwrapped();
    }

    private static void addUnique(List<Variant> variants, Variant v, List<String> notes) {
        if (variants.stream().anyMatch(x -> x.id().equals(v.id()))) {
            notes.add(v.label() + " appears twice: one cell");
            return;
        }
        variants.add(v);
    }

    static Variant variant(Map<Axis, ConfigValue> settings) {
        StringBuilder label = new StringBuilder();
        StringBuilder id = new StringBuilder();
        settings.forEach((a, v) -> {
            label.append(label.length() == 0 ? "" : ", ")
                    .append(a.name())
                    .append('=')
                    .append(Axis.text(v));
            id.append(id.length() == 0 ? "" : "_").append(a.name()).append('=').append(safe(Axis.text(v)));
        });
        return new Variant(
                id.toString(),
                label.toString(),
                Map.copyOf(settings).isEmpty()
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
    }

    /** A value as part of a directory name: no brackets, commas as '+', anything unusual (':', '/', ' ') as '-'. */
    static String safe(String text) {
        return text.replace("[", "").replace("]", "").replace(",", "+").replaceAll("[^A-Za-z0-9._+-]", "-");
    }
}
