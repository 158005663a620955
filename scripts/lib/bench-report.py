#!/usr/bin/env python3
"""Markdown report of a corpus-preparation benchmark run (used by scripts/bench-prepare-corpus).

Arguments: manifest.json cores start end run.log time.txt load-before load-after command
"""
import json, re, sys, os
manifest, cores, start, end, log, timef, lb, la, cmd = sys.argv[1:10]
m = json.load(open(manifest)); cores = int(cores); wall = float(end) - float(start)
if "timings" not in m:
    m["timings"] = json.load(open(os.path.join(os.path.dirname(manifest), "run-stats.json")))["timings"]
t = {s["step"]: s for s in m["timings"]}
read = t["read+clean"]["pairs_in"]
job = sum(s["seconds"] for s in m["timings"])
print("\n### Run (%s)\n" % os.popen("date -u +%Y-%m-%dT%H:%MZ").read().strip())
print("Command (from the repository root):\n\n```\n" + cmd.replace(" --", " \\\n    --") + "\n```\n")
print("| step | pairs in | pairs out | wall s | pairs/s (wall) | per core (wall) | task CPU s | pairs per CPU-s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
def row(name, pin, pout, sec, cpu):
    rate = pin / sec if sec else 0
    crate = "%.0f" % (pin / cpu) if cpu else "-"
    print("| %s | %s | %s | %.2f | %.0f | %.0f | %s | %s |" % (name, pin, pout, sec, rate, rate / cores,
          "%.2f" % cpu if cpu else "-", crate))
for s in m["timings"]:
    row(s["step"], s["pairs_in"], s["pairs_out"], s["seconds"], s.get("task_cpu_seconds", 0))
keys = [k for k in ("read+clean", "exact dedup", "tokenize") if k in t]
# per-pair cost of the three steps, each over its own input, expressed for the pairs read
wall3 = sum(t[k]["seconds"] / t[k]["pairs_in"] for k in keys) * read
cpu3 = sum(t[k].get("task_cpu_seconds", 0) / t[k]["pairs_in"] for k in keys) * read
row("**clean + exact dedup + tokenize**", read, "", wall3, cpu3)
row("**job steps total**", read, m["pairs"], job, sum(s.get("task_cpu_seconds", 0) for s in m["timings"]))
row("wall clock incl. JVM/Spark start-up", read, "", wall, 0)
peak = re.findall(r"peak heap (\d+) MB", open(log).read())
rss = ""
if os.path.exists(timef):
    mm = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(timef).read())
    rss = "%d MB" % (int(mm.group(1)) / 1024) if mm else ""
print("\nCores: %d (local[*]); peak heap of the driver/executor JVM: %s MB; max RSS: %s; load average before %s, after %s."
      % (cores, peak[-1] if peak else "?", rss or "?", lb, la))
print("\nCounts:\n")
txt = open(log).read()
start_t = txt.find("| source |")
print(txt[start_t:txt.find("\n\n", start_t)])
