#!/usr/bin/env python3
"""Builds retrieval dev sets (BEIR layout) with a disjoint training part from the shared real data.

  build_dev_sets.py --shared DIR --output DIR

For each domain (se-beer, debian) writes under OUTPUT/<name>/:
  train-pairs.jsonl   unlabelled training pairs {"query": ..., "pos": [...]} from the training split only
  train/              BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv) built from the training split
  eval/               BEIR layout built from the evaluation split
and OUTPUT/dev-sets.json (counts, construction parameters) and OUTPUT/sets.conf (HOCON list of the eval sets
plus STS-B dev).

The split is by groups: texts that share a normalised text (lowercase, punctuation and whitespace removed) or, for
Debian, a source-name stem or a first description paragraph, are joined into one group (union-find), and a group
goes wholly to train or to eval by a seeded hash of its smallest key. So no query, document or near-identical text
is on both sides. A final check asserts that no normalised text (lowercase, whitespace-collapsed, and the stricter
alphanumeric-only form) of the eval part appears anywhere in the training part or train-pairs.jsonl; it exits 1
otherwise.

Python 3 standard library only; deterministic (hash-based ordering with a fixed seed, sorted output): a rerun
writes byte-identical files.
"""
import argparse
import gzip
import hashlib
import html
import json
import math
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

SEED = "gte-spark-dev-sets-v1"


# ---------------------------------------------------------------- helpers

def norm(text):
    """The check's normalisation: lowercase, whitespace collapsed."""
    return " ".join(text.lower().split())


def strict(text):
    """A stricter key for near-identical texts: lowercase letters and digits only."""
    return re.sub(r"[\W_]+", "", text.lower())


