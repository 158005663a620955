package io.github.gtespark.ablation;

import com.typesafe.config.ConfigValue;
import java.util.Map;

/**
 * One setting of the grid, before seeds: the axes it changes from the baseline (empty for the baseline).
 *
 * @param id       file-system safe id, used in cell directory names ({@code baseline}, {@code loss=infonce})
 * @param label    as shown in the table ({@code loss=infonce}, {@code alpha=0, stages=[finetune]})
 * @param settings the changed axes and their values, in axis order
 */
public record Variant(String id, String label, Map<Axis, ConfigValue> settings) {

    public boolean isBaseline() {
        return settings.isEmpty();
    }

    /** The changes as grid keys, e.g. {@code train.loss=infonce}; "-" for the baseline. */
    public String changes() {
        if (settings.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        settings.forEach((a, v) -> s.append(s.length() == 0 ? "" : ", ")
                .append(a.key())
                .append('=')
                .append(Axis.text(v)));
        return s.toString();
    }
}
