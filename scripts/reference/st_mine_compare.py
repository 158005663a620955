#!/usr/bin/env python3
"""Runs sentence-transformers' mine_hard_negatives on the pairs a scripts/mine-negatives run mined, with the settings
that make its rules coincide with the job's, and compares the two per query. Not part of CI.

    python3 scripts/reference/st_mine_compare.py --pairs PAIRS.jsonl --job-output OUT --model ST_MODEL_DIR
        [--texts cleaned|raw] [--cache-dir DIR] [--batch-size 32] [--threads N] [--tolerance 1e-4]
        [--query-prompt P] [--corpus-prompt P] [--report FILE.json] [--show N]

PAIRS.jsonl: {"query": str, "pos": [str, ...]} lines, the job's only --input (jsonl, query=query, doc=pos).
OUT: the job's output directory (manifest.json for the settings, part-*.jsonl, exclusions/). ST_MODEL_DIR: the
same model as a sentence-transformers directory (e.g. an export of the job's start model); the job's max-length
becomes its max_seq_length. --texts cleaned (default) gives the library the texts the job mined (the pairs cleaned
as the job cleans them: a port of TextCleaner, checked against the job's rows), so the rules are compared;
--texts raw gives it the pairs as they are, as a user of the library would, and shows what the job's cleaning
changes (compared on cleaned forms).

Settings translation (sentence-transformers 6.0.1, sentence_transformers/util/hard_negatives.py):
  num-negatives N -> num_negatives=N; range-max R -> range_max=R; range-min M -> range_min=M;
  absolute-margin A -> absolute_margin=A (it drops score + A > m, the job keeps score <= m - A: the same rule);
  relative-margin X -> relative_margin=X (it keeps score <= m - |m| X, the job score <= (1 - X) m: the same
  when m >= 0); max-score S -> max_score=S; sampling top -> sampling_strategy="top"; output_format="triplet",
  output_scores=True; the pool is passed as corpus= in the job's order (text order, Java String order) so that
  exact ties fall the same way (the set is the same: the distinct positives); use_faiss=False (exact torch
  search; FAISS on GPU would search in float16).
Where the rules do not coincide the script says so:
  - sampling random: both draw uniformly from the same eligible candidates, with different generators (the job:
    SplitMix64 seeded per query; the library: Python's global random.sample): not compared.
  - consistency-top-k: no counterpart in the library: not compared.
  - several --input sources or --corpus sources: not supported here.
  - range-min M > 0 with a margin or max-score: the library removes ineligible candidates (score -> -inf) before
    it counts range_min, the job counts every candidate. Since ineligible candidates are exactly the k candidates
    that score above the limit (a prefix of the ranking), the job's window starts after max(M, k) candidates and
    the library's after M + k: they coincide only for queries with k = 0. Only those are compared. With the job's
    range-min-counts = eligible the job counts as the library does and every query is compared.
  - Per query: the library searches range_max + max_positives documents (max over all queries) before removing the
    query's positives, so when the job found fewer than N negatives in its window, the library may add some from
    candidate ranks past range-max ("search depth"); the job also drops candidates whose normalised text (lower
    case) equals a positive's, the library only the positives themselves ("normalised twin").
Disagreements are listed with a cause: one of the above, "tie / near-equal scores" (the differing candidates'
cosines within --tolerance of each other), "near a margin" (a differing candidate within --tolerance of the
eligibility limit), "text normalisation" (--texts raw: a text involved changes under the job's cleaning), else
"unexplained". Ranks and cosines for the diagnosis come from the library's own embeddings (its cache).
"""
import argparse
import collections
import glob
import hashlib
import json
import os
import re
import sys
import time
import unicodedata

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENTITY_SOURCE = os.path.join(
    REPO, "data-prep/src/main/java/io/github/gtespark/prep/clean/HtmlEntityDecoder.java")


# ---------------------------------------------------------------------------------------------------------------
# The job's text cleaning (io.github.gtespark.prep.clean.TextCleaner + HtmlEntityDecoder), on UTF-16 code units
# where Java works on chars.

def _named_entities():
    with open(ENTITY_SOURCE, encoding="utf-8") as f:
        src = f.read()
    table = {}
    for name, value in re.findall(r'\{"([A-Za-z0-9]+)",\s*(0x[0-9A-Fa-f]+|\d+)\}', src):
        table[name] = int(value, 0)
    if not table:
        raise SystemExit(f"no entity table in {ENTITY_SOURCE}")
    return table


