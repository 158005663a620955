#!/usr/bin/env bash
# Synchronisation of one averaging round (issue #17, docs/scaling.md): the driver broadcasts parameters + AdamW
# state, each worker task reads the broadcast into its pooled graph and hands its parameters + state back, Spark
# serialises them, PartitionOrderedSum sums them in partition order and the master averages them into the driver's
# graph. Measured on a local Spark standalone cluster through the training job's own classes
# (io.github.gtespark.train.AveragingSyncBench), with a training step that computes nothing (SyncOnlyStep), so a round
# is its synchronisation.
#
#   scripts/bench/averaging_sync.sh OUT_DIR
#
# For each model size in SIZES and worker count in WORKER_COUNTS: one Spark application of ROUNDS averaging rounds
# (the first is a warm-up: flagged in the output, left out by the cost model), W workers (= partitions) on
# min(W, max executors of the size) executors of 1 core each (the other workers' tasks queue on them). Then the
# VARIANTS, all for MiniLM: depth1 and depth3 (aggregation depth 1 and 3 at 8 workers; at 4 workers depths 1, 2 and 3
# build the same tree: the driver adds all 4 partials), nocompress (spark.broadcast.compress=false, 4 workers) and
# kryo (spark.serializer=KryoSerializer with the test registrator TrainingKryoRegistrator, 4 workers).
# Output: OUT_DIR/rounds.jsonl (one line per round, one "memory" line per application: peak resident memory of the
# driver and of each executor), OUT_DIR/apps.tsv (wall time and exit status per application), OUT_DIR/logs/, and
# the cost model's fit and projections (scripts/bench/averaging_cost_model.py): OUT_DIR/cost-model.txt,
# OUT_DIR/scaling-tables.md.
#
# Environment:
#   SIZES ("minilm small33m base110m"; "" for none), WORKER_COUNTS ("1 2 4 8"), ROUNDS (6),
#   VARIANTS ("depth1 depth3 nocompress kryo"; "" or "none" for none)
#   MAX_EXECUTORS_<SIZE>: executors of a size (default 2; base110m 1: memory), the cluster has the largest of them
#   DRIVER_HEAP_<SIZE>, EXECUTOR_HEAP_<SIZE>: JVM heaps per size (defaults below; ND4J's native arrays come on top)
#   SYNC_SPARK_PORT (27177), SYNC_SPARK_UI_PORT (28180): the cluster's master ports
#   BANDWIDTH_GBPS (25): the network the cost model projects to
#   MEMORY_WAIT (900): seconds to wait before an application for the memory it may take (its heaps plus ND4J's
#   native copies, see need_gb) to be available (MemAvailable); an application that never gets it is skipped
#   OOM_SCORE_ADJ (1000): every process of this run (cluster, drivers, executors) is the kernel's first choice when
#   the machine runs out of memory, not the other jobs on it
# Starts exactly one cluster (a master and one 1-core worker per executor, under OUT_DIR/cluster) and stops it and
# every process it started on exit, also on failure or Ctrl-C. Run it on a machine without other large jobs (memory:
# docs/scaling.md).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GTE_REPO="$REPO"
# shellcheck source=../lib/spark-home.sh
source "$REPO/scripts/lib/spark-home.sh"
# shellcheck source=../lib/processes.sh
source "$REPO/scripts/lib/processes.sh"

OUT="${1:?usage: scripts/bench/averaging_sync.sh OUT_DIR}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SIZES="${SIZES-minilm small33m base110m}"
WORKER_COUNTS="${WORKER_COUNTS-1 2 4 8}"
ROUNDS="${ROUNDS:-6}"
VARIANTS="${VARIANTS-depth1 depth3 nocompress kryo}"
[ "$VARIANTS" = none ] && VARIANTS=""
PORT="${SYNC_SPARK_PORT:-27177}"
UI_PORT="${SYNC_SPARK_UI_PORT:-28180}"
MASTER="spark://127.0.0.1:$PORT"
CLUSTER="$OUT/cluster"
LOGS="$OUT/logs"
mkdir -p "$LOGS" "$OUT/local"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1
# inherited by everything started from here: if memory runs out, the kernel ends this run's processes first
echo "${OOM_SCORE_ADJ:-1000}" > /proc/self/oom_score_adj 2>/dev/null \
  || echo "averaging_sync: cannot set oom_score_adj; other jobs are not protected from this run's memory" >&2