def rank(*parts):
    """A seeded, platform-independent sort key."""
    return hashlib.sha256((SEED + "\x00" + "\x00".join(parts)).encode("utf-8")).hexdigest()


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key becomes the root, so roots do not depend on insertion order
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def write_beir(directory, corpus, queries, qrels):
    """corpus: [(id, title, text)], queries: [(id, text)], qrels: [(qid, did, score)]."""
    os.makedirs(os.path.join(directory, "qrels"), exist_ok=True)
    write_jsonl(os.path.join(directory, "corpus.jsonl"),
                ({"_id": i, "title": t, "text": x} for i, t, x in corpus))
    write_jsonl(os.path.join(directory, "queries.jsonl"), ({"_id": i, "text": x} for i, x in queries))
    with open(os.path.join(directory, "qrels", "test.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for q, d, s in qrels:
            f.write("%s\t%s\t%d\n" % (q, d, s))
    ids = [i for i, _, _ in corpus]
    qids = [i for i, _ in queries]
    assert len(set(ids)) == len(ids) and len(set(qids)) == len(qids), directory
    assert not set(ids) & set(qids), directory + ": a query and a document share an id"


def html_to_text(body):
    s = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</h\d>|</pre>|</blockquote>", "\n", body or "")
    s = re.sub(r"(?i)<li[^>]*>", "\n- ", s)
    s = re.sub(r"<[^>]+>", "", s)
    s = html.unescape(s)
    lines = [" ".join(line.split()) for line in s.split("\n")]
    return "\n".join(line for line in lines if line).strip()


# ---------------------------------------------------------------- Stack Exchange

SE_EVAL_SHARE = 0.45  # share of question groups in the eval split
SE_MIN_ANSWER_CHARS = 20


def build_stackexchange(posts_xml, out_dir):
    questions, answers = {}, defaultdict(list)
    for _, el in ET.iterparse(posts_xml, events=("end",)):
        if el.tag != "row":
            continue
        a = el.attrib
        kind = a.get("PostTypeId")
        if kind == "1":
            questions[a["Id"]] = {"id": a["Id"], "title": " ".join(a.get("Title", "").split()),
                                  "body": html_to_text(a.get("Body")), "accepted": a.get("AcceptedAnswerId"),
                                  "score": int(a.get("Score", "0"))}
        elif kind == "2" and a.get("ParentId"):
            answers[a["ParentId"]].append({"id": a["Id"], "text": html_to_text(a.get("Body")),
                                           "score": int(a.get("Score", "0"))})
        el.clear()
    stats = {"questions_in_dump": len(questions), "answers_in_dump": sum(len(v) for v in answers.values())}

    # Keep questions with a title; drop very short answers (e.g. "Yes.": no content, and alike across questions).
    for qid in list(questions):
        if not questions[qid]["title"]:
            del questions[qid]
    for qid in list(answers):
        answers[qid] = [x for x in answers[qid] if len(x["text"]) >= SE_MIN_ANSWER_CHARS and qid in questions]

    # Group questions that share any (strictly normalised) text: title, body or an answer.
    uf = UnionFind()
    owner = {}
    for qid in sorted(questions, key=int):
        q = questions[qid]
        uf.find(qid)
        for t in [q["title"], q["body"]] + [x["text"] for x in answers[qid]]:
            k = strict(t)
            if not k:
                continue
            if k in owner:
                uf.union(owner[k], qid)
            else:
                owner[k] = qid
    groups = defaultdict(list)
    for qid in questions:
        groups[uf.find(qid)].append(qid)
    stats["question_groups"] = len(groups)
    stats["questions_sharing_text_with_another"] = sum(len(v) for v in groups.values() if len(v) > 1)

    split = {}
    for root, members in groups.items():
        side = "eval" if int(rank("se", root)[:8], 16) / 0xFFFFFFFF < SE_EVAL_SHARE else "train"
        for qid in members:
            split[qid] = side

    def ordered_answers(q):
        # best first: the accepted answer, then by score, ties to the smaller post id
        return sorted(answers[q["id"]], key=lambda x: (x["id"] != q["accepted"], -x["score"], int(x["id"])))

    def beir_part(side):
        corpus, queries, qrels = [], [], []
        for qid in sorted((q for q in questions if split[q] == side), key=int):
            q = questions[qid]
            ans = ordered_answers(q)
            for x in ans:
                corpus.append(("a" + x["id"], "", x["text"]))
            # graded: the accepted answer (else the top-scored one, if its score is positive) 2, other answers
            # with a score >= 0 1; negatively scored answers stay in the corpus, unjudged
            judged = []
            for i, x in enumerate(ans):
                best = x["id"] == q["accepted"] or (i == 0 and not q["accepted"] and x["score"] > 0)
                if best:
                    judged.append(("q" + qid, "a" + x["id"], 2))
                elif x["score"] >= 0:
                    judged.append(("q" + qid, "a" + x["id"], 1))
            if judged:
                queries.append(("q" + qid, q["title"]))
                qrels.extend(judged)
        return corpus, queries, qrels

    parts = {side: beir_part(side) for side in ("train", "eval")}

    # Unlabelled training pairs: per training-split question, title -> [body, answers best first].
    pairs = []
    for qid in sorted((q for q in questions if split[q] == "train"), key=int):
        q = questions[qid]
        pos = ([q["body"]] if q["body"] else []) + [x["text"] for x in ordered_answers(q)]
        if pos:
            pairs.append({"query": q["title"], "pos": pos})
    return finish("se-beer", out_dir, parts, pairs, stats, {
        "source": "stackexchange-beer/Posts.xml",
        "query": "question title",
        "documents": "answers (HTML stripped) of the split's questions; answers under %d characters dropped"
                     % SE_MIN_ANSWER_CHARS,
        "relevance": "2 = accepted answer (else the top-scored answer if its score > 0), 1 = other answers with "
                     "score >= 0",
        "train_pairs": "title -> [question body, answers best first], training-split questions only",
        "eval_share_of_groups": SE_EVAL_SHARE,
    })


# ---------------------------------------------------------------- Debian

DEB_EVAL_SHARE = 0.30
DEB_EVAL_QUERIES = 800
DEB_EVAL_CORPUS = 4000
DEB_TRAIN_QUERIES = 800
DEB_TRAIN_CORPUS = 4000
DEB_TRAIN_PAIRS = 2000
DEB_MIN_DESCRIPTION_CHARS = 80
DEB_NEIGHBOURS = 3  # look-alike distractors per query package, by synopsis and by description each
DEB_MAX_OVERLAP = 0.5  # queries: at most this share of the synopsis' content words in the description

_PREFIXES = ("golang-github-", "golang-gopkg-", "golang-", "python3-", "python-", "r-cran-", "r-bioc-",
             "r-other-", "ruby-", "node-", "libghc-", "libjs-", "libany-", "php-", "lua-", "elpa-", "fonts-",
             "gir1.2-", "haskell-", "ocaml-", "perl-", "tcl-", "xfonts-", "texlive-", "lib")
_SUFFIXES = ("-dev", "-doc", "-docs", "-dbg", "-dbgsym", "-data", "-common", "-bin", "-utils", "-tools",
             "-perl", "-java", "-prof", "-examples", "-tests", "-test", "-runtime", "-ocaml", "-cil", "-headers",
             "-static", "-l10n", "-locales", "-i18n", "-plugins", "-plugin", "-core", "-base", "-client",
             "-server", "-daemon", "-extra", "-extras", "-dbgsym", "-sdk", "-demo", "-html", "-manual", "-lib",
             "-libs", "-mod", "-modules", "-devel", "-api", "-jni", "-gtk", "-gtk3", "-qt", "-qt5", "-qt6",
             "-cli", "-gui", "-nox", "-x11", "-full", "-minimal", "-all", "-src", "-source", "-py", "-python3",
             "-python", "-ruby", "-tcl", "-lua", "-el")


def debian_stem(name):
    """The source-name stem of a binary package name (approximate): libfoo3-dev, python3-foo -> foo."""
    s = name.lower()
    for p in _PREFIXES:
        if s.startswith(p) and len(s) > len(p) + 1:
            s = s[len(p):]
            break
    changed = True
    while changed:
        changed = False
        for suf in _SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf) + 1:
                s = s[:-len(suf)]
                changed = True
        t = re.sub(r"[-.]?\d+([.\-_+~]\d+)*[a-z]?$", "", s)  # so-name / version tails: foo3, foo-1.0-0, foo2.4
        if t != s and len(t) >= 2:
            s = t
            changed = True
    return s


_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
_STOP = set("the a an and or of to in for on with is are be it this that as by from at its which can into "
            "package contains provides version files file this these you your will not also all more".split())


class TfIdf:
    """TF-IDF vectors of descriptions and an inverted index, for nearest-description look-ups."""

    def __init__(self, members):
        self.names = [m[0] for m in members]
        self.index = {m[0]: i for i, m in enumerate(members)}
        bags = []
        df = defaultdict(int)
        for _, _, d in members:
            bag = defaultdict(int)
            for t in tokens(d):
                bag[t] += 1
            bags.append(bag)
            for t in bag:
                df[t] += 1
        n = len(members)
        limit = max(50, n // 20)  # terms in over 5% of documents say little about look-alikes
        self.idf = {t: math.log(n / c) for t, c in df.items() if c <= limit}
        self.postings = defaultdict(list)
        self.vectors = []
        for i, bag in enumerate(bags):
            vec = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in bag.items() if df[t] <= limit}
            length = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            vec = {t: w / length for t, w in vec.items()}
            self.vectors.append(vec)
            for t, w in vec.items():
                self.postings[t].append((i, w))

    def vector(self, text):
        bag = defaultdict(int)
        for t in tokens(text):
            if t in self.idf:
                bag[t] += 1
        vec = {t: (1 + math.log(c)) * self.idf[t] for t, c in bag.items()}
        length = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / length for t, w in vec.items()}

    def nearest(self, name, k, text=None):
        """The k documents nearest to document NAME's description, or to TEXT if given; NAME itself excluded."""
        i = self.index[name]
        scores = defaultdict(float)
        for t, w in (self.vectors[i] if text is None else self.vector(text)).items():
            for j, v in self.postings[t]:
                if j != i:
                    scores[j] += w * v
        best = sorted(scores.items(), key=lambda x: (-round(x[1], 9), self.names[x[0]]))[:k]
        return [j for j, _ in best]


