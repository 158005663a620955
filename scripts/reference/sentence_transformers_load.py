#!/usr/bin/env python3
"""Loads an exported model directory with sentence-transformers, unchanged, and compares its embeddings with ours.

  sentence_transformers_load.py MODEL_DIR TEXTS_FILE OUR_VECTORS_FILE

TEXTS_FILE: one text per line; OUR_VECTORS_FILE: `scripts/gte embed --normalize` output for the same lines (one
vector per line, space separated). Prints the loaded module chain, max |difference|, the minimum cosine and
`RESULT ...`; exits 1 when max |difference| > 1e-4 or a cosine < 0.99999 (the encoder parity bounds).
"""
import sys

import numpy as np
from sentence_transformers import SentenceTransformer


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    model_dir, texts_file, ours_file = sys.argv[1:]
    texts = open(texts_file, encoding="utf-8").read().split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    ours = np.loadtxt(ours_file, dtype=np.float64, ndmin=2)
    if ours.shape[0] != len(texts):
        sys.exit(f"{ours_file}: {ours.shape[0]} vectors for {len(texts)} texts")
    model = SentenceTransformer(model_dir, device="cpu")
    print("loaded:", " -> ".join(type(m).__name__ for m in model), "max_seq_length", model.max_seq_length)
    theirs = model.encode(texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True).astype(np.float64)
    ours = ours / np.linalg.norm(ours, axis=1, keepdims=True)
    diff = float(np.max(np.abs(theirs - ours)))
    cos = float(np.min(np.sum(theirs * ours, axis=1)))
    lengths = [len(model.tokenizer(t)["input_ids"]) for t in texts]
    print(f"RESULT texts={len(texts)} tokens_min={min(lengths)} tokens_max={max(lengths)} "
          f"max_abs_diff={diff:.3e} min_cosine={cos:.8f}")
    sys.exit(0 if diff <= 1e-4 and cos >= 0.99999 else 1)


if __name__ == "__main__":
    main()
