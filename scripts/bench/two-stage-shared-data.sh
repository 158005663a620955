#!/usr/bin/env bash
# A real two-stage run on the data sets in ../shared/data, from all-MiniLM-L6-v2, with evaluation before and
# after each stage (docs/benchmarks.md, "Two-stage run on the shared data"):
#
#   stage 1 (pre-training, in-batch negatives): Debian package descriptions (synopsis -> description), the beer
#           Stack Exchange dump (title -> body, question -> answer), PubMedQA questions -> abstracts (entries 500..999)
#   stage 2 (fine-tuning, hard negatives):      SNLI dev + test triplets (premise, entailed, contradicted)
#   evaluation: STS Benchmark dev (all 1500 pairs, Spearman) and PubMedQA nDCG@10 on the 500 held-out questions
#               over their 500 abstracts (entries 0..499: never seen in training)
#
# Both corpora are decontaminated against STS Benchmark dev. Runs on Spark local[*] with the local file system.
#
#   scripts/bench/two-stage-shared-data.sh [WORK_DIR]              (default: target/two-stage-shared-data)
#
# Environment (defaults in brackets): PRE_STEPS [12], FT_STEPS [8], PRE_BATCH [32] and FT_BATCH [32] pairs per
# contrastive batch, PRE_MAX_LENGTH [96], FT_MAX_LENGTH [48], CHUNK [16], WORKERS [2], AVERAGING [2],
# PRE_LR [2e-5], FT_LR [2e-5], EVAL_MAX_LENGTH [256]. Prints the evaluation lines of both stages, the wall time
# and the load average as Markdown for docs/benchmarks.md; the last line is model=PATH.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/spark-home.sh
source "$REPO/scripts/lib/spark-home.sh"
SHARED="${GTE_SHARED_DATA:-$REPO/../shared/data}"
[ -d "$SHARED" ] || gte_die "no shared data at $SHARED (set GTE_SHARED_DATA)"
SHARED="$(cd "$SHARED" && pwd)"
work="${1:-$REPO/target/two-stage-shared-data}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

pre_steps="${PRE_STEPS:-12}"
ft_steps="${FT_STEPS:-8}"
pre_batch="${PRE_BATCH:-32}"
ft_batch="${FT_BATCH:-32}"
pre_len="${PRE_MAX_LENGTH:-96}"
ft_len="${FT_MAX_LENGTH:-48}"
chunk="${CHUNK:-16}"
workers="${WORKERS:-2}"
averaging="${AVERAGING:-2}"
held_out=500

export GTE_HOME="$REPO"
export GTE_SPARK_MASTER="${GTE_SPARK_MASTER:-local[*]}"
gte_ensure_jar data-prep "$REPO/data-prep/target/gte-data-prep.jar"
gte_ensure_jar spark-job "$REPO/spark-job/target/gte-spark-job.jar"

start=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
step() { echo "== two-stage: $* ($(( $(date +%s) - start )) s)" >&2; }

step "converting ../shared/data (PubMedQA entries 0..$((held_out - 1)) held out for evaluation)"
rm -rf "$work/input" "$work/eval" "$work/corpus" "$work/runs"
/usr/bin/env python3 "$REPO/scripts/lib/convert-shared-data.py" "$SHARED" "$work/input" --pubmedqa-from "$held_out"
"$REPO/scripts/gte" convert-pubmedqa --input "$SHARED/pubmedqa/ori_pqal.json" --output "$work/eval/pubmedqa-$held_out" \
  --queries "$held_out" --corpus-size "$held_out" >&2
sts_dev="$SHARED/stsb/sts-dev.csv"
decontam="decontamination.sets=[{name=stsb-dev, path=\"$sts_dev\", columns=[5,6]}]"

