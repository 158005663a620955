#!/usr/bin/env python3
"""Writes the report of a scripts/adapt-domain run: start model vs stage 1 vs stage 2 vs the merged model on the
evaluation sets.

  adapt_domain_report.py WORK_DIR START_MODEL

Reads WORK_DIR/runs/stage1/metrics.jsonl and WORK_DIR/runs/stage2/metrics.jsonl (the in-training evaluations at
the start and end of each stage), WORK_DIR/merged/eval.json and merged/model/merge.json (the merge step's
evaluation and weight), the corpora's and the mining's manifest.json, and writes WORK_DIR/report.md (a
table per metric, the change against the start model, pairs seen, wall time per stage), WORK_DIR/report.json and
WORK_DIR/report.png (the last stage's training chart: loss and every evaluation set over both stages). The report
names the build (commit) each step ran with, from the first line of the step's resolved-config.conf.
"""
import json
import os
import shutil
import sys


def read_jsonl(path):
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_json(path):
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def stage_summary(records, stage):
    evals = [r for r in records if r.get("type") == "eval" and r.get("stage") == stage]
    trains = [r for r in records if r.get("type") == "train" and r.get("stage") == stage]
    seconds = sum(r.get("round_seconds", 0) for r in trains) + sum(r.get("seconds", 0) for r in evals)
    return {
        "start": evals[0]["metrics"] if evals else None,
        "end": evals[-1]["metrics"] if len(evals) > 1 else None,
        "steps": trains[-1]["step"] if trains else 0,
        "pairs": sum(r.get("pairs", 0) for r in trains),
        "train_seconds": round(sum(r.get("round_seconds", 0) for r in trains), 1),
        "eval_seconds": round(sum(r.get("seconds", 0) for r in evals), 1),
        "seconds": round(seconds, 1),
        "final_loss": trains[-1]["loss"] if trains else None,
    }


STEP_OUTPUTS = (("prepare1", "corpus/stage1"), ("stage1", "runs/stage1"), ("mine", "mined"),
                ("prepare2", "corpus/stage2"), ("stage2", "runs/stage2"))
BUILD_PREFIX = "# written by "


def builds(work):
    """{step: the build line of its resolved-config.conf} for the steps that wrote one."""
    out = {}
    for step, sub in STEP_OUTPUTS:
        path = os.path.join(work, sub, "resolved-config.conf")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                first = f.readline().strip()
            out[step] = first[len(BUILD_PREFIX):] if first.startswith(BUILD_PREFIX) else "not recorded"
    return out


def build_lines(by_step):
    distinct = sorted(set(by_step.values()))
    if not distinct:
        return []
    if len(distinct) == 1:
        return ["Built by: %s." % distinct[0], ""]
    return ["Built by (the steps ran with different builds):", ""] + [
        "- %s: %s" % (step, b) for step, b in by_step.items()] + [""]


def merged_row(work):
    """(label, metrics) of the merge step's model, or None when it did not run or had no evaluation sets."""
    result = read_json(os.path.join(work, "merged/eval.json"))
    record = read_json(os.path.join(work, "merged/model/merge.json"))
    if not result or not record:
        return None
    metrics = {}
    for name, values in result.get("sets", {}).items():
        for key, value in values.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                metrics["%s/%s" % (name, key)] = value
    path = os.path.normpath(record.get("model", ""))
    if os.path.basename(path) == "model":  # a stage's export: runs/stage2/model
        path = os.path.dirname(path)
    stage = os.path.basename(path)
    stage = {"stage1": "stage 1", "stage2": "stage 2"}.get(stage, stage)
    w = record["weight"]
    return "merged: %g x %s + %g x start" % (w, stage, round(1 - w, 10)), metrics


