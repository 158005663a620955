#!/usr/bin/env python3
"""Converts the shared real data sets (../shared/data) into corpus-preparation inputs.

  convert-shared-data.py SHARED_DATA_DIR OUT_DIR [--demo] [--pubmedqa-from N]

Writes (gzip-compressed):
  debian-descriptions.tsv.gz  package, synopsis, description (TSV with header, as shipped; --demo: every 15th row)
  stackexchange-beer-Posts.xml.gz  the Posts.xml dump (--demo: 220 questions and their answers)
  pubmedqa.jsonl.gz           {"query": QUESTION, "pos": [CONTEXTS joined], "id": pubmed id} (--demo: 400;
                              --pubmedqa-from N: entries N.. only, so that the first N stay held out for
                              evaluation: gte convert-pubmedqa --queries N --corpus-size N)
  snli.jsonl.gz               {"query": premise, "pos": [entailed hypotheses], "neg": [contradicted hypotheses]}
                              from SNLI dev + test (--demo: dev only)
Deterministic: the same input gives byte-identical output (gzip mtime 0).
"""
import gzip
import json
import os
import re
import sys
from collections import OrderedDict


def gz_writer(path):
    return gzip.GzipFile(filename="", mode="wb", fileobj=open(path, "wb"), mtime=0)


def detok(s):
    s = s.strip()
    s = re.sub(r" ([.,!?;:'])", r"\1", s)
    s = re.sub(r" n't", "n't", s)
    return s


def debian(src, out, demo):
    with gzip.open(os.path.join(src, "debian-descriptions/bookworm-main-descriptions.tsv.gz"), "rb") as f, \
            gz_writer(os.path.join(out, "debian-descriptions.tsv.gz")) as w:
        for i, line in enumerate(f):
            if i == 0 or not demo or i % 15 == 0:
                w.write(line)


def stackexchange(src, out, demo):
    lines = open(os.path.join(src, "stackexchange-beer/Posts.xml"), "rb").read().split(b"\n")
    keep_questions = set()
    if demo:
        for line in lines:
            m = re.search(rb'<row Id="(\d+)" PostTypeId="1"', line)
            if m and len(keep_questions) < 220:
                keep_questions.add(m.group(1))
    with gz_writer(os.path.join(out, "stackexchange-beer-Posts.xml.gz")) as w:
        for line in lines:
            if demo and line.lstrip().startswith(b"<row"):
                q = re.search(rb' Id="(\d+)" PostTypeId="1"', line)
                a = re.search(rb' PostTypeId="2" ParentId="(\d+)"', line)
                if not ((q and q.group(1) in keep_questions) or (a and a.group(1) in keep_questions)):
                    continue
            w.write(line + b"\n")


def pubmedqa(src, out, demo, first=0):
    data = json.load(open(os.path.join(src, "pubmedqa/ori_pqal.json")), object_pairs_hook=OrderedDict)
    with gz_writer(os.path.join(out, "pubmedqa.jsonl.gz")) as w:
        for i, (pmid, e) in enumerate(data.items()):
            if demo and i >= 400:
                break
            if i < first:
                continue
            rec = OrderedDict([("id", pmid), ("query", e["QUESTION"]), ("pos", [" ".join(e["CONTEXTS"])])])
            w.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))


def snli(src, out, demo):
    groups = OrderedDict()
    for split in (["dev"] if demo else ["dev", "test"]):
        s1 = open(os.path.join(src, "snli/s1." + split), encoding="utf-8").read().split("\n")
        s2 = open(os.path.join(src, "snli/s2." + split), encoding="utf-8").read().split("\n")
        lab = open(os.path.join(src, "snli/labels." + split), encoding="utf-8").read().split("\n")
        for p, h, l in zip(s1, s2, lab):
            if not p.strip():
                continue
            g = groups.setdefault(detok(p), {"pos": [], "neg": []})
            if l.strip() == "entailment":
                g["pos"].append(detok(h))
            elif l.strip() == "contradiction":
                g["neg"].append(detok(h))
    with gz_writer(os.path.join(out, "snli.jsonl.gz")) as w:
        for p, g in groups.items():
            if not g["pos"]:
                continue
            rec = OrderedDict([("query", p), ("pos", g["pos"]), ("neg", g["neg"])])
            w.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    opts = sys.argv[3:]
    demo = "--demo" in opts
    first = int(opts[opts.index("--pubmedqa-from") + 1]) if "--pubmedqa-from" in opts else 0
    os.makedirs(out, exist_ok=True)
    debian(src, out, demo)
    stackexchange(src, out, demo)
    pubmedqa(src, out, demo, first)
    snli(src, out, demo)


if __name__ == "__main__":
    main()
