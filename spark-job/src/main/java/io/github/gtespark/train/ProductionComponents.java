package io.github.gtespark.train;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertEncoderFactory;
import io.github.gtespark.model.BertWeights;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.checkpoint.CheckpointEncoderDescription;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import io.github.gtespark.train.evaluation.EmbeddingBenchmarkEvaluator;
import io.github.gtespark.train.settings.ModelSettings;
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import io.github.gtespark.train.step.TrainingStep;
import io.github.gtespark.train.step.WarmupLinearDecaySchedule;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The production wiring of a stage: the BERT encoder of the model module (built-in pretrained, Hugging Face
 * directory, checkpoint or random), the gradient-cached step with the configured loss ({@link LossRegistry},
 * {@code train.loss}) and AdamW with warm-up +
 * linear decay, the Hugging Face / sentence-transformers exporter and the evaluator of the named evaluation sets ({@code eval.sets}).
 *
 * <p>Every checkpoint also stores the encoder's description ({@code encoder/config.json}, tokenizer files,
 * lowercase flag: {@link CheckpointEncoderDescription}), so that a later stage started from it can export and evaluate without the original model.
 */
public final class ProductionComponents {

    private ProductionComponents() {}

    public static StageComponents forStage(StageSettings s, Configuration hc) throws IOException {
        EncoderModel template = template(s, hc);
        EncoderFactory encoders = new EncoderFactory() {
            @Override
            public ComputationGraph create(StageSettings settings, Configuration hadoopConf) {
                if (settings.model().init() == ModelSettings.ModelInit.RANDOM) {
                    return BertEncoderFactory.build(
                            template.config(),
                            settings.train().maxLength(),
                            DataType.FLOAT,
                            settings.train().seed());
                }
                return template.toGraph(DataType.FLOAT, settings.train().maxLength());
            }

            @Override
            public ComputationGraph fromCheckpoint(ComputationGraph graph, StageSettings settings) {
                // rebuilt for this stage's sequence length, without the previous stage's optimizer configuration
                return template.withGraph(graph)
                        .toGraph(DataType.FLOAT, settings.train().maxLength());
            }
        };
        ModelExporter exporter = (graph, dirUri, hadoopConf) -> HfModelDirectory.write(
                template.withGraph(graph), dirUri, hadoopConf, s.train().loss().matryoshkaDims());
        ModelEvaluator evaluator = null;
        if (!s.eval().sets().isEmpty()) {
            int maxLength = Math.min(s.eval().maxLength(), template.config().maxPositions());
            evaluator = new EmbeddingBenchmarkEvaluator(
                    graph -> encoderOf(template.withGraph(graph), s),
                    s.eval(),
                    "max-length=" + maxLength + " lowercase=" + template.lowercase() + " model-config="
                            + Integer.toHexString(
                                    template.config().toHfConfigJson().hashCode()));
        }
        return new StageComponents(
                encoders, new ContrastiveSteps(), exporter, evaluator, CheckpointEncoderDescription.of(template));
    }

    private static SentenceEncoder encoderOf(EncoderModel model, StageSettings s) {
        TextEmbedder embedder = TextEmbedder.of(
                model,
                Math.min(s.eval().maxLength(), model.config().maxPositions()),
                s.eval().batchSize());
        return embedder::embed;
    }

    /** The start model's configuration and tokenizer (and, when it has them, its weights). */
    static EncoderModel template(StageSettings s, Configuration hc) throws IOException {
        switch (s.model().init()) {
            case PRETRAINED:
                return PretrainedModels.load(builtInName(s.model().name()));
            case HUGGINGFACE:
                return HfModelDirectory.read(s.model().path(), hc);
            case RANDOM: {
                EncoderModel tokenizerSource =
                        PretrainedModels.load(builtInName(s.model().name()));
                ModelSettings.RandomEncoderShape r = s.model().random();
                BertConfig config = BertConfig.of(
                        r.layers(), r.hiddenSize(), r.heads(), r.intermediateSize(), r.vocabSize(), r.maxPositions());
                ComputationGraph graph = BertEncoderFactory.build(
                        config, s.train().maxLength(), DataType.FLOAT, s.train().seed());
                return new EncoderModel(
                        config,
                        BertWeights.fromGraph(graph, config, Map.of()),
                        tokenizerSource.tokenizerJson(),
                        tokenizerSource.vocabTxt(),
                        tokenizerSource.lowercase());
            }
            case CHECKPOINT: {
                String uri = CheckpointStore.resolve(s.model().path(), hc);
                try {
                    return CheckpointEncoderDescription.read(uri, hc);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("model.path: " + e.getMessage());
                }
            }
            default:
                throw new IllegalStateException(
                        "unknown model.init " + s.model().init());
        }
    }

    private static String builtInName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!PretrainedModels.isBuiltIn(lower)) {
            throw new ConfigurationException("model.name=" + name + " is not a built-in model; built-in: "
                    + PretrainedModels.names() + " (use model.init=huggingface with model.path for a directory)");
        }
        return lower;
    }

    /** Gradient-cached step with the configured loss; AdamW with warm-up and linear decay over the stage. */
    static final class ContrastiveSteps implements TrainingStepFactory {

        @Override
        public void configureOptimizer(ComputationGraph graph, StageSettings s, long totalSteps) {
            long warmup = Math.min(s.train().warmupSteps(), Math.max(0, totalSteps - 1));
            new AdamW(
                            new WarmupLinearDecaySchedule(s.train().learningRate(), warmup, totalSteps),
                            0.9,
                            0.999,
                            1e-8,
                            s.train().weightDecay())
                    .configure(graph);
        }

        @Override
        public TrainingStep create(StageSettings s, long totalSteps) {
            return new GradientCachedTrainingStep(
                    LossRegistry.create(s.train().loss().spec()),
                    s.train().chunkSize(),
                    s.train().seed(),
                    s.train().maxGradNorm());
        }
    }
}