if [ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MODULE_OPTS="$(tr '\n' ' ' < "$REPO/scripts/lib/spark-jvm-options.txt")"

# The encoder of each size, as a training stage's keys, and its heaps. Per copy of parameters + AdamW state (12 bytes
# per parameter): MiniLM 271 MB, small 33M 398 MB, base 110M 1.31 GB. An executor holds its pooled graph (parameters,
# gradients, 2 AdamW moments: 4/3 copy), the broadcast value (1 copy, native), a partial it serialises or adds
# (1-2 copies, native) and serialised bytes on its heap (broadcast pieces, the persisted level, a task result on its
# way to the driver: up to ~3 copies); the driver the same on its side.
preset() {
  case "$1" in
    minilm) echo "model.init=pretrained model.name=all-minilm-l6-v2" ;;
    small33m) echo "model.init=random model.random.hidden-size=384 model.random.layers=12 model.random.heads=12 model.random.intermediate-size=1536" ;;
    base110m) echo "model.init=random model.random.hidden-size=768 model.random.layers=12 model.random.heads=12 model.random.intermediate-size=3072" ;;
    *) echo "averaging_sync: unknown size $1 (minilm, small33m, base110m)" >&2; exit 2 ;;
  esac
}
heap() {  # heap KIND SIZE
  local var="${1}_HEAP_$(echo "$2" | tr '[:lower:]' '[:upper:]')"
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  case "$1/$2" in
    DRIVER/minilm) echo 4g ;;     EXECUTOR/minilm) echo 3g ;;
    DRIVER/small33m) echo 5g ;;   EXECUTOR/small33m) echo 4g ;;
    # 110M: 3 serialised copies of its 1.31 GB state sit on each heap during a pull; 6g / 5g and a 4g driver ran
    # out of heap in every round (docs/scaling.md, "Measured")
    DRIVER/base110m) echo 7g ;;   EXECUTOR/base110m) echo 6g ;;
  esac
}
gb() { echo "${1%g}"; }
# ND4J allocates through JavaCPP, which refuses native memory beyond org.bytedeco.javacpp.maxbytes (default: the
# maximum heap) and a process size beyond maxphysicalbytes: a 110M JVM holds ~4.4 GB of native arrays (graph with
# gradients and AdamW moments, broadcast value, a partial), more than its heap
native_opts() {  # native_opts SIZE
  case "$1" in
    base110m) echo "-Dorg.bytedeco.javacpp.maxbytes=7g -Dorg.bytedeco.javacpp.maxphysicalbytes=14g" ;;
    *) echo "" ;;
  esac
}
# GB an application may take (an upper bound): the full heaps, plus per JVM ~3.3 copies of parameters + AdamW state
# in native arrays (graph with gradients and moments 1.33, the broadcast value or the running sum 1, a partial 1)
copy_gb() { case "$1" in minilm) echo 0.27 ;; small33m) echo 0.40 ;; base110m) echo 1.31 ;; esac; }
need_gb() {  # need_gb SIZE EXECUTORS
  awk -v d="$(gb "$(heap DRIVER "$1")")" -v e="$(gb "$(heap EXECUTOR "$1")")" -v n="$2" -v c="$(copy_gb "$1")" \
    'BEGIN { printf "%d", d + n * e + (n + 1) * 3.3 * c + 1 }'
}
available_gb() { awk '/^MemAvailable:/ { printf "%d", $2 / 1048576 }' /proc/meminfo; }
max_executors() {  # max_executors SIZE
  local var="MAX_EXECUTORS_$(echo "$1" | tr '[:lower:]' '[:upper:]')"
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  case "$1" in base110m) echo 1 ;; *) echo 2 ;; esac
}
USED_SIZES="$SIZES"
[ -n "$VARIANTS" ] && USED_SIZES="$USED_SIZES minilm"

