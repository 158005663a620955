#!/usr/bin/env python3
"""Checks that two prepare-corpus outputs hold the same corpus: identical manifest.json, the same shard files with
equal rows (Parquet tables compared value by value: the files' bytes may differ) and equal exclusions.

  compare-prepared-corpora.py CORPUS_A CORPUS_B      (exit status 1 on any difference)
"""
import glob
import os
import sys

import pyarrow.parquet as pq

a, b = sys.argv[1], sys.argv[2]
if open(os.path.join(a, "manifest.json"), "rb").read() != open(os.path.join(b, "manifest.json"), "rb").read():
    sys.exit("manifest.json differs")
fa = sorted(os.path.basename(f) for f in glob.glob(os.path.join(a, "shard-*.parquet")))
fb = sorted(os.path.basename(f) for f in glob.glob(os.path.join(b, "shard-*.parquet")))
if fa != fb:
    sys.exit("different shard files: %s vs %s" % (fa, fb))
rows = 0
for f in fa:
    ta, tb = pq.read_table(os.path.join(a, f)), pq.read_table(os.path.join(b, f))
    if not ta.equals(tb):
        sys.exit("%s differs" % f)
    rows += ta.num_rows
ea, eb = pq.read_table(os.path.join(a, "exclusions")), pq.read_table(os.path.join(b, "exclusions"))
if not ea.equals(eb):
    sys.exit("exclusions differ")
print("identical: manifest.json, %d shards (%d rows), %d exclusions" % (len(fa), rows, ea.num_rows))
