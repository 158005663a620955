# shellcheck shell=bash
# Sourced by scripts/test-cluster after the corpus checks (needs its variables and functions). Defines
# training_checks: pre-training and fine-tuning on the standalone cluster with 2 executors, checkpoints and the
# export on hdfs://, the training faults, and the export evaluated with scripts/gte eval-sts.
#
#   pre-training   2 steps (tiny batches of 8 pairs, 48 tokens), final checkpoint only; an executor is SIGKILLed
#                  after step 1: the stage must still reach step 2/2
#   fine-tuning    2 steps from the pre-training run, a checkpoint after every step, keep-last 1, twice with the same
#                  configuration: (1) the reference, uninterrupted, submitted with scripts/train-stage
#                  --deploy-mode cluster (driver on a worker, configuration staged to hdfs://; a local output.uri
#                  is refused first); (2) in client mode, the driver JVM SIGKILLed while it writes the step-2
#                  checkpoint (the NameNode's log shows a block of the hidden temporary directory's model.zip
#                  being allocated), then --resume: it must load step 1, finish 2/2 and remove the leftover; its
#                  step-2 parameters must equal the reference's to 1e-6 (scripts/gte compare-models)
#   export         model/ on hdfs:// evaluates with scripts/gte eval-sts

TRAIN_OPTS="--conf spark.executor.cores=1 --conf spark.cores.max=2 --conf spark.executor.memory=1500m
  --conf spark.hadoop.dfs.replication=1 --conf spark.task.maxFailures=4 --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE"
TRAIN_COMMON=("train.max-length=48" "train.workers=2" "train.averaging-frequency=1" "train.chunk-size=8"
              "train.warmup-steps=1" "eval.sts-dev=" "eval.retrieval=" "eval.interval-steps=0" "checkpoint.keep-last=2")

train_stage_bg() {  # NAME LOG ARGS...: scripts/train-stage in the background on the test cluster
  local name="$1" log="$2"
  shift 2
  run_bg "$name" "$log" env GTE_DRIVER_MEMORY=2g GTE_SPARK_SUBMIT_OPTS="$TRAIN_OPTS" GTE_JOB_JAR="$TRAIN_JAR" \
    "$REPO/scripts/train-stage" "$@"
}

# checkpoints URI: the published step-* checkpoint directories that have a _SUCCESS marker
checkpoints_with_marker() {
  hdfs_fs -ls -R "$1/checkpoints" | awk '{print $NF}' | grep -E '/step-[0-9]{10}/_SUCCESS$' | sed 's|/_SUCCESS$||' | sort
}