def tokens(text):
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP and len(t) > 1]


def overlap(synopsis, description):
    """The share of the synopsis' content words that occur in the description."""
    words = set(tokens(synopsis))
    return len(words & set(tokens(description))) / len(words) if words else 1.0


def build_debian(tsv_gz, out_dir):
    rows = []
    with gzip.open(tsv_gz, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header[:3] == ["package", "synopsis", "description"], header
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 3:
                rows.append((fields[0], " ".join(fields[1].split()), fields[2].replace(" \\n ", "\n").strip()))
    stats = {"packages": len(rows)}

    # Group every package (before filtering, so that dropped siblings still join their groups): by source-name
    # stem, by the strict form of the synopsis, the whole description and its first paragraph.
    uf = UnionFind()
    for name, syn, desc in rows:
        keys = ["p:" + name, "s:" + debian_stem(name), "y:" + strict(syn), "d:" + strict(desc)]
        first = strict(desc.split("\n")[0])
        if len(first) >= 40:
            keys.append("f:" + first)
        for k in keys[1:]:
            if k[2:]:
                uf.union(keys[0], k)
    group_of = {name: uf.find("p:" + name) for name, _, _ in rows}
    sizes = defaultdict(int)
    for g in group_of.values():
        sizes[g] += 1
    stats["groups"] = len(sizes)
    stats["largest_group"] = max(sizes.values())

    # Filters: transitional/dummy packages, short descriptions, synopsis verbatim inside the description.
    dropped = defaultdict(int)
    kept = []
    for name, syn, desc in rows:
        if re.search(r"(?i)transitional|dummy package|metapackage|meta-package", syn + " " + desc):
            dropped["transitional_or_meta"] += 1
        elif len(desc) < DEB_MIN_DESCRIPTION_CHARS or len(syn.split()) < 2:
            dropped["short"] += 1
        elif norm(syn) in norm(desc):
            dropped["synopsis_in_description"] += 1
        else:
            kept.append((name, syn, desc))
    stats["dropped"] = dict(sorted(dropped.items()))

    # One package per group (a group's members are siblings or near-duplicates): the shortest name, then by name.
    rep = {}
    for name, syn, desc in sorted(kept, key=lambda r: (len(r[0]), r[0])):
        rep.setdefault(group_of[name], (name, syn, desc))
    stats["groups_with_a_usable_package"] = len(rep)

    side = {}
    for g in rep:
        side[g] = "eval" if int(rank("debian", g)[:8], 16) / 0xFFFFFFFF < DEB_EVAL_SHARE else "train"

    def beir_part(which, n_queries, n_corpus):
        members = sorted((rep[g] for g in rep if side[g] == which), key=lambda r: rank("debian-order", r[0]))
        # Queries: packages whose synopsis shares at most DEB_MAX_OVERLAP of its content words with the description
        # (otherwise the synopsis mostly repeats the description's first sentence).
        asked = [m for m in members if overlap(m[1], m[2]) <= DEB_MAX_OVERLAP][:n_queries]
        # Look-alike distractors: per query package, the descriptions nearest (TF-IDF cosine) to its synopsis and
        # to its description, in the same split; then further packages of the split in seeded order up to n_corpus.
        chosen = {n: (n, s, d) for n, s, d in asked}
        lookalikes = TfIdf(members)
        for n, syn, _ in asked:
            near = lookalikes.nearest(n, DEB_NEIGHBOURS, text=syn) + lookalikes.nearest(n, DEB_NEIGHBOURS)
            for j in near:
                if len(chosen) < n_corpus:
                    chosen.setdefault(members[j][0], members[j])
        for m in members:
            if len(chosen) >= n_corpus:
                break
            chosen.setdefault(m[0], m)
        corpus = sorted(("d:" + n, "", d) for n, _, d in chosen.values())
        asked = sorted(asked, key=lambda r: r[0])
        queries = [("q:" + n, s) for n, s, _ in asked]
        qrels = [("q:" + n, "d:" + n, 1) for n, _, _ in asked]
        return corpus, queries, qrels, members

    ev = beir_part("eval", DEB_EVAL_QUERIES, DEB_EVAL_CORPUS)
    tr = beir_part("train", DEB_TRAIN_QUERIES, DEB_TRAIN_CORPUS)
    parts = {"train": tr[:3], "eval": ev[:3]}
    # Training pairs: the training BEIR queries first, then further training-split groups, up to DEB_TRAIN_PAIRS.
    train_members = tr[3]
    pairs = [{"query": s, "pos": [d]} for _, s, d in sorted(train_members[:DEB_TRAIN_PAIRS], key=lambda r: r[0])]
    stats["eval_split_groups"] = len(ev[3])
    stats["train_split_groups"] = len(train_members)
    return finish("debian", out_dir, parts, pairs, stats, {
        "source": "debian-descriptions/bookworm-main-descriptions.tsv.gz",
        "query": "synopsis",
        "documents": "long descriptions, one package per group, title empty; per query package the %d descriptions "
                     "nearest (TF-IDF cosine) to its synopsis and the %d nearest to its description, in the same "
                     "split, then further packages of the split" % (DEB_NEIGHBOURS, DEB_NEIGHBOURS),
        "queries": "packages whose synopsis shares at most %.0f%% of its content words with the description"
                   % (100 * DEB_MAX_OVERLAP),
        "relevance": "1 = the package's own description",
        "grouping": "union-find over source-name stem, strict synopsis, strict description, strict first "
                    "paragraph (>= 40 chars)",
        "filters": "transitional/dummy/meta packages, description < %d chars or synopsis < 2 words, synopsis "
                   "verbatim in description" % DEB_MIN_DESCRIPTION_CHARS,
        "train_pairs": "synopsis -> [description], training-split groups only",
        "eval_share_of_groups": DEB_EVAL_SHARE,
    })


# ---------------------------------------------------------------- output and check

def finish(name, out_dir, parts, pairs, stats, construction):
    base = os.path.join(out_dir, name)
    for side, (corpus, queries, qrels) in parts.items():
        write_beir(os.path.join(base, side), corpus, queries, qrels)
    write_jsonl(os.path.join(base, "train-pairs.jsonl"), pairs)
    counts = {side: {"queries": len(q), "documents": len(c), "qrels": len(r),
                     "relevant_per_query": round(len(r) / max(1, len(q)), 2)}
              for side, (c, q, r) in parts.items()}
    counts["train_pairs"] = {"lines": len(pairs), "pairs": sum(len(p["pos"]) for p in pairs)}
    return {"name": name, "construction": construction, "source_stats": stats, "counts": counts}


def read_texts(directory):
    texts = []
    for f in ("corpus.jsonl", "queries.jsonl"):
        with open(os.path.join(directory, f), encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                texts.append(r["text"])
                if r.get("title"):
                    texts.append(r["title"])
    return texts


def check(out_dir, names):
    """Reads the written files back; returns the number of eval texts also found in the training side."""
    violations = 0
    print("%-8s %-6s %8s %8s %8s" % ("set", "part", "queries", "docs", "qrels"))
    for name in names:
        base = os.path.join(out_dir, name)
        for side in ("train", "eval"):
            d = os.path.join(base, side)
            nq = sum(1 for _ in open(os.path.join(d, "queries.jsonl"), encoding="utf-8"))
            nd = sum(1 for _ in open(os.path.join(d, "corpus.jsonl"), encoding="utf-8"))
            nr = sum(1 for _ in open(os.path.join(d, "qrels", "test.tsv"), encoding="utf-8")) - 1
            print("%-8s %-6s %8d %8d %8d" % (name, side, nq, nd, nr))
        train = read_texts(os.path.join(base, "train"))
        npairs = 0
        with open(os.path.join(base, "train-pairs.jsonl"), encoding="utf-8") as fh:
            for line in fh:
                p = json.loads(line)
                train.append(p["query"])
                train.extend(p["pos"])
                npairs += len(p["pos"])
        print("%-8s %-6s %8s %8s   (train-pairs.jsonl: %d pairs)" % (name, "pairs", "", "", npairs))
        train_norm = {norm(t) for t in train}
        train_strict = {strict(t) for t in train}
        bad = [t for t in read_texts(os.path.join(base, "eval"))
               if norm(t) in train_norm or strict(t) in train_strict]
        if bad:
            print("%s: FAIL: %d eval texts also on the training side, e.g. %r" % (name, len(bad), bad[0][:100]))
        else:
            print("%s: OK: no eval query or document text (normalised) in train/ or train-pairs.jsonl" % name)
        violations += len(bad)
    return violations


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    out = os.path.abspath(args.output)
    os.makedirs(out, exist_ok=True)
    sets = [
        build_stackexchange(os.path.join(shared, "stackexchange-beer", "Posts.xml"), out),
        build_debian(os.path.join(shared, "debian-descriptions", "bookworm-main-descriptions.tsv.gz"), out),
    ]
    with open(os.path.join(out, "dev-sets.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"seed": SEED, "sets": sets}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    stsb = os.path.join(shared, "stsb", "sts-dev.csv")
    with open(os.path.join(out, "sets.conf"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Evaluation sets written by scripts/build-dev-sets (eval parts only; the train parts and\n"
                "# train-pairs.jsonl are for training and in-domain checks).\n")
        f.write("sets = [\n")
        for s in sets:
            f.write('  {name = %s, type = retrieval, path = %s}\n'
                    % (s["name"], json.dumps(os.path.join(out, s["name"], "eval"))))
        f.write('  {name = stsb-dev, type = sts, path = %s}\n' % json.dumps(stsb))
        f.write("]\n")
    violations = check(out, [s["name"] for s in sets])
    if violations:
        print("build-dev-sets: %d overlapping texts between train and eval" % violations, file=sys.stderr)
        return 1
    print("build-dev-sets: wrote %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
