#!/usr/bin/env bash
# The cost per step of train.matryoshka-dims = [384, 256, 128, 64] (issue #16): the gradient-cached training step of
# the all-MiniLM-L6-v2 shape with the improved contrastive loss, alone and inside MatryoshkaLoss, alternated in one
# JVM (MatryoshkaStepCostBenchmark), so the ratio holds on a shared machine.
# Needs compiled test classes of spark-job (this script runs mvn -o test-compile).
# Usage: scripts/bench/matryoshka_step_cost.sh [L] [batch] [rounds] [steps per round] [chunk]   (defaults 64 32 6 2 16)
# env THREADS (2): OMP_NUM_THREADS; GTE_ND4J_VARIANT: the ND4J native build (auto).
set -euo pipefail
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OMP_NUM_THREADS="${THREADS:-2}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cp_file="$(mktemp)"
(cd "$repo" && mvn -q -o -pl spark-job -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" \
   -Dmdep.includeScope=test >/dev/null)
cp="$repo/spark-job/target/test-classes:$repo/spark-job/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx4g -cp "$cp" \
  io.github.gtespark.train.step.bench.MatryoshkaStepCostBenchmark "${1:-64}" "${2:-32}" "${3:-6}" "${4:-2}" "${5:-16}" \
  2>/dev/null | grep -E '^(RESULT|ROUND|# ND4J)'
