package io.github.gtespark.model;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A linear merge of two encoders of one architecture: every weight becomes {@code (1 - w) * base + w * tuned}, computed
 * in double precision and stored as fp32.
 *
 * <p>With {@code base} the model fine-tuning started from and {@code tuned} its result this is WiSE-FT (Wortsman et
 * al. 2022, "Robust fine-tuning of zero-shot models"), which FlagEmbedding's LM-Cocktail (Xiao et al. 2023) applies to
 * embedding models: the merge keeps part of what the general model knew (e.g. STS) while keeping most of the domain
 * gain. {@code w = 1} gives the tuned model, {@code w = 0} the base model, bit for bit.
 *
 * <p>The two models must share the architecture (layers, sizes, vocabulary, positions) and the tokenizer; the merged
 * model takes the tuned model's pooling, normalisation, prefixes and dropout. Tensors outside the encoder graph (the
 * BERT pooler) are merged when both models have them with one shape and otherwise taken from the tuned model.
 */
public final class LinearModelMerge {

    private LinearModelMerge() {}

    /**
     * The merged model.
     *
     * @param base   the model the tuned one started from (weight {@code 1 - tunedWeight})
     * @param tuned  the fine-tuned model (weight {@code tunedWeight})
     * @param tunedWeight in [0, 1]
     * @throws IllegalArgumentException when the weight is outside [0, 1] or the models cannot be merged (another
     *     architecture or tokenizer, a graph tensor missing or of another shape); the message says which
     */
    public static EncoderModel merge(EncoderModel base, EncoderModel tuned, double tunedWeight) {
        if (!(tunedWeight >= 0 && tunedWeight <= 1)) {
            throw new IllegalArgumentException("the tuned model's weight must be in [0, 1], got " + tunedWeight);
        }
        checkSameArchitecture(base.config(), tuned.config());
        checkSameTokenizer(base, tuned);
        Set<String> required = new HashSet<>(BertWeights.requiredNames(tuned.config()));
        LinkedHashMap<String, BertWeights.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, BertWeights.Tensor> e : tuned.weights().tensors().entrySet()) {
            String name = e.getKey();
            BertWeights.Tensor t = e.getValue();
            BertWeights.Tensor b = base.weights().tensors().get(name);
            boolean sameShape = b != null && Arrays.equals(b.shape(), t.shape());
            if (required.contains(name) && !sameShape) {
                throw new IllegalArgumentException("cannot merge: weight '" + name + "' is "
                        + (b == null
                                ? "missing from the base model"
                                : "of shape " + Arrays.toString(b.shape()) + " in the base model and "
                                        + Arrays.toString(t.shape()) + " in the tuned model"));
            }
            out.put(name, sameShape ? interpolate(b, t, tunedWeight) : t);
        }
        return new EncoderModel(
                tuned.config(), new BertWeights(out), tuned.tokenizerJson(), tuned.vocabTxt(), tuned.lowercase());
    }

    private static BertWeights.Tensor interpolate(BertWeights.Tensor base, BertWeights.Tensor tuned, double w) {
        float[] b = base.data();
        float[] t = tuned.data();
        float[] m = new float[t.length];
        double u = 1.0 - w;
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (u * b[i] + w * t[i]);
        }
        return new BertWeights.Tensor(tuned.shape().clone(), m);
    }

    private static void checkSameArchitecture(BertConfig a, BertConfig b) {
        String sa = architecture(a);
        String sb = architecture(b);
        if (!sa.equals(sb)) {
            throw new IllegalArgumentException(
                    "cannot merge models of different architectures: base " + sa + ", tuned " + sb);
        }
    }

    private static String architecture(BertConfig c) {
        return "layers=" + c.layers() + " hidden=" + c.hidden() + " heads=" + c.heads() + " intermediate="
                + c.intermediate() + " vocab=" + c.vocabSize() + " positions=" + c.maxPositions() + " types="
                + c.typeVocabSize();
    }

    private static void checkSameTokenizer(EncoderModel base, EncoderModel tuned) {
        // tokenizer.json when both have one, else vocab.txt; a model with only one of them against one with only
        // the other cannot be compared and is refused
        boolean sameFiles = both(base.tokenizerJson(), tuned.tokenizerJson())
                ? Arrays.equals(base.tokenizerJson(), tuned.tokenizerJson())
                : both(base.vocabTxt(), tuned.vocabTxt()) && Arrays.equals(base.vocabTxt(), tuned.vocabTxt());
        boolean same = base.lowercase() == tuned.lowercase() && sameFiles;
        if (!same) {
            throw new IllegalArgumentException("cannot merge models whose tokenizers differ (tokenizer.json / vocab.txt"
                    + " and lowercasing must be the same): a merge is only meaningful for a model and its own"
                    + " fine-tuned descendant");
        }
    }

    private static boolean both(byte[] a, byte[] b) {
        return a != null && b != null;
    }
}
