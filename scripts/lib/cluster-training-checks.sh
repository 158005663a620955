# shellcheck shell=bash
# Sourced by scripts/test-cluster after the corpus checks (needs its variables and functions). Defines
# training_checks: pre-training and fine-tuning on the standalone cluster with 2 executors, checkpoints and the
# export on hdfs://, the training faults, and the export evaluated with scripts/gte eval-sts.
#
#   pre-training   2 steps (tiny batches of 8 pairs, 48 tokens), final checkpoint only; an executor is SIGKILLed
#                  after step 1: the stage must still reach step 2/2
#   fine-tuning    3 steps from the pre-training run, a checkpoint every 2 steps, keep-last 2; the driver is
#                  SIGKILLed after the step-2 checkpoint, a crashed checkpoint write is left behind (hidden
#                  temporary directory, as a crash mid-save leaves it), then --resume must continue from step 2,
#                  finish step 3 and remove the leftover
#   export         model/ on hdfs:// evaluates with scripts/gte eval-sts

TRAIN_OPTS="--conf spark.executor.cores=1 --conf spark.cores.max=2 --conf spark.executor.memory=1500m
  --conf spark.hadoop.dfs.replication=1 --conf spark.task.maxFailures=4 --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE"
TRAIN_COMMON=("train.max-length=48" "train.workers=2" "train.averaging-frequency=1" "train.chunk-size=8"
              "train.warmup-steps=1" "eval.sts-dev=" "eval.retrieval=" "eval.interval-steps=0" "checkpoint.keep-last=2")

train_stage_bg() {  # NAME LOG ARGS...: scripts/train-stage in the background on the test cluster
  local name="$1" log="$2"
  shift 2
  run_bg "$name" "$log" env GTE_DRIVER_MEMORY=2g GTE_SPARK_SUBMIT_OPTS="$TRAIN_OPTS" \
    "$REPO/scripts/train-stage" "$@"
}

# checkpoints URI: the published step-* checkpoint directories that have a _SUCCESS marker
checkpoints_with_marker() {
  hdfs_fs -ls -R "$1/checkpoints" | awk '{print $NF}' | grep -E '/step-[0-9]{10}/_SUCCESS$' | sed 's|/_SUCCESS$||' | sort
}