# --- classes: compiled once, copied, so that a rebuild in the repository while this runs changes nothing ---------
echo "== $(date -u +%FT%TZ) building (mvn -o test-compile) and copying the classes to $OUT/classes"
(cd "$REPO" && mvn -B -q -o -pl spark-job -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT/dependencies.txt" -Dmdep.includeScope=test >&2)
rm -rf "$OUT/classes"
mkdir -p "$OUT/classes"
cp -r "$REPO/spark-job/target/classes" "$OUT/classes/spark-job"
cp -r "$REPO/spark-job/target/test-classes" "$OUT/classes/spark-job-test"
CP="$OUT/classes/spark-job-test:$OUT/classes/spark-job"
for entry in $(tr ':' ' ' < "$OUT/dependencies.txt"); do
  case "$entry" in
    "$REPO"/*/target/classes)
      module="$(basename "$(dirname "$(dirname "$entry")")")"
      cp -r "$entry" "$OUT/classes/$module"
      CP="$CP:$OUT/classes/$module" ;;
    *) CP="$CP:$entry" ;;
  esac
done
SPARK_HOME="$(gte_spark_home)"
export SPARK_HOME

# --- the cluster ------------------------------------------------------------------------------------------------
DRIVER_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$DRIVER_PID" ] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill -TERM "$DRIVER_PID" 2>/dev/null || true
    sleep 5
    kill -KILL "$DRIVER_PID" 2>/dev/null || true
  fi
  SPARK_MASTER_PORT="$PORT" SPARK_MASTER_WEBUI_PORT="$UI_PORT" \
    "$REPO/scripts/cluster/spark" stop --dir "$CLUSTER" >/dev/null 2>&1 || true
  local left="" waited=0 pid cwd
  while :; do
    left=""
    for pid in $(pgrep -f -- CoarseGrainedExecutorBackend 2>/dev/null || true); do
      cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
      case "$cwd" in "$CLUSTER"/*) left="$left $pid" ;; esac
    done
    [ -z "$left" ] && break
    [ "$waited" -ge 30 ] && break
    sleep 1; waited=$((waited + 1))
  done
  if [ -n "$left" ]; then
    echo "averaging_sync: executors of this run still alive:$left" >&2
    for pid in $left; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  echo "== $(date -u +%FT%TZ) cluster stopped${left:+ (executors killed:$left)}"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for p in "$PORT" "$UI_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "averaging_sync: port $p is in use (another cluster?); set SYNC_SPARK_PORT / SYNC_SPARK_UI_PORT" >&2
    exit 1
  fi
done
worker_mem=1
workers=1
for size in $USED_SIZES; do
  h="$(gb "$(heap EXECUTOR "$size")")"
  [ "$h" -ge "$worker_mem" ] && worker_mem="$h"
  h="$(max_executors "$size")"
  [ "$h" -ge "$workers" ] && workers="$h"
done
echo "== $(date -u +%FT%TZ) starting a standalone cluster: $workers workers x 1 core, ${worker_mem}g each ($MASTER)"
SPARK_MASTER_PORT="$PORT" SPARK_MASTER_WEBUI_PORT="$UI_PORT" \
  "$REPO/scripts/cluster/spark" start --dir "$CLUSTER" --workers "$workers" --cores 1 \
  --memory "${worker_mem}g" > "$LOGS/cluster-start.log" 2>&1 \
  || { echo "averaging_sync: cluster start failed; $LOGS/cluster-start.log" >&2; tail -5 "$LOGS/cluster-start.log" >&2; exit 1; }

# --- one application per setting -------------------------------------------------------------------------------
FAILED=0
run_app() {  # run_app LABEL SIZE WORKERS DEPTH [-Dspark.x=y ...]
  local label="$1" size="$2" w="$3" depth="$4"
  shift 4
  local m e dh eh start rc need waited=0 nat executor_opts=()
  m="$(max_executors "$size")"
  e=$(( w < m ? w : m ))
  dh="$(heap DRIVER "$size")"
  eh="$(heap EXECUTOR "$size")"
  nat="$(native_opts "$size")"
  [ -n "$nat" ] && executor_opts=("-Dspark.executor.extraJavaOptions=$nat")
  need="$(need_gb "$size" "$e")"
  while [ "$(available_gb)" -lt "$need" ]; do
    if [ "$waited" -ge "${MEMORY_WAIT:-900}" ]; then
      echo "== $label: SKIPPED, needs ~${need} GB, $(available_gb) GB available after ${waited} s" >&2
      printf '%s\t%s\t%s\t%s\t%s\t%d\t%s\n' "$label" "$size" "$w" "$depth" "$*" 0 "skipped: memory" >> "$OUT/apps.tsv"
      FAILED=$((FAILED + 1))
      return 0
    fi
    [ "$waited" -eq 0 ] && echo "== $label: waiting for ~${need} GB of memory ($(available_gb) GB available)"
    sleep 10; waited=$((waited + 10))
  done
  start=$(date +%s)
  echo "== $(date -u +%FT%TZ) $label: $size, $w workers on $e executors, depth $depth, $ROUNDS rounds $* (load $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2046,SC2086
  "$JAVA" -Xmx"$dh" $MODULE_OPTS $nat -Djava.awt.headless=true \
    -Dspark.master="$MASTER" -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -Dspark.executor.cores=1 -Dspark.cores.max="$e" -Dspark.executor.memory="$eh" \
    -Dspark.executor.extraClassPath="$CP" ${executor_opts[@]+"${executor_opts[@]}"} \
    -Dspark.local.dir="$OUT/local" "$@" \
    -cp "$CP" io.github.gtespark.train.AveragingSyncBench --label "$label" --model "$size" --workers "$w" \
    --executors "$e" --rounds "$ROUNDS" --depth "$depth" --out "$OUT/rounds.jsonl" --work-dir "$OUT/work" \
    $(preset "$size") > "$LOGS/$label.out" 2> "$LOGS/$label.log" &
  DRIVER_PID=$!
  rc=0
  wait "$DRIVER_PID" || rc=$?
  DRIVER_PID=""
  grep -E '^(round|# )' "$LOGS/$label.out" | sed 's/^/   /' || true
  printf '%s\t%s\t%s\t%s\t%s\t%d\t%d\n' "$label" "$size" "$w" "$depth" "$*" "$(( $(date +%s) - start ))" "$rc" \
    >> "$OUT/apps.tsv"
  if [ "$rc" -ne 0 ]; then
    FAILED=$((FAILED + 1))
    echo "   FAILED (exit $rc): $LOGS/$label.log" >&2
    grep -m3 -E 'Exception|Error' "$LOGS/$label.log" | sed 's/^/   /' >&2 || true
  fi
  rm -rf "$OUT/work"
}

[ -f "$OUT/apps.tsv" ] || printf 'label\tsize\tworkers\tdepth\tspark settings\tseconds\texit\n' > "$OUT/apps.tsv"
T0=$(date +%s)
for size in $SIZES; do
  for w in $WORKER_COUNTS; do
    run_app "$size-w$w" "$size" "$w" 2
  done
done
for v in $VARIANTS; do
  case "$v" in
    depth1) run_app minilm-w8-depth1 minilm 8 1 ;;
    depth3) run_app minilm-w8-depth3 minilm 8 3 ;;
    nocompress) run_app minilm-w4-nocompress minilm 4 2 -Dspark.broadcast.compress=false ;;
    # the training path runs with Kryo only with a registrator for plain INDArrays and records (TrainingKryoRegistrator)
    kryo) run_app minilm-w4-kryo minilm 4 2 -Dspark.serializer=org.apache.spark.serializer.KryoSerializer \
            -Dspark.kryo.registrator=io.github.gtespark.train.TrainingKryoRegistrator ;;
    *) echo "averaging_sync: unknown variant $v (depth1 depth3 nocompress kryo)" >&2; FAILED=$((FAILED + 1)) ;;
  esac
done
echo "== $(date -u +%FT%TZ) applications done in $(( $(date +%s) - T0 )) s, $FAILED failed"

if [ -s "$OUT/rounds.jsonl" ]; then
  /usr/bin/python3 "$REPO/scripts/bench/averaging_cost_model.py" "$OUT/rounds.jsonl" \
    --bandwidth-gbps "${BANDWIDTH_GBPS:-25}" --markdown "$OUT/scaling-tables.md" | tee "$OUT/cost-model.txt"
fi
[ "$FAILED" -eq 0 ]