NAMED = _named_entities()
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:[ \t\n\x0b\f\r][^<>]*)?/?>", re.DOTALL)


def _decode_entities(s):
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != "&":
            out.append(c)
            i += 1
            continue
        semi = s.find(";", i + 1)
        # Java measures the distance in UTF-16 units; the references that matter are ASCII
        if semi < 0 or len(s[i:semi].encode("utf-16-le")) // 2 > 12:
            out.append(c)
            i += 1
            continue
        ref = s[i + 1:semi]
        cp = -1
        if len(ref) >= 2 and ref[0] == "#":
            try:
                body = ref[2:] if ref[1] in "xX" else ref[1:]
                if re.fullmatch(r"[+-]?[0-9A-Fa-f]+" if ref[1] in "xX" else r"[+-]?[0-9]+", body):
                    cp = int(body, 16 if ref[1] in "xX" else 10)
                    if not 0 <= cp <= 0x10FFFF:
                        cp = -1
            except ValueError:
                cp = -1
        else:
            cp = NAMED.get(ref, -1)
        if cp < 0:
            out.append(c)
            i += 1
        else:
            out.append(chr(cp))
            i = semi + 1
    return "".join(out)


def _is_space(c):
    # Character.isWhitespace || isSpaceChar || U+0085, for chars > 127
    cat = unicodedata.category(c)
    return cat in ("Zs", "Zl", "Zp") or c in "\u001c\u001d\u001e\u001f\u0085"


def _dropped(c):
    return unicodedata.category(c) in ("Cc", "Cf", "Co")


def clean(text):
    s = text
    ascii_only = all(ord(c) < 0x80 for c in s)
    if "<" in s or "&" in s:
        if "<" in s:
            s = TAG.sub(" ", s)
        s = _decode_entities(s)
        ascii_only = False
    if not ascii_only:
        s = unicodedata.normalize("NFKC", s)
    out = []
    pending = False
    for c in s:
        o = ord(c)
        if c in " \t\n\r" or (o > 127 and _is_space(c)):
            pending = len(out) > 0
            continue
        if o < 32 or o == 127 or (o > 127 and _dropped(c)):
            continue
        if pending:
            out.append(" ")
            pending = False
        out.append(c)
    return "".join(out)


def java_key(s):
    return s.encode("utf-16-be", "surrogatepass")


# ---------------------------------------------------------------------------------------------------------------