step "preparing the pre-training corpus (Debian, Stack Exchange, PubMedQA)"
"$REPO/scripts/prepare-corpus" \
  --source "debian=tsv:$work/input/debian-descriptions.tsv.gz#header=true,query=synopsis,doc=description" \
  --source "beer=stackexchange:$work/input/stackexchange-beer-Posts.xml.gz" \
  --source "pubmedqa=jsonl:$work/input/pubmedqa.jsonl.gz" \
  --output "$work/corpus/pretrain" --batch-size "$pre_batch" --seed 42 --max-length "$pre_len" \
  "target-pairs=$((pre_batch * pre_steps * workers))" max-negatives=0 decontamination.enabled=true "$decontam" >&2
step "preparing the fine-tuning corpus (SNLI triplets, contradiction as hard negative)"
"$REPO/scripts/prepare-corpus" \
  --source "snli=jsonl:$work/input/snli.jsonl.gz" \
  --output "$work/corpus/finetune" --batch-size "$ft_batch" --seed 42 --max-length "$ft_len" \
  "target-pairs=$((ft_batch * ft_steps * workers))" max-negatives=1 require-negatives=true \
  decontamination.enabled=true "$decontam" >&2

common=("train.workers=$workers" "train.averaging-frequency=$averaging" "train.chunk-size=$chunk"
        "eval.sts-dev=$sts_dev" "eval.retrieval=$work/eval/pubmedqa-$held_out" "eval.interval-steps=0"
        "eval.max-queries=0" "eval.max-sts-pairs=0" "eval.max-length=${EVAL_MAX_LENGTH:-256}"
        "checkpoint.interval-steps=0" "checkpoint.keep-last=2")
step "pre-training from all-MiniLM-L6-v2 ($pre_steps steps x $workers workers x $pre_batch pairs)"
"$REPO/scripts/train-stage" --conf "$REPO/conf/pretrain.conf" "data.uri=$work/corpus/pretrain" \
  "output.uri=$work/runs/pretrain" "train.steps=$pre_steps" "train.warmup-steps=$(( (pre_steps + 9) / 10 ))" \
  "train.max-length=$pre_len" "train.learning-rate=${PRE_LR:-2e-5}" "${common[@]}" >&2
step "fine-tuning with hard negatives ($ft_steps steps x $workers workers x $ft_batch pairs)"
"$REPO/scripts/train-stage" --conf "$REPO/conf/finetune.conf" "model.path=$work/runs/pretrain" \
  "data.uri=$work/corpus/finetune" "output.uri=$work/runs/finetune" "train.steps=$ft_steps" \
  "train.warmup-steps=$(( (ft_steps + 9) / 10 ))" "train.max-length=$ft_len" "train.learning-rate=${FT_LR:-2e-5}" \
  "${common[@]}" >&2
step "done"

end=$(date +%s)
echo "command: $0 $work (PRE_STEPS=$pre_steps FT_STEPS=$ft_steps PRE_BATCH=$pre_batch FT_BATCH=$ft_batch PRE_MAX_LENGTH=$pre_len FT_MAX_LENGTH=$ft_len CHUNK=$chunk WORKERS=$workers AVERAGING=$averaging)"
echo "wall: $((end - start)) s, $(date -u -d @"$start" '+%Y-%m-%d %H:%M')-$(date -u -d @"$end" '+%H:%M') UTC, load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in pretrain finetune; do
  echo "corpus $s: $(python3 -c "import json,sys;m=json.load(open(sys.argv[1]));print({k:v for k,v in m.items() if isinstance(v,(int,float,str)) and k!='config'})" "$work/corpus/$s/manifest.json" 2>/dev/null || echo "see $work/corpus/$s/manifest.json")"
done
echo "evaluation lines (runs/finetune/metrics.jsonl carries both stages):"
grep -h '"type":"eval"' "$work/runs/finetune/metrics.jsonl" | sed 's/^/  /' || true
echo "chart: $work/runs/finetune/training-chart.png"
echo "model=$work/runs/finetune/model"
