#!/usr/bin/env python3
"""Writes fuzzed corpus-preparation inputs into DIR (one file per source, the file's base name before the first dot is
the source name) and prints, as JSON, for each source the [min, max] number of records the job must count as read.

Used by scripts/test-cluster (fault c). The counts follow the job's documented reading rules: lines split at LF
(a CR before it dropped), blank lines skipped, every other line one record (kept or excluded with a reason); a file
that cannot be read to its end (truncated gzip, random bytes named .gz) still has to be accounted for, so its bounds
are [complete lines before the damage, that + 1]. Deterministic (seeded).
"""
import gzip
import json
import os
import random
import sys
import zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(20261127)
expected = {}

WORDS = ("the a of to and in is for on with that by this are from how what can which use package library "
         "tool data file system network server client text model train query document search index beer yeast "
         "hops brewing temperature ferment protein cell gene study patients clinical").split()


def sentence(n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def good_jsonl(i):
    return json.dumps({"query": "How does %s work %d?" % (rng.choice(WORDS), i),
                       "pos": sentence(25) + " Item %d." % i}).encode("utf-8")


def records(data):
    """Records the job reads from an uncompressed byte stream: non-blank LF-separated lines."""
    n = 0
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines = lines[:-1]
    for i, line in enumerate(lines):
        if i == 0 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if line.endswith(b"\r"):
            line = line[:-1]
        try:
            text = line.decode("utf-8")
            # Java's String.isBlank: Character.isWhitespace
            if text == "" or all(c in " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f" or (c.isspace() and c not in "\xa0\u2007\u202f")
                                 for c in text):
                continue
        except UnicodeDecodeError:
            pass
        n += 1
    return n


def write(name, data, lo=None, hi=None):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    source = name.split(".")[0]
    expected[source] = [lo, hi] if lo is not None else [records(data), records(data)]


# 1. random bytes (a plain .jsonl: invalid UTF-8 / broken JSON lines)
write("randombytes.jsonl", bytes(rng.getrandbits(8) for _ in range(200_000)))

# 2. random bytes named .gz (not gzip at all): nothing readable, the file must still be accounted for
write("notgzip.jsonl.gz", bytes(rng.getrandbits(8) for _ in range(50_000)), 0, 1)

# 3. a truncated gzip file of good lines
plain = b"\n".join(good_jsonl(i) for i in range(400)) + b"\n"
gz = gzip.compress(plain)
cut = gz[: len(gz) * 2 // 3]
d = zlib.decompressobj(16 + zlib.MAX_WBITS)
prefix = d.decompress(cut)
complete = records(prefix[: prefix.rfind(b"\n") + 1])
write("truncatedgzip.jsonl.gz", cut, complete, complete + 1)

# 4. truncated JSON: good lines, then lines cut in the middle, and a file ending inside a JSON object
lines = [good_jsonl(i) for i in range(200)]
for i in range(0, 200, 7):
    lines[i] = lines[i][: len(lines[i]) // 2]
write("truncatedjson.jsonl", b"\n".join(lines) + b"\n" + good_jsonl(999)[:30])

# 5. one 10 MB line among good ones
chunk = sentence(20) + " "
big = json.dumps({"query": "What is a very long document?", "pos": chunk * (10_000_000 // len(chunk) + 1)}).encode()
write("tenmegabyteline.jsonl", b"\n".join([good_jsonl(1), big, good_jsonl(2)]) + b"\n")

# 6. Latin-1 text (invalid UTF-8 where accented letters are), TSV
latin = []
for i in range(150):
    q = "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 question %d about %s" % (i, rng.choice(WORDS))
    latin.append((q + "\t" + sentence(20) + " d\u00e9j\u00e0 vu %d." % i).encode("latin-1"))
write("latin1.tsv", b"\n".join(latin) + b"\n")

# 7. UTF-16 (with BOM, little endian) JSON lines, CRLF line ends
utf16 = "\r\n".join(json.dumps({"query": "utf16 query %d" % i, "pos": sentence(20)}) for i in range(120))
write("utf16.jsonl", utf16.encode("utf-16"))

# 8. a control: good lines only (must be kept)
write("control.jsonl", b"\n".join(good_jsonl(i) for i in range(1000, 1300)) + b"\n")

print(json.dumps(expected))
