#!/usr/bin/env python3
"""Markdown report of scripts/bench/prepare-corpus-scaling.sh.

  bench-scaling-report.py OUT_DIR SCALE [SCALE ...]

Reads OUT_DIR/xS/corpus/run-stats.json (+ run.log, time.txt, load-*.txt, clock.txt, dedup-check.md) per scale and
prints one table: per step and scale pairs in/out, wall s, task-CPU s, CPU-us per pair (task CPU / pairs into the
step), each scale's CPU-us per pair relative to the smallest scale's, and, where run-stats.json has them, the
driver thread's CPU, the JVM's GC time per step and what persisted RDDs hold when the step ends.
"""
import json
import os
import re
import sys

out = sys.argv[1]
scales = [int(s) for s in sys.argv[2:]]
runs = {}
for s in scales:
    d = os.path.join(out, "x%d" % s)
    stats = json.load(open(os.path.join(d, "corpus", "run-stats.json")))
    r = {"stats": stats, "steps": {t["step"]: t for t in stats["timings"]}}
    r["order"] = [t["step"] for t in stats["timings"]]
    rd = lambda f: open(os.path.join(d, f)).read().strip() if os.path.exists(os.path.join(d, f)) else "?"
    r["load"] = (rd("load-before.txt"), rd("load-after.txt"))
    clock = rd("clock.txt").split()
    r["wall"] = float(clock[1]) - float(clock[0]) if len(clock) == 2 else 0
    tm = rd("time.txt")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tm)
    r["rss"] = int(m.group(1)) // 1024 if m else None
    m = re.search(r"User time \(seconds\): ([\d.]+)", tm)
    m2 = re.search(r"System time \(seconds\): ([\d.]+)", tm)
    r["process_cpu"] = float(m.group(1)) + float(m2.group(1)) if m and m2 else None
    r["check"] = rd("dedup-check.md")
    r["command"] = rd("command.txt")
    runs[s] = r

lo, hi = scales[0], scales[-1]
extra = all("driver_cpu_seconds" in t for s in scales for t in runs[s]["stats"]["timings"])
cached = all("cached_memory_bytes" in t for s in scales for t in runs[s]["stats"]["timings"])
head = "| step | scale | pairs in | pairs out | wall s | task-CPU s | CPU-us per pair | CPU per pair vs %dx |" % lo
sep = "|---|---:|---:|---:|---:|---:|---:|---:|"
if extra:
    head += " driver CPU s | GC s |"
    sep += "---:|---:|"
if cached:
    head += " cached after step MB (memory / disk) |"
    sep += "---:|"
print(head)
print(sep)


def per_pair(t):
    return t["task_cpu_seconds"] / t["pairs_in"] * 1e6 if t["pairs_in"] else 0


tot = {}
for step in runs[lo]["order"]:
    for s in scales:
        t = runs[s]["steps"].get(step)
        if t is None:
            continue
        ratio = ""
        if s != lo and step in runs[lo]["steps"] and per_pair(runs[lo]["steps"][step]):
            ratio = "**%.2f**" % (per_pair(t) / per_pair(runs[lo]["steps"][step]))
        row = "| %s | %dx | %d | %d | %.1f | %.2f | %.1f | %s |" % (
            step, s, t["pairs_in"], t["pairs_out"], t["seconds"], t["task_cpu_seconds"], per_pair(t), ratio)
        if extra:
            row += " %.2f | %.2f |" % (t["driver_cpu_seconds"], t["gc_seconds"])
        if cached:
            row += " %.0f / %.0f |" % (t["cached_memory_bytes"] / 1e6, t["cached_disk_bytes"] / 1e6)
        print(row)
for s in scales:
    ts = runs[s]["stats"]["timings"]
    read = ts[0]["pairs_in"]
    cpu = sum(t["task_cpu_seconds"] for t in ts)
    tot[s] = cpu / read * 1e6
    ratio = "**%.2f**" % (tot[s] / tot[lo]) if s != lo else ""
    row = "| **all steps** (per pair read) | %dx | %d | %d | %.1f | %.2f | %.1f | %s |" % (
        s, read, ts[-1]["pairs_out"], sum(t["seconds"] for t in ts), cpu, tot[s], ratio)
    if extra:
        row += " %.2f | %.2f |" % (sum(t["driver_cpu_seconds"] for t in ts), sum(t["gc_seconds"] for t in ts))
    if cached:
        row += " |"
    print(row)

print("\n| scale | wall incl. JVM start s | process CPU s (GNU time) | peak heap MB | max RSS MB | load average before / after |")
print("|---:|---:|---:|---:|---:|---|")
for s in scales:
    r = runs[s]
    print("| %dx | %.0f | %s | %.0f | %s | %s / %s |" % (
        s, r["wall"], "%.0f" % r["process_cpu"] if r["process_cpu"] else "?",
        r["stats"].get("peak_heap_bytes", 0) / 1e6, r["rss"] or "?", r["load"][0], r["load"][1]))

for s in scales:
    print("\nDedup check, %dx (`scale-debian-corpus.py --check`):\n\n%s" % (s, runs[s]["check"]))
print("\nCommand of the %dx run (from the repository root):\n\n```\n%s\n```" % (hi, runs[hi]["command"]))
