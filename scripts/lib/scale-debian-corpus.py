#!/usr/bin/env python3
"""Builds a corpus-preparation input of SCALE x the Debian descriptions (61,485 pairs) with realistic variation.

  scale-debian-corpus.py SHARED_DATA_DIR OUT_DIR --scale S [--seed 42] [--exact-share 0.05] [--near-share 0.10]
  scale-debian-corpus.py --check OUT_DIR CORPUS_DIR     (after a prepare-corpus run on OUT_DIR: how dedup did)

Writes OUT_DIR/debian-scaled-NN.tsv.gz (TSV with the shipped header package, synopsis, description; one file per
61,485 rows, so S files) and OUT_DIR/labels.tsv.gz (file, line, kind, group) for --check. Of the S x 61,485 rows:

- distinct (1 - exact - near share, 85 % by default): "spliced" pairs. Pair (i, k), the k-th variant of Debian row
  i, joins the first half of row i's description (cut at the sentence or paragraph end nearest the middle) with
  the second half of the description of a partner row j of similar length (rank in description length within
  +-1000 of i's, the k-th of 16 partners drawn in a seeded order), and the synopses as "<synopsis i> and
  <synopsis j>". Debian repeats description texts (-dev/-doc/-dbg packages), so a partner is skipped when its
  second half is empty or another row with the same first-half text already has a partner with the same
  second-half text. Two distinct pairs then share at most one half, i.e. about a third of their word shingles: far
  below the near-dedup threshold (0.8), so they survive near dedup (--check measures it; near-identical, not
  identical, halves still make a near-duplicate variant now and then).
- exact duplicates (5 %): byte-identical copies of random distinct rows (with replacement).
- near duplicates (10 %): copies of random distinct rows with at least 40 words in which max(1, words // 60)
  words, at least 3 words apart, are replaced by random words of the corpus: estimated Jaccard of word
  3-shingles ~0.85-0.95, i.e. above the job's threshold 0.8.

The rows of all three kinds are shuffled together (seeded), so a duplicate may precede its original. Distinct row
number g is variant k = g // 61485 of row i = g % 61485, so the distinct rows of a smaller scale are a subset of a
larger one's, and the shares are the same at every scale. Deterministic: the same arguments give byte-identical
files (gzip mtime 0).
"""
import argparse
import array
import gzip
import os
import random
import re
import sys

PARTNER_WINDOW = 1000
MAX_VARIANTS = 16
NEAR_MIN_WORDS = 40


def gz_writer(path):
    return gzip.GzipFile(filename="", mode="wb", fileobj=open(path, "wb"), mtime=0, compresslevel=6)


