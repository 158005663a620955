#!/usr/bin/env python3
"""Independent NumPy check of a scripts/mine-negatives run made with dump-vectors=true.

    python3 scripts/reference/mining_reference.py OUTPUT_DIR

Reads OUTPUT_DIR/vectors/{pool,queries}/part-*.jsonl (the unit vectors the job searched), manifest.json (the
settings), part-*.jsonl and exclusions/part-*.jsonl (what the job decided). For every query it recomputes, with
NumPy and without any of the job's code: every pool cosine (float64 products of the float32 vectors, rounded to
float32: the job's definition), the full ranking (cosine descending, ties by text in Java String order = UTF-16
code units), the positives' pool ranks and the consistency decision, the candidates (pool minus P and texts whose
lower-cased form equals one of P's), the window (range-min counting candidates or eligible candidates, as the
manifest says), the margin / max-score eligibility, and the top or random
selection (SplitMix64 seeded with seed XOR FNV-1a-64(query), partial Fisher-Yates, as documented in
SeededSampler). Prints how many queries match exactly (negatives, their ranks, kept positives, inconsistent
positives with ranks, no-negative) and exits 1 on any mismatch. Also reports the top-k agreement of a plain
float32 GEMM brute force (what the NumPy benchmark uses) with the exact ranking.
"""
import glob
import json
import os
import sys

import numpy as np

MASK = (1 << 64) - 1


def lines(directory):
    for path in sorted(glob.glob(os.path.join(directory, "part-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def splitmix(state):
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def sample(n, k, seed, query):
    take = min(k, n)
    a = list(range(n))
    state = (seed & MASK) ^ fnv1a64(query)
    for i in range(take):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        j = i + splitmix(state) % (n - i)
        a[i], a[j] = a[j], a[i]
    return sorted(a[:take])


def java_key(s):
    return s.encode("utf-16-be")


def main():
    out = sys.argv[1]
    manifest = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
    st = manifest["settings"]
    num, rmin, rmax = st["num_negatives"], st["range_min"], st["range_max"]
    # manifests written before range-min-counts existed counted candidates
    count_eligible = st.get("range_min_counts", "candidates") == "eligible"
    absm, relm, maxs = st["absolute_margin"], st["relative_margin"], st["max_score"]
    k = st["consistency_top_k"] or 0
    rand = st["sampling"] == "random"
    seed = st["seed"]

    pool = list(lines(os.path.join(out, "vectors", "pool")))
    texts = [d["text"] for d in pool]
    assert [d["id"] for d in pool] == list(range(len(pool)))
    assert sorted(texts, key=java_key) == texts, "pool ids are not in text order"
    D = np.asarray([d["vector"] for d in pool], dtype=np.float32)
    lower = [t.lower() for t in texts]
    queries = list(lines(os.path.join(out, "vectors", "queries")))
    Q = np.asarray([q["vector"] for q in queries], dtype=np.float32)
    S = (Q.astype(np.float64) @ D.astype(np.float64).T).astype(np.float32)  # exact cosines, as the job defines them
    S32 = Q @ D.T  # plain float32 GEMM
    rows = {}
    for r in lines(out):
        rows[r["query"]] = r
    excl = {}
    for e in lines(os.path.join(out, "exclusions")):
        if e.get("query") is not None:
            excl.setdefault(e["query"], []).append(e)

    text_rank = np.arange(len(texts))  # ids are text order
    matched = mismatched = with_row = inconsistent_pairs = 0
    gemm_topk_same = 0
    for qi, q in enumerate(queries):
        s = S[qi]
        order = np.lexsort((text_rank, -s.astype(np.float64)))
        depth = rmax + len(q["positive_ids"])
        gemm_order = np.lexsort((text_rank, -S32[qi].astype(np.float64)))
        gemm_topk_same += int(np.array_equal(order[:depth], gemm_order[:depth]))
        pids = q["positive_ids"]
        kept, inconsistent = [], {}
        for p in pids:
            above = int(np.sum(s > s[p])) + int(np.sum((s == s[p]) & (text_rank < p)))
            if k == 0 or above + 1 <= k:
                kept.append(p)
            else:
                inconsistent[texts[p]] = above + 1
        neg, ranks = [], []
        if kept:
            m = float(min(s[p] for p in kept))
            limit = float("inf")
            if absm is not None:
                limit = min(limit, m - absm)
            if relm is not None:
                limit = min(limit, (1 - relm) * m)
            if maxs is not None:
                limit = min(limit, maxs)
            ptexts = {texts[p] for p in pids}
            plower = {lower[p] for p in pids}
            window, wrank, rank, skipped = [], [], 0, 0
            for d in order:
                if texts[d] in ptexts or lower[d] in plower:
                    continue
                rank += 1
                if rank > rmax:
                    break
                if not count_eligible and rank <= rmin:
                    continue
                if float(s[d]) <= limit:
                    if count_eligible and skipped < rmin:
                        skipped += 1
                        continue
                    window.append(int(d))
                    wrank.append(rank)
            chosen = sample(len(window), num, seed, q["query"]) if rand else list(range(min(num, len(window))))
            neg = [texts[window[i]] for i in chosen]
            ranks = [wrank[i] for i in chosen]
        row = rows.get(q["query"])
        got_inc = {e["pos"]: e["rank"] for e in excl.get(q["query"], []) if e["reason"] == "inconsistent"}
        got_nn = any(e["reason"] == "no-negative" for e in excl.get(q["query"], []))
        ok = (row is None) == (not neg) and got_inc == inconsistent and got_nn == (bool(kept) and not neg)
        if row is not None:
            ok = ok and row["neg"] == neg and row["neg_rank"] == ranks \
                 and row["pos"] == sorted((texts[p] for p in kept), key=java_key)
        matched += ok
        mismatched += not ok
        with_row += row is not None
        inconsistent_pairs += len(got_inc)
        if not ok and mismatched <= 3:
            print("MISMATCH", q["query"][:80], "expected", neg, ranks, inconsistent, "got", row, got_inc, file=sys.stderr)
    print(f"queries={len(queries)} pool={len(texts)} matched={matched} mismatched={mismatched} rows={with_row} "
          f"inconsistent_pairs={inconsistent_pairs} float32_gemm_same_top{rmax}+P={gemm_topk_same}/{len(queries)}")
    sys.exit(1 if mismatched else 0)


if __name__ == "__main__":
    main()
