#!/usr/bin/env python3
"""NumPy brute-force top-k on the vectors of a dump-vectors=true mining run, tiled like MiningSearchBench.

    python3 scripts/bench/mining_numpy.py VECTOR_DIR docs queries depth query_chunk rounds

float32 GEMM per chunk of queries against the whole tiled pool, np.argpartition for the depth best, a sort of
those: the usual NumPy exact search. Prints numpy_scores_per_s=... (best of rounds). Thread count: whatever
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS say (scripts/bench/mining.sh sets 1: rates per core).
"""
import glob
import json
import os
import sys
import time

import numpy as np


def read(d):
    rows = []
    for p in sorted(glob.glob(os.path.join(d, "part-*.jsonl"))):
        with open(p, encoding="utf-8") as f:
            rows.extend(json.loads(line)["vector"] for line in f if line.strip())
    return np.asarray(rows, dtype=np.float32)


def main():
    vdir, docs, queries, depth, chunk, rounds = sys.argv[1], *map(int, sys.argv[2:7])
    pool, qs = read(os.path.join(vdir, "pool")), read(os.path.join(vdir, "queries"))
    D = np.ascontiguousarray(pool[np.arange(docs) % len(pool)])
    Q = np.ascontiguousarray(qs[np.arange(queries) % len(qs)])
    best = 0.0
    for r in range(rounds):
        t0 = time.perf_counter()
        checksum = 0
        for a in range(0, queries, chunk):
            s = Q[a:a + chunk] @ D.T
            top = np.argpartition(-s, depth - 1, axis=1)[:, :depth]
            order = np.argsort(-np.take_along_axis(s, top, axis=1), axis=1, kind="stable")
            top = np.take_along_axis(top, order, axis=1)
            checksum += int(top[0, 0])
        sec = time.perf_counter() - t0
        rate = queries * docs / sec
        best = max(best, rate)
        print(f"round {r}: {queries} x {docs} scores in {sec:.2f} s: {rate:.3g} scores/s (checksum {checksum})")
    print(f"numpy_scores_per_s={best:.4g}")


if __name__ == "__main__":
    main()
