#!/usr/bin/env bash
# Training-step throughput, every batch padded to L vs dynamic padding (each input of a batch padded to its longest
# sequence, rounded up to a multiple of 8: train.dynamic-padding), on real texts, both in the same run, alternating
# step by step: STS Benchmark train pairs (short sentences, CoSENT) and Debian package synopsis -> description
# (short queries, long documents truncated to L, improved contrastive loss). Real all-MiniLM-L6-v2 weights, float,
# dropout 0.1, gradient-cached step, AdamW.
# Needs compiled test classes of spark-job (cd <repo> && mvn -o -q -pl spark-job -am test-compile) and the shared data
# folder (default ../shared/data relative to the repository).
# Usage: scripts/bench/dynamic_padding_throughput.sh [steps] [batch] [chunk]
#   (env: CORPORA="sts debian" L=128 MULTIPLE=8 THREADS=2 SHARED_DATA=... GTE_ND4J_VARIANT=auto)
set -euo pipefail
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
module="${MODULE_DIR:-$repo/spark-job}"
steps="${1:-3}"
batch="${2:-32}"
chunk="${3:-16}"
threads="${THREADS:-2}"
shared="${SHARED_DATA:-$repo/../shared/data}"
export OMP_NUM_THREADS="$threads"
# shellcheck source=../lib/bench-classpath.sh
source "$repo/scripts/lib/bench-classpath.sh"
cp="$(spark_job_test_classpath "$repo" "$module")"
for corpus in ${CORPORA:-sts debian}; do
  echo "# $(date -u +%FT%TZ) corpus=$corpus L=${L:-128} batch=$batch chunk=$chunk threads=$threads load: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx4g -cp "$cp" \
    io.github.gtespark.train.step.bench.DynamicPaddingThroughputBenchmark "$corpus" "$shared" "$batch" "$steps" "$chunk" "${L:-128}" "${MULTIPLE:-8}" 2>/dev/null \
    | grep -E '^(RESULT|# )' || echo "dynamic padding benchmark $corpus failed"
done