training_checks() {
  local t rc ck n victim
  gte_ensure_jar spark-job "$TRAIN_JAR"

  say "fine-tuning corpus (hard negatives) on the cluster"
  # the first 600 lines of the demo corpus's SNLI triples (all 3074 would only cost time here)
  gzip -dc "$REPO/data-prep/demo-corpus/snli.jsonl.gz" | head -n 600 | gzip > "$CT_WORK/snli-600.jsonl.gz"
  hdfs_fs -put "$CT_WORK/snli-600.jsonl.gz" /test-input-snli-600.jsonl.gz
  if prepare_corpus_client_conf "$LOGS/corpus-finetune.log" "$REPO/conf/prepare-corpus-finetune.conf" \
       "output=$FS/corpus/finetune" "target-pairs=96" "partitions=2" \
       --source "snli=jsonl:$FS/test-input-snli-600.jsonl.gz#query=query,doc=pos,neg=neg" \
     && corpus_verify "$FS/corpus/finetune" > "$LOGS/verify-finetune.txt"; then
    pass "fine-tuning corpus on hdfs complete: $(head -n1 "$LOGS/verify-finetune.txt")"
  else
    fail "fine-tuning corpus" "$(tail -n 3 "$LOGS/corpus-finetune.log")"
  fi

  # ---- pre-training, executor killed after step 1 ----
  say "pre-training on the cluster (2 executors), an executor killed after step 1"
  t=$(date +%s)
  train_stage_bg pretrain "$LOGS/train-pretrain.log" --conf "$REPO/conf/pretrain.conf" \
    "data.uri=$FS/corpus/pretrain" "output.uri=$FS/runs/pretrain" "${TRAIN_COMMON[@]}" "train.steps=2" \
    "checkpoint.interval-steps=0"
  victim=""
  if wait_for_line "$LOGS/train-pretrain.log" '\[pretrain\] step 1/2' 900 pretrain; then
    victim="$(executor_pids | head -n1)"
    [ -n "$victim" ] && kill -KILL "$victim" && say "killed executor pid $victim"
  fi
  wait_bg pretrain; rc=$?
  if [ -n "$victim" ]; then pass "an executor was killed during pre-training (pid $victim, after step 1)"; else fail "executor kill during pre-training" "no step-1 line or no executor"; fi
  if [ "$rc" -eq 0 ] && grep -q '\[pretrain\] step 2/2' "$LOGS/train-pretrain.log"; then
    pass "pre-training completed 2/2 steps despite the executor kill ($(( $(date +%s) - t )) s)"
  else
    fail "pre-training" "exit $rc; $(grep -E 'training (failed|stopped)|ERROR' "$LOGS/train-pretrain.log" | tail -n 3)"
  fi
  ck="$(checkpoints_with_marker "$FS/runs/pretrain")"
  n="$(echo "$ck" | grep -c step- || true)"
  if [ "$n" -eq 1 ] && echo "$ck" | grep -q 'step-0000000002$'; then
    pass "pre-training checkpoint on hdfs: $(echo "$ck" | xargs -n1 basename) with _SUCCESS"
  else
    fail "pre-training checkpoints" "found: $ck"
  fi

  # ---- fine-tuning, driver killed, crashed checkpoint write, --resume ----
  say "fine-tuning: driver killed after its first checkpoint, then --resume"
  t=$(date +%s)
  local ft_args=(--conf "$REPO/conf/finetune.conf" "model.path=$FS/runs/pretrain" "data.uri=$FS/corpus/finetune"
                 "output.uri=$FS/runs/finetune" "${TRAIN_COMMON[@]}" "train.steps=3" "checkpoint.interval-steps=2")
  train_stage_bg finetune "$LOGS/train-finetune.log" "${ft_args[@]}"
  local killed=0
  if wait_for_line "$LOGS/train-finetune.log" '\[finetune\] step 2/3' 900 finetune; then
    # the checkpoint of step 2 is written right after the round; wait for its marker, then kill the driver JVM
    local waited=0
    until checkpoints_with_marker "$FS/runs/finetune" | grep -q step-; do
      sleep 1; waited=$((waited + 1)); [ "$waited" -ge 120 ] && break
    done
    kill -KILL -- "-$(cat "$CT_WORK/pids/finetune.pid")" 2>/dev/null && killed=1
  fi
  wait_bg finetune
  if [ "$killed" = 1 ]; then pass "fine-tuning driver killed (SIGKILL) after its step-2 checkpoint"; else fail "driver kill" "no step-2 checkpoint seen"; fi
  # executors of the killed application are removed by the master once the driver is gone
  local waited=0
  while [ -n "$(executor_pids)" ] && [ "$waited" -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
  ck="$(checkpoints_with_marker "$FS/runs/finetune" | tail -n1)"
  # what a crash in the middle of a checkpoint write leaves: a hidden temporary directory with a partial model
  local crashed="$FS/runs/finetune/checkpoints/.step-0000000099.tmp-crashed"
  hdfs_fs -mkdir -p "$crashed"
  head -c 1000 /dev/urandom > "$CT_WORK/partial-model.zip"
  hdfs_fs -put "$CT_WORK/partial-model.zip" "$crashed/model.zip"
  train_stage_bg finetune "$LOGS/train-finetune-resume.log" "${ft_args[@]}" --resume
  wait_bg finetune; rc=$?
  if [ "$rc" -eq 0 ] && grep -q "resuming from .*$(basename "${ck:-none}")" "$LOGS/train-finetune-resume.log" \
     && grep -q '\[finetune\] step 3/3' "$LOGS/train-finetune-resume.log"; then
    pass "--resume continued from $(basename "$ck") past the crashed checkpoint write and finished 3/3 ($(( $(date +%s) - t )) s)"
  else
    fail "fine-tuning --resume" "exit $rc; $(grep -E 'resuming|training (failed|stopped)|ERROR' "$LOGS/train-finetune-resume.log" | tail -n 3)"
  fi
  ck="$(checkpoints_with_marker "$FS/runs/finetune" | xargs -n1 basename | tr '\n' ' ')"
  if [ "$ck" = "step-0000000002 step-0000000003 " ]; then pass "fine-tuning checkpoints on hdfs: $ck(keep-last 2)"; else fail "fine-tuning checkpoints" "found: $ck"; fi
  if hdfs_fs -test -e "$crashed"; then fail "crashed checkpoint leftover still there"; else pass "the crashed checkpoint write's leftover was removed by the next save"; fi

  # ---- export on hdfs, evaluated ----
  local model
  model="$(grep -o 'model=.*' "$LOGS/train-finetune-resume.log" | tail -n1 | cut -d= -f2-)"
  model="${model:-$FS/runs/finetune/model}"
  if hdfs_fs -ls -R "$model" > "$LOGS/export-listing.txt" && [ -s "$LOGS/export-listing.txt" ]; then
    pass "export on hdfs: $model ($(grep -c '^-' "$LOGS/export-listing.txt") files)"
  else
    fail "export on hdfs" "$model not listed"
  fi
  if run_job eval "$LOGS/eval-sts.log" "$REPO/scripts/gte" eval-sts --model "$model" \
       --data "$REPO/spark-job/demo-eval/stsb-dev-500.tsv" && tail -n1 "$LOGS/eval-sts.log" | grep -q -E '^spearman=[0-9.-]+$'; then
    pass "scripts/gte eval-sts on the hdfs export: $(tail -n1 "$LOGS/eval-sts.log")"
  else
    fail "eval-sts on the export" "$(tail -n 3 "$LOGS/eval-sts.log")"
  fi
}
