#!/usr/bin/env bash
# Encoder inference throughput: our DL4J encoder graph (TextEmbedder's forward pass) vs ONNX Runtime for Java on the
# same all-MiniLM-L6-v2 ONNX file, in one JVM interleaved batch by batch, batch 32 (env BATCH), identical padded token ids; STS-B dev
# sentences (short) and PubMedQA contexts (long, truncated at 256 tokens). Prints per-round rates, medians, ratios,
# the load average and the max |diff| of the embeddings (exit 1 if they disagree).
# Compiles spark-job and its test classes first (mvn -o -pl spark-job -am test-compile: core resolves from the reactor,
# it is not installed in ~/.m2).
# Usage: scripts/bench/encoder_inference.sh [rounds=5] [warmup=1] [sts_sentences=320] [pubmed_contexts=64] \
#          [profile_batches=0]   (env: GTE_SHARED_DATA, default <repo>/../shared/data)
# env BATCH: sentences per batch (default 32).
# env GTE_ND4J_VARIANT: the ND4J native build (auto = AVX-512 + oneDNN where the CPU has it, generic, ...).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
module="$repo/spark-job"
data="${GTE_SHARED_DATA:-$(cd "$repo/.." && pwd)/shared/data}"
# shellcheck source=../lib/bench-classpath.sh
source "$repo/scripts/lib/bench-classpath.sh"
cp="$(spark_job_test_classpath "$repo" "$module")"
# 2 cores: both engines get 2 threads; passive OpenMP waiting so ND4J's idle threads do not spin while ORT runs
export OMP_WAIT_POLICY=PASSIVE
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
exec java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Dgte.bench.batch="${BATCH:-32}" -Xmx3g -Dgte.shared.data="$data" -cp "$cp" io.github.gtespark.bench.EncoderInferenceBench \
  "${1:-5}" "${2:-1}" "${3:-320}" "${4:-64}" "${5:-0}"
