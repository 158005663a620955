#!/usr/bin/env bash
# Peak memory of gradient-cached training at N=256 (1 and 16 steps) and N=4096 (1 step) pairs, chunk c=64, small BERT encoder (float),
# each in its own JVM, cold (the measured step is the JVM's first) and warm (after 4 steps of N=256, as in a running job). Needs compiled test classes of spark-job:
#   cd <repo> && mvn -o -q -pl spark-job -am test-compile
# Usage: scripts/bench/gradient_cache_memory.sh [steps: same for every run; default 1, 16, 1] [extra args: layers hidden heads intermediate seqLen]
# env GC_WINDOW_MS=1000 (default) enables ND4J's occasional GC (see GradientCache); GC_WINDOW_MS= (empty) disables it.
# env GTE_ND4J_VARIANT: the ND4J native build (auto = AVX-512 + oneDNN where the CPU has it, generic, ...).
set -euo pipefail
# As the jobs run (scripts/lib/spark-submit.sh, surefire): OpenMP threads sleep instead of spinning between native
# ops. Without it the gradient-cached step, which alternates many small native ops with Java work, ran 1.8x slower.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
module="${MODULE_DIR:-$repo/spark-job}"
steps="${1:-}"; shift || true
# shellcheck source=../lib/bench-classpath.sh
source "$repo/scripts/lib/bench-classpath.sh"
cp="$(spark_job_test_classpath "$repo" "$module")"
# N=256 twice: one step (as N=4096), and 16 steps = the same 4096 pairs of work. Resident memory also grows with
# run time (garbage awaiting a GC, Java heap pages touched as eden fills, JIT compiler arenas, native heap
# fragmentation), so the equal-work run and the warm runs (4 steps of N=256 first, in both) are the ones that isolate
# what the batch size N adds.
for run in "256 1 0" "256 16 0" "4096 1 0" "256 1 4" "4096 1 4"; do
  read -r n run_steps warmup <<<"$run"
  [ -z "$steps" ] || run_steps=$steps
  gc_flag=()
  if [ -n "${GC_WINDOW_MS-1000}" ]; then gc_flag=("-Dgte.bench.gcWindowMs=${GC_WINDOW_MS-1000}"); fi
  java -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx512m "${gc_flag[@]}" -Dgte.bench.warmupSteps="$warmup" -cp "$cp" io.github.gtespark.train.step.bench.GradientCacheMemoryBenchmark "$n" 64 "$run_steps" "$@" 2>/dev/null \
    | grep -E '^(RESULT|# ND4J)' || echo "N=$n failed (rerun the java command without 2>/dev/null to see why)"
done