def lines(directory):
    for path in sorted(glob.glob(os.path.join(directory, "part-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def read_job(out):
    manifest = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
    rows = {}
    for r in lines(out):
        rows[r["query"]] = {
            "pos": r["pos"], "neg": r["neg"], "pos_score": r["pos_score"], "neg_score": r["neg_score"],
            "neg_rank": r["neg_rank"]}
    for e in lines(os.path.join(out, "exclusions")):
        if e.get("reason") == "no-negative":
            row = rows.setdefault(e["query"], {"pos": [], "neg": [], "pos_score": [], "neg_score": [], "neg_rank": []})
            row["pos"].append(e["pos"])
    return manifest, rows


def coincidence(settings, manifest):
    """(comparable, notes): whether the library can reproduce this setting at all."""
    blockers, notes = [], []
    if settings["sampling"] != "top":
        blockers.append("sampling random: both draw uniformly from the eligible candidates of the window, with "
                        "different generators (job: SplitMix64 seeded with seed and the query; library: Python's "
                        "global random.sample), so per-query picks cannot agree")
    if settings.get("consistency_top_k"):
        blockers.append("consistency-top-k has no counterpart in mine_hard_negatives")
    if len(manifest.get("inputs", [])) != 1:
        blockers.append("several --input sources: the job mines per (input, query), the library per query")
    if manifest.get("corpus"):
        blockers.append("--corpus sources: not supported by this script")
    limited = any(settings.get(k) is not None for k in ("absolute_margin", "relative_margin", "max_score"))
    if settings["range_min"] > 0 and limited and settings.get("range_min_counts", "candidates") != "eligible":
        notes.append(f"range-min {settings['range_min']} with a margin / max-score: the library counts range_min "
                     "among the candidates left after the margins (ineligible ones are set to -inf first), the job "
                     "among all candidates; with k = the number of candidates above the eligibility limit, the job's "
                     "window starts after max(range-min, k) candidates, the library's after range-min + k. The rules "
                     "coincide only for queries with k = 0: only those are compared")
    if settings.get("relative_margin") is not None:
        notes.append("relative margin: library m - |m| x, job (1 - x) m: identical for m >= 0 (queries with a "
                     "negative smallest positive cosine are flagged)")
    return blockers, notes


def st_cache_files(model, cache_dir, queries, corpus, query_prompt, corpus_prompt):
    """The embeddings mine_hard_negatives cached (same naming as sentence-transformers 6.0.1)."""
    model_name = model.model_card_data.base_model or ""
    qh = hashlib.sha256(repr((model_name, query_prompt, None, queries)).encode(), usedforsecurity=False).hexdigest()
    ch = hashlib.sha256(repr((model_name, corpus_prompt, None, corpus)).encode(), usedforsecurity=False).hexdigest()
    return (os.path.join(cache_dir, f"query_embeddings_{qh}.npy"),
            os.path.join(cache_dir, f"corpus_embeddings_{ch}.npy"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--job-output", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--texts", choices=["cleaned", "raw"], default="cleaned")
    ap.add_argument("--cache-dir", default=None, help="embedding cache (default: /tmp/st-mine-compare-cache)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--query-prompt", default=None, help="the job model's query prefix (none for all-MiniLM)")
    ap.add_argument("--corpus-prompt", default=None, help="the job model's passage prefix")
    ap.add_argument("--report", default=None, help="write the per-query comparison as JSON here")
    ap.add_argument("--show", type=int, default=10, help="disagreements printed in full")
    a = ap.parse_args()
    tol = a.tolerance

    manifest, job = read_job(a.job_output)
    st = manifest["settings"]
    print(f"job output {a.job_output}: model {manifest.get('model')}, {manifest.get('queries')} queries, "
          f"pool {manifest.get('pool_documents')}, {manifest.get('rows')} rows; settings "
          + ", ".join(f"{k}={st.get(k)}" for k in ("num_negatives", "range_min", "range_max", "absolute_margin",
                                                    "relative_margin", "max_score", "sampling",
                                                    "consistency_top_k", "max_length")))
    blockers, notes = coincidence(st, manifest)
    report = {"job_output": a.job_output, "settings": st, "texts": a.texts, "model": a.model}
    if blockers:
        print("NOT COMPARED: the rules do not coincide for this setting:")
        for b in blockers:
            print("  - " + b)
        report["compared"] = False
        report["reasons"] = blockers
        if a.report:
            json.dump(report, open(a.report, "w", encoding="utf-8"), indent=1)
        return 0
    for n in notes:
        print("note: " + n)

    # ---- the pairs, as the job read them
    raw_pairs = []
    with open(a.pairs, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                pos = o["pos"] if isinstance(o["pos"], list) else [o["pos"]]
                for p in pos:
                    raw_pairs.append((o["query"], p))
    cleaned_pairs = [(clean(q), clean(p)) for q, p in raw_pairs]
    kept = [(rq, rp, cq, cp) for (rq, rp), (cq, cp) in zip(raw_pairs, cleaned_pairs) if cq and cp]
    changed = sum(1 for rq, rp, cq, cp in kept if rq != cq or rp != cp)
    job_pairs = {(q, p) for q, r in job.items() for p in r["pos"]}
    ours = {(cq, cp) for _, _, cq, cp in kept}
    print(f"pairs: {len(raw_pairs)} read, {len(kept)} non-empty after cleaning ({changed} changed by cleaning), "
          f"{len(ours)} distinct; job rows hold {len(job_pairs)} distinct pairs; port of the cleaning agrees on "
          f"{len(ours & job_pairs)} (only ours: {len(ours - job_pairs)}, only the job's: {len(job_pairs - ours)})")
    report["pairs"] = {"read": len(raw_pairs), "kept": len(kept), "changed_by_cleaning": changed,
                       "distinct": len(ours), "job_distinct": len(job_pairs),
                       "cleaning_port_mismatch": len(ours ^ job_pairs)}

    if a.texts == "cleaned":
        anchors = [cq for _, _, cq, _ in kept]
        positives = [cp for _, _, _, cp in kept]
    else:
        anchors = [rq for rq, _, _, _ in kept]
        positives = [rp for _, rp, _, _ in kept]
    to_clean = {}
    for (rq, rp, cq, cp), q, p in zip(kept, anchors, positives):
        to_clean[q] = cq
        to_clean[p] = cp
    pool = sorted(dict.fromkeys(positives), key=lambda t: java_key(to_clean[t]) + java_key(t))

    # ---- the library
    import torch
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.util import mine_hard_negatives
    import sentence_transformers
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    model = SentenceTransformer(a.model, device="cpu")
    limit_len = model[0].auto_model.config.max_position_embeddings
    model.max_seq_length = min(st["max_length"], limit_len)
    print(f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}, model {a.model}, "
          f"max_seq_length {model.max_seq_length}, prompts {a.query_prompt!r} / {a.corpus_prompt!r}")
    cache = a.cache_dir or "/tmp/st-mine-compare-cache"
    os.makedirs(cache, exist_ok=True)
    kwargs = dict(
        corpus=pool, range_min=st["range_min"], range_max=st["range_max"], max_score=st["max_score"],
        absolute_margin=st["absolute_margin"], relative_margin=st["relative_margin"],
        num_negatives=st["num_negatives"], sampling_strategy="top", output_format="triplet", output_scores=True,
        query_prompt=a.query_prompt, corpus_prompt=a.corpus_prompt, batch_size=a.batch_size, use_faiss=False,
        cache_folder=cache, verbose=True)
    print("mine_hard_negatives(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if k != "corpus")
          + f", corpus=<{len(pool)} pool texts in the job's order>)")
    t0 = time.time()
    ds = Dataset.from_dict({"query": anchors, "pos": positives})
    mined = mine_hard_negatives(ds, model, anchor_column_name="query", positive_column_name="pos", **kwargs)
    seconds = time.time() - t0
    print(f"mine_hard_negatives: {len(mined)} triplets in {seconds:.1f} s")

    lib = {}
    for r in mined:
        q = r["query"]
        row = lib.setdefault(q, {"neg": [], "neg_score": [], "pos_score": {}, "first_pos": r["pos"]})
        row["pos_score"][r["pos"]] = r["scores"][0]
        if r["pos"] == row["first_pos"]:
            row["neg"].append(r["negative"])
            row["neg_score"].append(r["scores"][1])

    # ---- the library's embeddings, for the diagnosis
    uq = list(dict.fromkeys(anchors))
    corpus = list(dict.fromkeys(pool + positives))
    qf, cf = st_cache_files(model, cache, uq, corpus, a.query_prompt, a.corpus_prompt)
    if os.path.exists(qf) and os.path.exists(cf):
        QE, CE = np.load(qf), np.load(cf)
    else:
        print("cache files not found under their expected names: encoding again for the diagnosis")
        CE = model.encode_document(corpus, batch_size=a.batch_size, normalize_embeddings=True, prompt=a.corpus_prompt)
        QE = model.encode_query(uq, batch_size=a.batch_size, normalize_embeddings=True, prompt=a.query_prompt)
    qi = {t: i for i, t in enumerate(uq)}
    raw_of = {to_clean[t]: t for t in corpus}
    ci = {t: i for i, t in enumerate(corpus)}
    pos_of = {}
    for q, p in zip(anchors, positives):
        pos_of.setdefault(q, [])
        if p not in pos_of[q]:
            pos_of[q].append(p)
    max_pos = max(collections.Counter(anchors).values())

    N, R, M = st["num_negatives"], st["range_max"], st["range_min"]
    counts_eligible = st.get("range_min_counts", "candidates") == "eligible"
    am, rm, ms = st["absolute_margin"], st["relative_margin"], st["max_score"]

    results = []
    for q in uq:
        cq = to_clean[q]
        jr = job.get(cq)
        scores = (CE @ QE[qi[q]]).astype(np.float32)
        P = pos_of[q]
        pidx = [ci[p] for p in P]
        m = float(min(scores[pidx]))
        limit = float("inf")
        if am is not None:
            limit = min(limit, m - am)
        if rm is not None:
            limit = min(limit, (1 - rm) * m)
        if ms is not None:
            limit = min(limit, ms)
        # the job's candidates, on the library's cosines (cleaned texts; the pool is in the job's text order)
        ptexts = {to_clean[p] for p in P}
        plower = {t.lower() for t in ptexts}
        order = np.lexsort((np.arange(len(corpus)), -scores))
        cand_rank, rank, k_above = {}, 0, 0
        for d in order:
            t = corpus[d]
            ct = to_clean[t]
            if ct in ptexts or ct.lower() in plower:
                continue
            rank += 1
            cand_rank[ct] = rank
            if scores[d] > limit and rank <= R:
                k_above += 1
        # the library's own rule, as read in its source (for the queries where the rules differ, and as a check of
        # that reading): the top range_max + max_positives documents, the positives themselves and the ineligible
        # (m - |m| x for the relative margin) set to -inf, the first range_max of the others, then [range_min:]
        st_limit = float("inf")
        if am is not None:
            st_limit = min(st_limit, m - am)
        if rm is not None:
            st_limit = min(st_limit, m - abs(m) * rm)
        if ms is not None:
            st_limit = min(st_limit, ms)
        pset = set(pidx)
        survivors = [d for d in order[:R + max_pos] if d not in pset and scores[d] <= st_limit]
        st_rule = [to_clean[corpus[d]] for d in survivors[:R][M:M + N]]
        lr = lib.get(q, {"neg": [], "neg_score": [], "pos_score": {}})
        S = [to_clean[t] for t in lr["neg"]]
        S_sc = list(lr["neg_score"])
        J = jr["neg"] if jr else None
        J_sc = jr["neg_score"] if jr else []
        entry = {"query": cq, "job_neg": J, "st_neg": S, "job_neg_score": J_sc, "st_neg_score": S_sc,
                 "positives": len(P), "min_pos": m, "limit": limit, "k_above_limit": k_above,
                 "st_rule_reproduced": st_rule == S}
        if jr is None:
            entry["status"] = "missing in job output"
            results.append(entry)
            continue
        # positive scores
        pdiff = []
        for p, s in zip(jr["pos"], jr["pos_score"]):
            st_p = [v for t, v in lr["pos_score"].items() if to_clean[t] == p]
            if st_p:
                pdiff.append(abs(st_p[0] - s))
            else:
                idx = [ci[t] for t in P if to_clean[t] == p]
                if idx:
                    pdiff.append(abs(float(scores[idx[0]]) - s))
        entry["pos_score_max_diff"] = max(pdiff) if pdiff else None
        ndiff = [abs(js - S_sc[S.index(t)]) for t, js in zip(J, J_sc) if t in S]
        entry["neg_score_max_diff"] = max(ndiff) if ndiff else None
        entry["rank_agree"] = all(cand_rank.get(t) == r for t, r in zip(J, jr["neg_rank"]))
        comparable = counts_eligible or not (M > 0 and k_above > 0 and (am is not None or rm is not None or ms is not None))
        entry["rules_coincide"] = comparable
        if not comparable:
            entry["status"] = "not compared (range_min counts differently)"
            entry["same"] = J == S
            results.append(entry)
            continue
        if J == S:
            entry["status"] = "same"
            results.append(entry)
            continue
        # why
        causes = []
        job_only = [t for t in J if t not in S]
        lib_only = [t for t in S if t not in J]
        if any(t.lower() in plower for t in lib_only):
            causes.append("normalised twin of a positive")
        depth = bool(lib_only) and len(J) < N and all(cand_rank.get(t, 0) > R for t in lib_only) \
            and not job_only and S[:len(J)] == J
        if depth:
            # the job's negatives come first, the library's extra ones lie past candidate rank range-max
            causes.append("search depth (library: range_max + max_positives documents)")
        if rm is not None and m < 0:
            causes.append("relative margin on a negative positive cosine")
        all_sc = dict(zip(J, J_sc))
        all_sc.update({t: s for t, s in zip(S, S_sc) if t not in all_sc})
        diff_sc = [all_sc[t] for t in job_only + lib_only]
        if not depth and limit != float("inf") and any(abs(s - limit) <= tol for s in diff_sc):
            causes.append("near a margin")
        if not causes:
            # order or set differs between candidates whose cosines are within tol of each other
            pos_diff = [i for i in range(max(len(J), len(S))) if i >= len(J) or i >= len(S) or J[i] != S[i]]
            if pos_diff and all(i < len(J) and i < len(S) and abs(J_sc[i] - S_sc[i]) <= tol for i in pos_diff):
                exact = all(abs(J_sc[i] - S_sc[i]) <= 1e-7 for i in pos_diff)
                causes.append("tie (equal cosines)" if exact else "tie / near-equal scores")
        if a.texts == "raw":
            # the library embedded a text the job cleaned: its cosine (and so a margin or an order) moves
            raw_involved = [t for t in job_only + lib_only if raw_of.get(t, t) != t] \
                + ([q] if q != cq else []) + [p for p in P if to_clean[p] != p]
            if raw_involved and not depth:
                causes.append("text normalisation")
        entry["status"] = "differ"
        entry["causes"] = causes or ["unexplained"]
        entry["job_only"] = job_only
        entry["lib_only"] = lib_only
        results.append(entry)

    # ---- summary
    compared = [e for e in results if e.get("rules_coincide")]
    same = [e for e in compared if e["status"] == "same"]
    differ = [e for e in compared if e["status"] == "differ"]
    skipped = [e for e in results if e.get("rules_coincide") is False]
    missing = [e for e in results if e["status"] == "missing in job output"]
    pdiffs = [e["pos_score_max_diff"] for e in results if e.get("pos_score_max_diff") is not None]
    ndiffs = [e["neg_score_max_diff"] for e in results if e.get("neg_score_max_diff") is not None]
    rank_ok = sum(1 for e in results if e.get("rank_agree"))
    negative_m = [e for e in results if e["min_pos"] < 0]
    causes = {}
    for e in differ:
        for c in e["causes"]:
            causes[c] = causes.get(c, 0) + 1
    jobn = sum(len(e["job_neg"] or []) for e in compared)
    libn = sum(len(e["st_neg"]) for e in compared)
    print()
    print(f"queries: {len(uq)} (library), {len(job)} (job rows + no-negative); max positives per query {max_pos}")
    if missing:
        print(f"  {len(missing)} queries of the library missing in the job's output (cleaning mismatch)")
    if skipped:
        print(f"  not compared, rules differ (range_min counts differently: k > 0 candidates above the limit): "
              f"{len(skipped)} queries; of those the selections happen to be equal for "
              f"{sum(1 for e in skipped if e['same'])}; the library's picks are those of its rule as read in its "
              f"source (window after range_min + k) for {sum(1 for e in skipped if e['st_rule_reproduced'])}")
    if compared:
        print(f"  compared (rules coincide): {len(compared)} queries; the same negatives (set and order): "
              f"{len(same)} = {100.0 * len(same) / len(compared):.2f}%; negatives job {jobn}, library {libn}")
    full = [e for e in compared if len(e["job_neg"] or []) == N]
    if compared:
        print(f"    where the job found all {N} negatives (the library's search depth cannot matter): "
              f"{sum(1 for e in full if e['status'] == 'same')} of {len(full)} the same; where it found fewer: "
              f"{sum(1 for e in compared if e not in full and e['status'] == 'same')} of {len(compared) - len(full)}")
    for c, n in sorted(causes.items(), key=lambda x: -x[1]):
        print(f"    differ: {n} x {c}")
    if rm is not None and negative_m:
        print(f"  queries with a negative smallest positive cosine (relative margins differ there): {len(negative_m)}; "
              f"compared {sum(1 for e in negative_m if e.get('rules_coincide'))}, the same negatives "
              f"{sum(1 for e in negative_m if e['status'] == 'same')}")
    print(f"  the library's output equals its rule as read in its source (recomputed here on its cosines): "
          f"{sum(1 for e in results if e['st_rule_reproduced'])} of {len(results)} queries")
    if pdiffs:
        print(f"  positive cosines: max |job - library| {max(pdiffs):.2e}, over {tol:g} for "
              f"{sum(1 for d in pdiffs if d > tol)} of {len(pdiffs)} queries")
    if ndiffs:
        print(f"  shared negatives' cosines: max |job - library| {max(ndiffs):.2e}, over {tol:g} for "
              f"{sum(1 for d in ndiffs if d > tol)} of {len(ndiffs)} queries")
    print(f"  job neg_rank = candidate rank recomputed on the library's cosines: {rank_ok} of {len(results)} queries")
    for e in differ[:a.show]:
        print()
        print(f"  [{', '.join(e['causes'])}] query {e['query'][:100]!r} (m {e['min_pos']:.5f}, limit {e['limit']:.5f})")
        for name, lst, sc in (("job", e["job_neg"], e["job_neg_score"]), ("lib", e["st_neg"], e["st_neg_score"])):
            for t, s in zip(lst, sc):
                print(f"      {name} {s:.6f} {t[:90]!r}")
    report.update({
        "compared": True, "notes": notes, "library_seconds": seconds, "queries": len(uq),
        "compared_queries": len(compared), "same": len(same), "differ": len(differ),
        "not_compared_range_min": len(skipped), "missing": len(missing), "causes": causes,
        "agreement": len(same) / len(compared) if compared else None,
        "full_rows": len(full), "full_rows_same": sum(1 for e in full if e["status"] == "same"),
        "pos_score_max_diff": max(pdiffs) if pdiffs else None, "neg_score_max_diff": max(ndiffs) if ndiffs else None,
        "rank_agree": rank_ok, "negative_min_pos": len(negative_m),
        "st_rule_reproduced": sum(1 for e in results if e["st_rule_reproduced"]), "per_query": results})
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
