#!/usr/bin/env bash
# Hard-negative mining benchmark: (1) scripts/mine-negatives on real data with dump-vectors=true: pool documents
# embedded per second and searched scores per second from its manifest; (2) the exact search alone on one core
# (OMP_NUM_THREADS=1), MiningSearchBench (BlockedTopKSearch) vs a NumPy float32 brute force (mining_numpy.py) on the
# same vectors (the run's, the pool tiled to DOCS rows), in the same run, and their ratio.
# Usage: scripts/bench/mining.sh [OUT=/tmp/mining-bench] [DOCS=65536] [QUERIES=2048] [ROUNDS=3]
# env INPUT (default: the Stack Exchange beer dump), MODEL (all-minilm-l6-v2), MAXLEN (512), DEPTH (100).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-/tmp/mining-bench}"; docs="${2:-65536}"; queries="${3:-2048}"; rounds="${4:-3}"
data="${GTE_SHARED_DATA:-$(cd "$repo/.." && pwd)/shared/data}"
input="${INPUT:-se=stackexchange:$data/stackexchange-beer/Posts.xml}"
depth="${DEPTH:-100}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
if [ ! -f "$out/_SUCCESS" ] || [ ! -d "$out/vectors" ]; then
  start=$(date +%s)
  "$repo/scripts/mine-negatives" --model "${MODEL:-all-minilm-l6-v2}" --input "$input" --output "$out" \
      --max-length "${MAXLEN:-512}" --consistency-top-k 2 dump-vectors=true | grep -v WARN | tail -n 4
  echo "mine-negatives wall time: $(( $(date +%s) - start )) s"
fi
python3 - "$out/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
t = m["timings_seconds"]
print(f"job: pool={m['pool_documents']} queries={m['queries']} rows={m['rows']} "
      f"embed_pool={t['embed_pool']:.1f}s ({m['pool_documents'] / t['embed_pool']:.2f} docs/s) "
      f"search={t['search']:.2f}s ({m['queries'] * m['pool_documents'] / t['search']:.3g} scores/s incl. Spark overhead) total={t['total']:.1f}s")
PY
# shellcheck source=../lib/bench-classpath.sh
source "$repo/scripts/lib/bench-classpath.sh"
cp="$(spark_job_test_classpath "$repo")"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
java_rate="$(java ${GTE_BENCH_JAVA_OPTS:-} -Dgte.nd4j.variant="${GTE_ND4J_VARIANT:-auto}" -Xmx3g -cp "$cp" io.github.gtespark.bench.MiningSearchBench \
  "$out/vectors" "$docs" "$queries" "$depth" 1024 8192 "$rounds" | grep -v "^\s*$" | tee /dev/stderr | sed -n 's/^java_scores_per_s=//p')"
numpy_rate="$(python3 "$repo/scripts/bench/mining_numpy.py" "$out/vectors" "$docs" "$queries" "$depth" 1024 "$rounds" \
  | tee /dev/stderr | sed -n 's/^numpy_scores_per_s=//p')"
python3 - "$java_rate" "$numpy_rate" <<'PY'
import sys
j, n = float(sys.argv[1]), float(sys.argv[2])
print(f"one core: java {j:.3g} scores/s, numpy {n:.3g} scores/s, ratio java/numpy = {j / n:.2f}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
