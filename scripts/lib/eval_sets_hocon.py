#!/usr/bin/env python3
"""Turns evaluation-set arguments into the HOCON list of a stage's eval.sets (used by scripts/adapt-domain).

  eval_sets_hocon.py SET [SET ...]

Each SET is NAME=TYPE:PATH (TYPE sts | retrieval) or a file holding `sets = [{name, type, path}, ...]` in the
simple layout `gte eval` and scripts/build-dev-sets write (one object per line); relative paths become absolute
(against the working directory, or the file's directory for a file's entries). Prints one line of HOCON; exits 2
with a one-line reason on a bad set, an unknown type, a missing path or a repeated name.
"""
import os
import re
import sys

ENTRY = re.compile(r'\{\s*name\s*=\s*"?([^",}\s]+)"?\s*,?\s*type\s*=\s*"?([^",}\s]+)"?\s*,?\s*path\s*=\s*"([^"]+)"\s*\}')


def fail(message):
    print("eval sets: " + message, file=sys.stderr)
    sys.exit(2)


def absolute(path, base):
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path) or path.startswith("/"):
        return path
    return os.path.normpath(os.path.join(base, path))


def main(args):
    sets = []
    for arg in args:
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)=([a-z]+):(.+)$", arg)
        if m and not os.path.isfile(arg):
            sets.append((m.group(1), m.group(2), absolute(m.group(3), os.getcwd())))
            continue
        if not os.path.isfile(arg):
            fail("'%s' is neither NAME=TYPE:PATH nor a sets file" % arg)
        text = open(arg, encoding="utf-8").read()
        found = ENTRY.findall(text)
        if not found:
            fail("%s lists no {name = ..., type = ..., path = \"...\"} entries" % arg)
        base = os.path.dirname(os.path.abspath(arg))
        sets.extend((n, t, absolute(p, base)) for n, t, p in found)
    names = set()
    out = []
    for name, kind, path in sets:
        if kind not in ("sts", "retrieval"):
            fail("set %s: unknown type '%s' (sts | retrieval)" % (name, kind))
        if name in names:
            fail("two sets are named %s" % name)
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path) and not os.path.exists(path):
            fail("set %s: no such file or directory %s" % (name, path))
        names.add(name)
        out.append('{name = "%s", type = %s, path = "%s"}' % (name, kind, path.replace('"', '\\"')))
    print("[" + ", ".join(out) + "]")


if __name__ == "__main__":
    main(sys.argv[1:])