def main(work, start_model):
    s1 = stage_summary(read_jsonl(os.path.join(work, "runs/stage1/metrics.jsonl")), "stage1")
    s2 = stage_summary(read_jsonl(os.path.join(work, "runs/stage2/metrics.jsonl")), "stage2")
    rows = []
    if s1["start"]:
        rows.append(("start (" + start_model + ")", s1["start"]))
    if s1["end"]:
        rows.append(("stage 1 (in-batch negatives)", s1["end"]))
    if s2["end"]:
        rows.append(("stage 2 (+ mined hard negatives)", s2["end"]))
    merged = merged_row(work)
    if merged and rows:
        rows.append(merged)
    metrics = []
    for _, m in rows:
        for k in m:
            if k not in metrics:
                metrics.append(k)
    primary = [k for k in metrics if k.endswith("/ndcg@10") or k.endswith("/spearman")]
    mine = read_json(os.path.join(work, "mined/manifest.json"))
    c1 = read_json(os.path.join(work, "corpus/stage1/manifest.json"))
    c2 = read_json(os.path.join(work, "corpus/stage2/manifest.json"))
    by_step = builds(work)
    lines = ["# Domain adaptation report", "", "Work directory: `%s`; start model: `%s`." % (work, start_model), ""]
    lines += build_lines(by_step)
    if rows:
        base = rows[0][1]
        lines.append("| model | " + " | ".join(primary) + " |")
        lines.append("|---|" + "---|" * len(primary))
        for name, m in rows:
            cells = []
            for k in primary:
                if k not in m:
                    cells.append("-")
                elif m is base:
                    cells.append("%.4f" % m[k])
                else:
                    cells.append("%.4f (%+.4f)" % (m[k], m[k] - base.get(k, float("nan"))))
            lines.append("| %s | %s |" % (name, " | ".join(cells)))
        others = [k for k in metrics if k not in primary]
        if others:
            lines += ["", "Other metrics:", "", "| model | " + " | ".join(others) + " |", "|---|" + "---|" * len(others)]
            for name, m in rows:
                lines.append("| %s | %s |" % (name, " | ".join("%.4f" % m[k] if k in m else "-" for k in others)))
    else:
        lines.append("No evaluation sets were given (--eval), so there is nothing to compare.")
    lines += ["", "| stage | steps | pairs seen | training s | evaluation s | eval share | final loss |",
              "|---|---|---|---|---|---|---|"]
    for name, s in (("stage 1", s1), ("stage 2", s2)):
        if s["steps"]:
            total = s["train_seconds"] + s["eval_seconds"]
            share = "%.0f%%" % (100.0 * s["eval_seconds"] / total) if total > 0 else "-"
            lines.append("| %s | %d | %d | %.0f | %.0f | %s | %.4f |" % (
                name, s["steps"], s["pairs"], s["train_seconds"], s["eval_seconds"], share, s["final_loss"]))
    if c1:
        lines += ["", "Corpus (stage 1): %s pairs kept in %s batches of %s." % (
            c1.get("pairs", "?"), c1.get("batches", "?"), c1.get("batch_size", "?"))]
    if mine:
        for source in mine.get("inputs", []):
            lines += ["Mining (%s): %s pairs read, %s kept in %s rows with negatives, excluded %s." % (
                source.get("name", "?"), source.get("read", "?"), source.get("kept", "?"), source.get("rows", "?"),
                json.dumps(source.get("excluded", {})))]
    if c2:
        lines += ["Corpus (stage 2): %s pairs with hard negatives in %s batches." % (c2.get("pairs", "?"),
                                                                                 c2.get("batches", "?"))]
    chart = None
    for stage in ("stage2", "stage1"):
        png = os.path.join(work, "runs", stage, "training-chart.png")
        if os.path.isfile(png):
            chart = os.path.join(work, "report.png")
            shutil.copyfile(png, chart)
            lines += ["", "![training and evaluation](report.png)"]
            break
    with open(os.path.join(work, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(work, "report.json"), "w", encoding="utf-8") as f:
        json.dump({"start_model": start_model, "rows": [{"model": n, "metrics": m} for n, m in rows],
                   "stage1": s1, "stage2": s2, "mining": mine, "chart": chart,
                   "builds": by_step}, f, indent=2)
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
