/**
 * The BERT sentence encoder on DL4J: configuration ({@link io.github.gtespark.model.BertConfig}), the
 * {@code ComputationGraph} ({@link io.github.gtespark.model.BertEncoderFactory}, custom layers in
 * {@code .layers}), weights under Hugging Face names ({@link io.github.gtespark.model.BertWeights}), ONNX import
 * ({@code .onnx}), Hugging Face / sentence-transformers directories and safetensors ({@code .hf}), built-in models
 * ({@link io.github.gtespark.model.PretrainedModels}) and inference ({@link io.github.gtespark.model.TextEmbedder}).
 *
 * <h2>Training with the graph (gradient caching)</h2>
 * <pre>
 *   graph.setLayerMaskArrays(new INDArray[] {mask}, null);            // [b, L], 1 = real token
 *   Nd4j.getRandom().setSeed(chunkSeed);                              // same seed in both passes of a chunk
 *   INDArray emb = graph.feedForward(new INDArray[] {ids}, true, false).get("embedding");
 *   Gradient g = graph.backpropGradient(dLossDEmbedding);             // fills graph.getGradientsViewArray()
 *   graph.clearLayerMaskArrays();
 * </pre>
 * The transformer layers compute their backward pass analytically (no SameDiff, so no 2x gradient issue) and
 * recompute their forward pass from the stored layer input. Dropout is active only when {@code train == true}:
 * every layer draws one seed from {@code Nd4j.getRandom()} (thread-local) per training forward pass and regenerates
 * the identical masks in its backward pass, so seeding {@code Nd4j.getRandom()} before a forward pass fixes all
 * dropout masks of that pass. The gradient view is overwritten by each {@code backpropGradient} call: accumulate
 * per-chunk gradients yourself. Any sequence length up to {@code maxPositions} works with the same graph.
 */
package io.github.gtespark.model;
