package io.github.gtespark.train;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
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
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import io.github.gtespark.train.step.TrainingStep;
import io.github.gtespark.train.step.WarmupLinearDecaySchedule;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The production wiring of a stage: the BERT encoder of the model module (built-in pretrained, Hugging Face
 * directory, checkpoint or random), the gradient-cached improved contrastive loss step with AdamW and warm-up +
 * linear decay, the Hugging Face / sentence-transformers exporter and the STS / retrieval evaluator.
 *
 * <p>Every checkpoint also stores the encoder's description ({@code encoder/config.json}, tokenizer files,
 * lowercase flag: {@link CheckpointEncoderDescription}), so that a later stage started from it can export and evaluate without the original model.
 */
public final class ProductionComponents {

    private ProductionComponents() {
    }

    public static StageComponents forStage(StageSettings s, Configuration hc) throws IOException {
        EncoderModel template = template(s, hc);
        EncoderFactory encoders = new EncoderFactory() {
            @Override
            public ComputationGraph create(StageSettings settings, Configuration hadoopConf) {
                if (settings.modelInit() == StageSettings.ModelInit.RANDOM) {
                    return BertEncoderFactory.build(template.config(), settings.maxLength(), DataType.FLOAT,
                            settings.seed());
                }
                return template.toGraph(DataType.FLOAT, settings.maxLength());
            }

            @Override
            public ComputationGraph fromCheckpoint(ComputationGraph graph, StageSettings settings) {
                // rebuilt for this stage's sequence length, without the previous stage's optimizer configuration
                return template.withGraph(graph).toGraph(DataType.FLOAT, settings.maxLength());
            }
        };
        ModelExporter exporter = (graph, dirUri, hadoopConf) ->
                HfModelDirectory.write(template.withGraph(graph), dirUri, hadoopConf);
        ModelEvaluator evaluator = null;
        if (!s.stsDevUri().isBlank() || !s.retrievalUri().isBlank()) {
            evaluator = new EmbeddingBenchmarkEvaluator(graph -> encoderOf(template.withGraph(graph), s),
                    s.stsDevUri(), s.retrievalUri(), s.evalMaxQueries(), s.evalMaxStsPairs(), s.evalBatchSize(),
                    "max-length=" + Math.min(s.evalMaxLength(), template.config().maxPositions())
                            + " lowercase=" + template.lowercase()
                            + " model-config=" + Integer.toHexString(template.config().toHfConfigJson().hashCode()));
        }
        return new StageComponents(encoders, new ContrastiveSteps(), exporter, evaluator, CheckpointEncoderDescription.of(template));
    }

    private static SentenceEncoder encoderOf(EncoderModel model, StageSettings s) {
        TextEmbedder embedder = TextEmbedder.of(model, Math.min(s.evalMaxLength(), model.config().maxPositions()),
                s.evalBatchSize());
        return embedder::embed;
    }

    /** The start model's configuration and tokenizer (and, when it has them, its weights). */
    static EncoderModel template(StageSettings s, Configuration hc) throws IOException {
        switch (s.modelInit()) {
            case PRETRAINED:
                return PretrainedModels.load(builtInName(s.modelName()));
            case HUGGINGFACE:
                return HfModelDirectory.read(s.modelPath(), hc);
            case RANDOM: {
                EncoderModel tokenizerSource = PretrainedModels.load(builtInName(s.modelName()));
                StageSettings.RandomEncoderShape r = s.randomShape();
                BertConfig config = BertConfig.of(r.layers(), r.hiddenSize(), r.heads(), r.intermediateSize(),
                        r.vocabSize(), r.maxPositions());
                ComputationGraph graph = BertEncoderFactory.build(config, s.maxLength(), DataType.FLOAT, s.seed());
                return new EncoderModel(config, BertWeights.fromGraph(graph, config, Map.of()),
                        tokenizerSource.tokenizerJson(), tokenizerSource.vocabTxt(), tokenizerSource.lowercase());
            }
            case CHECKPOINT: {
                String uri = CheckpointStore.resolve(s.modelPath(), hc);
                try {
                    return CheckpointEncoderDescription.read(uri, hc);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("model.path: " + e.getMessage());
                }
            }
            default:
                throw new IllegalStateException("unknown model.init " + s.modelInit());
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

    /** Gradient-cached improved contrastive loss step; AdamW with warm-up and linear decay over the stage. */
    static final class ContrastiveSteps implements TrainingStepFactory {

        @Override
        public void configureOptimizer(ComputationGraph graph, StageSettings s, long totalSteps) {
            long warmup = Math.min(s.warmupSteps(), Math.max(0, totalSteps - 1));
            new AdamW(new WarmupLinearDecaySchedule(s.learningRate(), warmup, totalSteps), 0.9, 0.999, 1e-8,
                    s.weightDecay()).configure(graph);
        }

        @Override
        public TrainingStep create(StageSettings s, long totalSteps) {
            return new GradientCachedTrainingStep(new ImprovedContrastiveLoss(s.tau(), false), s.chunkSize(), s.seed(),
                    s.maxGradNorm());
        }
    }
}
