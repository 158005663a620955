#!/usr/bin/env bash
# Checks that `SentenceTransformer(path)` (the Python library, unchanged) loads a model directory exported by this
# project and returns the embeddings our encoder computes (max |difference| <= 1e-4, cosine >= 0.99999), on the
# first 300 STS Benchmark dev pairs (600 sentences of mixed length, so padding is exercised).
#
#   scripts/reference/sentence-transformers-load.sh MODEL_DIR [WORK_DIR]
#
# MODEL_DIR: an export (e.g. the `model=` line of scripts/run-demo). Needs the shared data beside the repository
# (GTE_SHARED_DATA) and Python with sentence-transformers: ST_PYTHON if set, else a virtualenv made in
# WORK_DIR/venv with the pinned versions below (pip must reach an index or a wheel directory that has them).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:?usage: scripts/reference/sentence-transformers-load.sh MODEL_DIR [WORK_DIR]}"
work="${2:-$REPO/target/sentence-transformers-load}"
shared="${GTE_SHARED_DATA:-$REPO/../shared/data}"
mkdir -p "$work"
py="${ST_PYTHON:-}"
if [ -z "$py" ]; then
  py="$work/venv/bin/python"
  if ! "$py" -c 'import sentence_transformers' 2>/dev/null; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q 'torch==2.13.0+cpu' 'sentence-transformers==6.0.1' 'transformers==5.18.0'
  fi
fi
awk -F'\t' 'NR <= 300 { print $6; print $7 }' "$shared/stsb/sts-dev.csv" > "$work/texts.txt"
"$REPO/scripts/gte" embed --model "$model" --input "$work/texts.txt" --output "$work/ours.txt" --normalize --max-length 512
"$py" "$REPO/scripts/reference/sentence_transformers_load.py" "$model" "$work/texts.txt" "$work/ours.txt"
