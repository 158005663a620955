#!/usr/bin/env bash
# The cost per step of train.matryoshka-dims = [384, 256, 128, 64] (issue #16): the gradient-cached training step of
# the all-MiniLM-L6-v2 shape with the improved contrastive loss, alone and inside MatryoshkaLoss, alternated in one
# JVM (MatryoshkaStepCostBenchmark), so the ratio holds on a shared machine.
# Compiles spark-job's test classes first (scripts/lib/bench-classpath.sh; GTE_MVN_OFFLINE=1: mvn -o).
# Usage: scripts/bench/matryoshka_step_cost.sh [L] [batch] [rounds] [steps per round] [chunk]   (defaults 64 32 6 2 16)
# env THREADS (2): OMP_NUM_THREADS; GTE_ND4J_VARIANT: the ND4J native build (auto).
set -euo pipefail
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OMP_NUM_THREADS="${THREADS:-2}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../lib/bench-classpath.sh
source "$repo/scripts/lib/bench-classpath.sh"
cp="$(spark_job_test_classpath "$repo")"
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx4g -cp "$cp" \
  io.github.gtespark.train.step.bench.MatryoshkaStepCostBenchmark "${1:-64}" "${2:-32}" "${3:-6}" "${4:-2}" "${5:-16}" \
  2>/dev/null | grep -E '^(RESULT|ROUND|# ND4J)'
