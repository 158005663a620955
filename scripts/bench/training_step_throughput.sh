#!/usr/bin/env bash
# Training-step throughput of the all-MiniLM-L6-v2 shape: DL4J gradient-cached step, DL4J plain step (no caching),
# and PyTorch (Debian python3-torch, OpenBLAS, 2 threads) in the same run, for L in {64,128} x batch in {32,64}.
# Needs compiled test classes of spark-job (cd <repo> && mvn -o -q -pl spark-job -am test-compile) and
# /usr/bin/python3 with torch (apt-get install -y python3-torch libopenblas0-pthread).
# Usage: scripts/bench/training_step_throughput.sh [steps] [chunk]   (env: LENGTHS="64 128" BATCHES="32 64" THREADS=2)
# THREADS sets the thread count of all three (OMP_NUM_THREADS for ND4J/OpenBLAS, torch.set_num_threads). Every RESULT
# line also reports the process CPU time per step (less sensitive to other jobs on a shared machine than wall time).
# env GTE_ND4J_VARIANT: the ND4J native build (auto = AVX-512 + oneDNN where the CPU has it, generic, ...).
set -euo pipefail
# As the jobs run (scripts/lib/spark-submit.sh, surefire): OpenMP threads sleep instead of spinning between native
# ops. Without it the gradient-cached step, which alternates many small native ops with Java work, ran 1.8x slower.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
module="${MODULE_DIR:-$repo/spark-job}"
steps="${1:-2}"
chunk="${2:-32}"
threads="${THREADS:-2}"
export OMP_NUM_THREADS="$threads"
# shellcheck source=../lib/bench-classpath.sh
source "$repo/scripts/lib/bench-classpath.sh"
cp="$(spark_job_test_classpath "$repo" "$module")"
for L in ${LENGTHS:-64 128}; do
  for b in ${BATCHES:-32 64}; do
    echo "# $(date -u +%FT%TZ) L=$L batch=$b threads=$threads chunk=$chunk load: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx4g -cp "$cp" io.github.gtespark.train.step.bench.TrainingStepThroughputBenchmark "$L" "$b" "$steps" cached "$chunk" 2>/dev/null | grep -E '^(RESULT|# ND4J)' || echo "dl4j cached L=$L b=$b failed"
    java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx4g -cp "$cp" io.github.gtespark.train.step.bench.TrainingStepThroughputBenchmark "$L" "$b" "$steps" plain 2>/dev/null | grep -E '^(RESULT|# ND4J)' || echo "dl4j plain L=$L b=$b failed"
    /usr/bin/python3 "$repo/scripts/bench/torch_training_step.py" "$L" "$b" "$steps" "$threads" | grep '^RESULT'
  done
done