training_checks() {
  local t rc ck n victim

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

  # ---- fine-tuning: reference run in cluster deploy mode ----
  # One configuration for the reference run and the interrupted one (only output.uri differs): 2 steps, a
  # checkpoint after every step, keep-last 1, the seed of conf/finetune.conf.
  local ft_args=(--conf "$REPO/conf/finetune.conf" "model.path=$FS/runs/pretrain" "data.uri=$FS/corpus/finetune"
                 "${TRAIN_COMMON[@]}" "train.steps=2" "checkpoint.interval-steps=1" "checkpoint.keep-last=1")
  say "scripts/train-stage --deploy-mode cluster with a local output.uri: refused before submission"
  if run_job finetune-local "$LOGS/train-cluster-mode-local-output.log" env GTE_SPARK_SUBMIT_OPTS="$TRAIN_OPTS" GTE_JOB_JAR="$TRAIN_JAR" \
       "$REPO/scripts/train-stage" --deploy-mode cluster "${ft_args[@]}" "output.uri=file:$CT_WORK/runs/local"; then
    fail "cluster deploy mode with a local output.uri" "was submitted"
  elif grep -q 'not on a shared file system' "$LOGS/train-cluster-mode-local-output.log" \
       && grep -q 'nothing submitted' "$LOGS/train-cluster-mode-local-output.log"; then
    pass "train-stage --deploy-mode cluster with output.uri=file:... refused with a clear message, nothing submitted"
  else
    fail "cluster deploy mode with a local output.uri" "$(tail -n 3 "$LOGS/train-cluster-mode-local-output.log")"
  fi

  say "fine-tuning reference run (uninterrupted), scripts/train-stage --deploy-mode cluster on the standalone master"
  t=$(date +%s)
  local ref="$FS/runs/finetune-ref" driver ddir
  if run_job finetune-ref "$LOGS/train-finetune-reference.log" env GTE_DRIVER_MEMORY=2g GTE_DRIVER_TIMEOUT=900 \
       GTE_SPARK_SUBMIT_OPTS="$TRAIN_OPTS" GTE_JOB_JAR="$TRAIN_JAR" "$REPO/scripts/train-stage" --deploy-mode cluster \
       "${ft_args[@]}" "output.uri=$ref" && tail -n1 "$LOGS/train-finetune-reference.log" | grep -q -E '^driver driver-[0-9-]+ FINISHED$'; then
    pass "train-stage --deploy-mode cluster: $(tail -n1 "$LOGS/train-finetune-reference.log") ($(( $(date +%s) - t )) s)"
  else
    fail "train-stage --deploy-mode cluster" "$(tail -n 5 "$LOGS/train-finetune-reference.log")"
  fi
  driver="$(tail -n1 "$LOGS/train-finetune-reference.log" | grep -o -E 'driver-[0-9]+-[0-9]+' || true)"
  ddir="$(find "$CT_SPARK_DIR/work" -mindepth 2 -maxdepth 2 -type d -name "${driver:-none}" 2>/dev/null | head -n1)"
  local staged
  staged="$(grep -o 'configuration staged at .*' "$LOGS/train-finetune-reference.log" | sed 's/^configuration staged at //')"
  if [ -n "$ddir" ] && [ -n "$staged" ] && grep -q -F "configuration: $staged" "$ddir/stderr" \
     && grep -q '\[finetune\] step 2/2' "$ddir/stderr" && hdfs_fs -test -f "$staged"; then
    pass "the driver ran on a worker ($(basename "$(dirname "$ddir")")) and read its configuration from the staged copy $staged"
  else
    fail "cluster-mode driver configuration" "driver dir '${ddir:-none}', staged '${staged:-none}'; $(grep -E 'configuration|error' "${ddir:-/dev/null}/stderr" 2>/dev/null | tail -n 2)"
  fi
  ck="$(checkpoints_with_marker "$ref" | xargs -n1 basename | tr '\n' ' ')"
  if [ "$ck" = "step-0000000002 " ]; then pass "reference run checkpoints on hdfs: $ck(keep-last 1)"; else fail "reference run checkpoints" "found: $ck"; fi

  # ---- the same fine-tuning, driver SIGKILLed in the middle of its step-2 checkpoint write, then --resume ----
  say "fine-tuning again (client mode): the driver SIGKILLed while it writes the step-2 checkpoint, then --resume"
  t=$(date +%s)
  local run="$FS/runs/finetune" ckdir=/runs/finetune/checkpoints tmpdir="" killed="" waited=0 pid
  train_stage_bg finetune "$LOGS/train-finetune.log" "${ft_args[@]}" "output.uri=$run"
  local nnlog="$CT_HDFS_DIR/logs/namenode.log" alloc
  if wait_for_line "$LOGS/train-finetune.log" '\[finetune\] step 2/2' 900 finetune; then
    pid="$(cat "$CT_WORK/pids/finetune.pid")"
    # the step-2 checkpoint (the stage's last) is written right after the round: a hidden .step-0000000002.tmp-*
    # directory, then model.zip (MiniLM with its AdamW state, 10-20 s on the single DataNode) in it. The NameNode
    # logs every block it allocates: kill the driver JVM as soon as the first block of that model.zip is allocated.
    while alive "$CT_WORK/pids/finetune.pid" && [ "$waited" -lt 3000 ]; do
      alloc="$(grep -m1 -E "BLOCK\* allocate .* for $ckdir/\.step-0000000002\.tmp-[^/]+/model\.zip" "$nnlog" || true)"
      if [ -n "$alloc" ]; then
        grep -q -a TrainStageJob "/proc/$pid/cmdline" 2>/dev/null && killed="$pid"
        kill -KILL -- "-$pid" 2>/dev/null || killed=""
        tmpdir="$(echo "$alloc" | grep -o -E '\.step-0000000002\.tmp-[^/]+')"
        break
      fi
      sleep 0.1; waited=$((waited + 1))
    done
  fi
  wait_bg finetune
  local partial=""
  [ -n "$tmpdir" ] && partial="$(hdfs_fs -ls "$run/checkpoints/$tmpdir" | awk '/^-/ {n = split($NF, a, "/"); printf "%s (%s bytes) ", a[n], $5}')"
  if [ -n "$killed" ] && [ -n "$tmpdir" ] && echo "$partial" | grep -q 'model.zip' && ! echo "$partial" | grep -q _SUCCESS \
     && ! grep -q -E "completeFile: $ckdir/$tmpdir/model\.zip" "$nnlog"; then
    pass "driver JVM (pid $killed, TrainStageJob) SIGKILLed while writing the step-2 checkpoint: $tmpdir left with ${partial}never completed, no _SUCCESS"
  else
    fail "driver kill during the checkpoint write" "killed '${killed}', temp dir '${tmpdir:-none seen}', contents: ${partial:-none}"
  fi
  ck="$(checkpoints_with_marker "$run" | xargs -n1 basename | tr '\n' ' ')"
  if [ "$ck" = "step-0000000001 " ]; then pass "after the crash the newest published checkpoint is the previous one: $ck"; else fail "checkpoints after the crash" "found: $ck"; fi
  # executors of the killed application are removed by the master once the driver is gone
  waited=0
  while [ -n "$(executor_pids)" ] && [ "$waited" -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
  train_stage_bg finetune "$LOGS/train-finetune-resume.log" "${ft_args[@]}" "output.uri=$run" --resume
  wait_bg finetune; rc=$?
  if [ "$rc" -eq 0 ] && grep -q 'resuming from .*/step-0000000001 at step 1/2' "$LOGS/train-finetune-resume.log" \
     && grep -q '\[finetune\] step 2/2' "$LOGS/train-finetune-resume.log"; then
    pass "--resume loaded the previous checkpoint (step 1) past the crashed write and finished 2/2 ($(( $(date +%s) - t )) s)"
  else
    fail "fine-tuning --resume" "exit $rc; $(grep -E 'resuming|training (failed|stopped)|ERROR' "$LOGS/train-finetune-resume.log" | tail -n 3)"
  fi
  ck="$(checkpoints_with_marker "$run" | xargs -n1 basename | tr '\n' ' ')"
  if [ "$ck" = "step-0000000002 " ]; then pass "fine-tuning checkpoints on hdfs: $ck(keep-last 1 removed step 1)"; else fail "fine-tuning checkpoints" "found: $ck"; fi
  if [ -n "$tmpdir" ] && hdfs_fs -test -e "$run/checkpoints/$tmpdir"; then
    fail "the crashed write's leftover $tmpdir is still there"
  elif [ -n "$tmpdir" ]; then
    pass "the crashed write's leftover $tmpdir was removed by the next save"
  fi

  # ---- resumed == uninterrupted ----
  if [ -z "$killed" ] || [ "$rc" -ne 0 ]; then
    fail "resumed vs uninterrupted final parameters" "not compared: the crash or the resume did not happen"
  elif run_job compare "$LOGS/compare-models.log" "$REPO/scripts/gte" compare-models \
       --a "$ref/checkpoints/step-0000000002" --b "$run/checkpoints/step-0000000002"; then
    local pdiff udiff
    pdiff="$(grep -o -E '^parameters=[0-9]+ max_abs_diff=[^ ]+' "$LOGS/compare-models.log" | sed 's/.*max_abs_diff=//')"
    udiff="$(grep -o -E '^updater_state=[0-9]+ max_abs_diff=[^ ]+' "$LOGS/compare-models.log" | sed 's/.*max_abs_diff=//')"
    if [ -n "$pdiff" ] && python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 1e-6 else 1)' "$pdiff"; then
      pass "resumed run's final parameters equal the uninterrupted run's: max |diff| $pdiff (<= 1e-6; AdamW state: $udiff)"
    else
      fail "resumed vs uninterrupted final parameters" "max |diff| ${pdiff:-none} > 1e-6 (AdamW state: ${udiff:-none})"
    fi
  else
    fail "gte compare-models" "$(tail -n 3 "$LOGS/compare-models.log")"
  fi

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
