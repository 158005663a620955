#!/usr/bin/env bash
# Scaling benchmark of the corpus-preparation job: inputs of 1x, 4x and 16x the 61,485 Debian descriptions of
# ../shared/data, with realistic variation (scripts/lib/scale-debian-corpus.py: 85 % distinct spliced pairs, 5 %
# exact and 10 % near duplicates at every scale), decontaminated against STS Benchmark dev; runs
# scripts/prepare-corpus on each and prints one Markdown table: per step and scale pairs in/out, wall s, task-CPU s,
# CPU-us per pair (task CPU / pairs into the step) and its ratio to the smallest scale's.
#
#   scripts/bench/prepare-corpus-scaling.sh [OUT_DIR] [key=value ...]   (default OUT_DIR: target/bench-prepare-scaling)
#
# Environment: GTE_BENCH_SCALES (default "1 4 16"), GTE_DRIVER_MEMORY (default here 4g: local mode, the driver JVM
# is also the executor), GTE_SHARED_DATA (default ../shared/data). Inputs are generated once per scale
# (deterministic, kept in OUT_DIR/xS/input). Each run's log, manifest and GNU time output stay in OUT_DIR/xS;
# extra key=value arguments go to every run (e.g. partitions=8). Run the heavy parts with nice on shared machines:
#   nice -n 19 scripts/bench/prepare-corpus-scaling.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${GTE_SHARED_DATA:-$REPO/../shared/data}"
OUT="${1:-$REPO/target/bench-prepare-scaling}"
[ $# -gt 0 ] && shift
SCALES="${GTE_BENCH_SCALES:-1 4 16}"
export GTE_DRIVER_MEMORY="${GTE_DRIVER_MEMORY:-4g}"
[ -d "$SHARED" ] || { echo "prepare-corpus-scaling: no shared data at $SHARED" >&2; exit 1; }
SHARED="$(cd "$SHARED" && pwd)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
GEN="$REPO/scripts/lib/scale-debian-corpus.py"

for S in $SCALES; do
  RUN="$OUT/x$S"
  DATA="$RUN/input"
  STAMP="$(sha1sum "$GEN" | cut -c1-12) scale=$S seed=42"
  if [ "$(cat "$DATA/.stamp" 2>/dev/null)" != "$STAMP" ]; then
    python3 "$GEN" "$SHARED" "$DATA" --scale "$S" --seed 42
    echo "$STAMP" > "$DATA/.stamp"
  fi
  CMD=(scripts/prepare-corpus
    --source "debian=tsv:$DATA/debian-scaled-*.tsv.gz#header=true,query=synopsis,doc=description"
    --output "$RUN/corpus" --batch-size 32 --seed 42 --max-length 128 max-negatives=1
    decontamination.enabled=true
    "decontamination.sets=[{name=stsb-dev, path=\"$SHARED/stsb/sts-dev.csv\", columns=[5,6]}]"
    "$@")
  echo "${CMD[*]}" > "$RUN/command.txt"
  cut -d' ' -f1-3 /proc/loadavg > "$RUN/load-before.txt"
  TIME=()
  [ -x /usr/bin/time ] && TIME=(/usr/bin/time -v -o "$RUN/time.txt")
  START=$(date +%s.%N)
  (cd "$REPO" && "${TIME[@]}" "${CMD[@]}") > "$RUN/run.log" 2>&1 || { tail -40 "$RUN/run.log" >&2; exit 1; }
  END=$(date +%s.%N)
  echo "$START $END" > "$RUN/clock.txt"
  cut -d' ' -f1-3 /proc/loadavg > "$RUN/load-after.txt"
  python3 "$GEN" --check "$DATA" "$RUN/corpus" > "$RUN/dedup-check.md"
  grep ' step ' "$RUN/run.log" | sed "s/^/x$S /" >&2 || true
done

# shellcheck disable=SC2086
python3 "$REPO/scripts/lib/bench-scaling-report.py" "$OUT" $SCALES
