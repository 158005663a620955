package io.github.gtespark.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The losses a stage can train with, by the name {@code train.loss} takes. Adding a loss is one class implementing
 * {@link ContrastiveLoss} plus one {@link #register} line below (and its tests: a direct loop over the formula, the
 * PyTorch autograd reference and gradient-cached vs full batch).
 *
 * <ul>
 *   <li>{@code improved}: {@link ImprovedContrastiveLoss}, GTE's q-d + q-q + d-q + d-d partition function (each extra
 *       term switchable: {@link LossSpec.ImprovedTerms});</li>
 *   <li>{@code infonce}: {@link InfoNceLoss}, q-d only (sentence-transformers' MultipleNegativesRankingLoss);</li>
 *   <li>{@code symmetric-infonce}: {@link SymmetricInfoNceLoss}, q-d and d-q (CLIP style);</li>
 *   <li>{@code cosent}: {@link CoSentLoss}, ranks the in-batch pairs by their gold scores (scored corpora only).</li>
 * </ul>
 *
 * With {@code train.scored-loss} (e.g. {@code cosent}) batches that carry gold scores take that loss and the others
 * {@code train.loss} ({@link ScoreRoutedLoss}). Any of them can be wrapped in a {@link MatryoshkaLoss}
 * ({@code train.matryoshka-dims}).
 */
public final class LossRegistry {

    private static final Map<String, Function<LossSpec, ContrastiveLoss>> LOSSES = new LinkedHashMap<>();

    static {
        register(
                "improved",
                s -> new ImprovedContrastiveLoss(
                        s.temperature(),
                        false,
                        s.improved().queryQuery(),
                        s.improved().docQuery(),
                        s.improved().docDoc()));
        register("infonce", s -> new InfoNceLoss(s.temperature()));
        register("symmetric-infonce", s -> new SymmetricInfoNceLoss(s.temperature()));
        register("cosent", s -> new CoSentLoss(s.temperature()));
    }

    private LossRegistry() {}

    private static void register(String name, Function<LossSpec, ContrastiveLoss> factory) {
        if (LOSSES.putIfAbsent(name, factory) != null) {
            throw new IllegalStateException("loss " + name + " registered twice");
        }
    }

    public static boolean isKnown(String name) {
        return LOSSES.containsKey(name);
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return Collections.unmodifiableList(List.copyOf(LOSSES.keySet()));
    }

    private static ContrastiveLoss single(String name, LossSpec spec) {
        Function<LossSpec, ContrastiveLoss> factory = LOSSES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown loss '" + name + "'; known: " + String.join(", ", names()));
        }
        return factory.apply(spec);
    }

    /**
     * The loss of {@code spec} (routed per batch when {@code spec.scoredLoss()} is set), wrapped in a {@link MatryoshkaLoss} when {@code spec.matryoshkaDims()} is not empty.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static ContrastiveLoss create(LossSpec spec) {
        ContrastiveLoss loss = single(spec.name(), spec);
        if (!spec.scoredLoss().isEmpty()) {
            loss = new ScoreRoutedLoss(loss, single(spec.scoredLoss(), spec));
        }
        if (spec.matryoshkaDims().isEmpty()) {
            return loss;
        }
        return new MatryoshkaLoss(
                loss,
                spec.matryoshkaDims().stream().mapToInt(Integer::intValue).toArray(),
                spec.matryoshkaWeights().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray());
    }
}