def load(shared):
    rows = []
    with gzip.open(os.path.join(shared, "debian-descriptions/bookworm-main-descriptions.tsv.gz"), "rt",
                   encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                rows.append(parts)
    return header, rows


def cut(tokens):
    """Index that splits tokens in two halves, at the sentence/paragraph end nearest the middle (within 30-70 %)."""
    n = len(tokens)
    if n < 2:
        return n
    mid = n / 2
    best = None
    for i in range(int(n * 0.3), min(n - 1, int(n * 0.7)) + 1):
        t = tokens[i - 1] if i > 0 else ""
        if t == "\\n" or t.endswith((".", "!", "?", ":")):
            if best is None or abs(i - mid) < abs(best - mid):
                best = i
    return best if best is not None else max(1, n // 2)


def seeded_order(rng, lo, hi, n):
    """The numbers of [lo, hi) in a seeded random order, then those of [0, n) outside it (drawn lazily)."""
    for a, b, skip in ((lo, hi, None), (0, n, (lo, hi))):
        seen = set()
        size = b - a - (hi - lo if skip else 0)
        while len(seen) < size:
            x = rng.randrange(a, b)
            if x in seen or (skip and lo <= x < hi):
                continue
            seen.add(x)
            yield x


def normalized(tokens):
    """The words of tokens, lower-cased (as the job's dedup sees a text, roughly)."""
    return " ".join(w.lower() for w in re.findall(r"\w+", " ".join(tokens)))


def strip_breaks(tokens):
    while tokens and tokens[0] == "\\n":
        tokens = tokens[1:]
    while tokens and tokens[-1] == "\\n":
        tokens = tokens[:-1]
    return tokens


class Generator:
    def __init__(self, rows, seed):
        self.rows = rows
        self.n = len(rows)
        self.seed = seed
        self.tokens = [r[2].split(" ") for r in rows]
        self.cuts = [cut(t) for t in self.tokens]
        order = sorted(range(self.n), key=lambda i: (len(self.tokens[i]), i))
        self.rank = [0] * self.n
        for r, i in enumerate(order):
            self.rank[i] = r
        self.order = order
        self.partners = self.choose_partners()
        self.vocab = sorted({w for t in self.tokens[:: 7] for w in t if w.isalpha() and 3 <= len(w) <= 12})

    def choose_partners(self):
        """MAX_VARIANTS partners per row, in row order (the same at every scale). Debian repeats description
        texts (-dev/-doc/-dbg packages, one-line stock descriptions): a partner is taken only if its second half
        is not empty and no row with the same first-half text has a partner with the same second-half text, so
        that no two distinct rows get the same document."""
        first = [normalized(t[:c]) for t, c in zip(self.tokens, self.cuts)]
        second = [normalized(t[c:]) for t, c in zip(self.tokens, self.cuts)]
        second = [x or None for x in second]
        used = set()
        partners = []
        for i in range(self.n):
            rng = random.Random(self.seed * 1000003 + i)
            r = self.rank[i]
            lo = max(0, r - PARTNER_WINDOW)
            hi = min(self.n - 1, r + PARTNER_WINDOW)
            chosen = []
            for x in seeded_order(rng, lo, hi, self.n - 1):  # ranks other than r: the window first, then all
                j = self.order[x + 1 if x >= r else x]
                key = (first[i], second[j])
                if second[j] is None or key in used:
                    continue
                used.add(key)
                chosen.append(j)
                if len(chosen) == MAX_VARIANTS:
                    break
            partners.append(chosen)
        return partners

    def partner(self, i, k):
        return self.partners[i][k]

    def distinct(self, g):
        i, k = g % self.n, g // self.n
        if k >= MAX_VARIANTS:
            raise ValueError("more than %d variants per row" % MAX_VARIANTS)
        j = self.partner(i, k)
        pi, si, _ = self.rows[i]
        pj, sj, _ = self.rows[j]
        doc = strip_breaks(self.tokens[i][: self.cuts[i]] + self.tokens[j][self.cuts[j]:])
        if len(sj) > 1 and sj[1].islower():
            sj = sj[0].lower() + sj[1:]
        return "%s+%s" % (pi, pj), "%s and %s" % (si, sj), doc

    def near(self, g, salt):
        package, query, doc = self.distinct(g)
        rng = random.Random((self.seed * 1000003 + g) * 7919 + salt)
        words = [p for p, t in enumerate(doc) if t.isalpha()]
        changes = max(1, len(doc) // 60)
        doc = list(doc)
        chosen = []
        for p in rng.sample(words, len(words)):
            if all(abs(p - q) >= 3 for q in chosen):
                chosen.append(p)
                if len(chosen) == changes:
                    break
        for p in chosen:
            w = doc[p]
            while w == doc[p]:
                w = rng.choice(self.vocab)
            doc[p] = w
        return package + "~", query, doc


def generate(args):
    header, rows = load(args.shared)
    gen = Generator(rows, args.seed)
    n = gen.n
    total = args.scale * n
    n_exact = round(total * args.exact_share)
    n_near = round(total * args.near_share)
    n_distinct = total - n_exact - n_near
    rng = random.Random(args.seed)
    # kind/group per item: items [0, n_distinct) are distinct row g = item; then exact copies, then near copies
    exact_of = array.array("q", (rng.randrange(n_distinct) for _ in range(n_exact)))
    near_pool = [g for g in range(n_distinct)
                 if len(gen.tokens[g % n][: gen.cuts[g % n]]) + len(gen.tokens[gen.partner(g % n, g // n)])
                 - gen.cuts[gen.partner(g % n, g // n)] >= NEAR_MIN_WORDS]
    near_of = array.array("q", (near_pool[rng.randrange(len(near_pool))] for _ in range(n_near)))
    perm = list(range(total))
    rng.shuffle(perm)
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.startswith("debian-scaled-") or f == "labels.tsv.gz":
            os.remove(os.path.join(args.out, f))
    files = (total + n - 1) // n
    labels = gz_writer(os.path.join(args.out, "labels.tsv.gz"))
    labels.write(b"file\tline\tkind\tgroup\n")
    for fi in range(files):
        with gz_writer(os.path.join(args.out, "debian-scaled-%02d.tsv.gz" % fi)) as w:
            w.write((header + "\n").encode("utf-8"))
            for line, item in enumerate(perm[fi * n:(fi + 1) * n], start=1):
                if item < n_distinct:
                    kind, group = "distinct", item
                    package, query, doc = gen.distinct(item)
                elif item < n_distinct + n_exact:
                    kind, group = "exact", exact_of[item - n_distinct]
                    package, query, doc = gen.distinct(group)
                else:
                    kind, group = "near", near_of[item - n_distinct - n_exact]
                    package, query, doc = gen.near(group, item)
                w.write(("%s\t%s\t%s\n" % (package, query, " ".join(doc))).encode("utf-8"))
                labels.write(("%d\t%d\t%s\t%d\n" % (fi, line, kind, group)).encode("ascii"))
    labels.close()
    print("scale-debian-corpus: %d rows in %d files (distinct %d, exact duplicates %d, near duplicates %d) in %s"
          % (total, files, n_distinct, n_exact, n_near, args.out), file=sys.stderr)


def check(out, corpus):
    """Dedup outcome per group (a distinct row + its injected copies): how many of its rows were kept."""
    import pyarrow.parquet as pq

    excl = pq.read_table(os.path.join(corpus, "exclusions"), columns=["id", "reason", "unit"]).to_pydict()
    dropped = {}
    for i, reason, unit in zip(excl["id"], excl["reason"], excl["unit"]):
        if unit == "pair":
            dropped[((i >> 40) & 0xFFFF, (i >> 8) & 0xFFFFFFFF)] = reason
    kept = {}
    kinds = {}
    by_kind_reason = {}
    with gzip.open(os.path.join(out, "labels.tsv.gz"), "rt") as f:
        f.readline()
        for line in f:
            fi, ln, kind, group = line.rstrip("\n").split("\t")
            reason = dropped.get((int(fi), int(ln)))
            g = int(group)
            kinds[kind] = kinds.get(kind, 0) + 1
            key = (kind, reason or "kept")
            by_kind_reason[key] = by_kind_reason.get(key, 0) + 1
            kept[g] = kept.get(g, 0) + (0 if reason else 1)
    print("| row kind | rows | outcome |")
    print("|---|---:|---|")
    for kind in ("distinct", "exact", "near"):
        parts = ["%s %d" % (r, c) for (k, r), c in sorted(by_kind_reason.items()) if k == kind]
        print("| %s | %d | %s |" % (kind, kinds.get(kind, 0), ", ".join(parts)))
    hist = {}
    for c in kept.values():
        hist[c] = hist.get(c, 0) + 1
    print("\nGroups (a distinct row and its injected copies) by rows kept: %s; expected: all groups keep 1."
          % ", ".join("%d kept: %d" % (k, v) for k, v in sorted(hist.items())))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3])
        return
    p = argparse.ArgumentParser()
    p.add_argument("shared")
    p.add_argument("out")
    p.add_argument("--scale", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--exact-share", type=float, default=0.05)
    p.add_argument("--near-share", type=float, default=0.10)
    args = p.parse_args()
    if args.scale < 1 or args.scale > MAX_VARIANTS:
        p.error("--scale must be 1..%d" % MAX_VARIANTS)
    generate(args)


if __name__ == "__main__":
    main()
