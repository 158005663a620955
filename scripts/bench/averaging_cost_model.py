#!/usr/bin/python3
"""Cost model of one averaging round's synchronisation, fitted to scripts/bench/averaging_sync.sh's output, and the
scaling efficiency it projects for larger clusters (docs/scaling.md). Standard library only.

    averaging_cost_model.py ROUNDS.jsonl [--bandwidth-gbps 25] [--depth 2] [--executors 8 32 64]
                            [--frequencies 1 5 20] [--markdown OUT.md]
    averaging_cost_model.py - --self-check     # run_lengths vs PartitionOrderedSum's tests, least squares on exact data

1. Measured: per application (model size x workers x setting), the medians over its rounds (the warm-up round left
   out) of every part of a round's synchronisation.
2. Fit A, the issue's form: t_sync = a + b*bytes + c*bytes*workers, by least squares over every round of the base
   grid (depth 2, Java serializer, compressed broadcast), with residuals per application.
3. Fit B, by parts (used for the projection; why: docs/scaling.md). Each part is fitted as alpha + beta*bytes over
   the applications that measure it, bytes = one copy of parameters + AdamW state:
     build   driver: ModelBroadcast + Spark broadcast (serialise, compress, store the pieces)    once per round
     read    executor: fetch the broadcast pieces + deserialise (first task of an executor)    once per executor
     task    executor, per worker task: assign the broadcast to the pooled graph + serialise the result
     lvl     executor level of the tree: per partial read and added in a run
     pull    driver: one partial pulled (executor reads it, serialises it as a task result, the driver fetches,
             deserialises and adds it)                                                       k(W, depth) times
     avg     driver: divide the sums and write them into its graph
     other   the rest of the round (scheduling, the level-0 job's overhead beyond its tasks, accumulators)
   On this machine W workers queue on E executors (q = ceil(W/E) tasks each), so the level-0 job costs
   read + q*task there; fit B's prediction of the measured rounds is printed beside them.
4. Projection to a cluster of N executors (one worker each, its own host) at depth d and a network of G Gb/s:
     T(N) = build + read + task + other + avg + sum over executor levels of r_i*lvl + k(N, d)*pull
            + (1 + sum_i r_i + k(N, d)) * bytes / bandwidth
   The measured read, lvl and pull already include a transfer over the loopback interface; the network term adds
   the wire time of each copy on the round's critical path on top of it ("additive", conservative). "overlap"
   instead takes max(measured part, wire time) per transfer (wire and (de)serialisation fully overlapped).
   r_i and k follow PartitionOrderedSum.runLengths (same rule as treeAggregate: scale = max(ceil(n^(1/d)), 2)).
   Efficiency at averaging frequency F: step / (step + T/F).
"""
import argparse
import json
import math
import statistics
import sys
from collections import OrderedDict, defaultdict

# Encoder shapes (BERT, vocabulary 30522, 512 positions, 2 token types, no pooler: the project's encoder graph).
SHAPES = {
    "minilm": dict(hidden=384, layers=6, intermediate=1536, name="all-MiniLM-L6-v2 (22.7M)"),
    "small33m": dict(hidden=384, layers=12, intermediate=1536, name="bge-small shape (33M)"),
    "base110m": dict(hidden=768, layers=12, intermediate=3072, name="BERT-base shape (110M)"),
}

# Step times the projection divides by (seconds per optimizer step of one executor).
# H100 figures: issue #17's assumption (PyTorch bf16, L = 128), not measured here.
# CPU figure: docs/benchmarks.md, "Training step vs PyTorch", current figures (commit 703fd5d, 2026-11-27
# 16:50-17:00 UTC): all-MiniLM-L6-v2 shape, L = 128, batch 64, gradient-cached step at chunk 16, 2 threads, oneDNN
# build, 17.28 s per step on this 2-core VM.
HARDWARE = [
    ("H100, bge-small shape 33M, 1,024 pairs/step (issue #17)", "small33m", 0.22),
    ("H100, BERT-base 110M, 256 pairs/step (issue #17)", "base110m", 0.13),
    ("this VM's 2 cores, MiniLM, 64 pairs/step at L=128 (docs/benchmarks.md)", "minilm", 17.28),
]


def bert_parameters(hidden, layers, intermediate, vocab=30522, positions=512, types=2):
    embeddings = (vocab + positions + types) * hidden + 2 * hidden
    per_layer = 4 * hidden * hidden + 4 * hidden + 2 * hidden * intermediate + intermediate + hidden + 4 * hidden
    return embeddings + layers * per_layer


def run_lengths(n, depth):
    """PartitionOrderedSum.runLengths: run length of each executor level; the driver then adds what is left."""
    scale = max(int(math.ceil(n ** (1.0 / depth) - 1e-12)), 2)
    lengths = []
    while n > scale + -(-n // scale):
        n = -(-n // scale)
        lengths.append(scale)
    return lengths


def driver_partials(n, depth):
    for r in run_lengths(n, depth):
        n = -(-n // r)
    return n


def solve(rows, ys, names):
    """Least squares with the columns of `rows`; drops columns (first listed first) while the system is singular.
    Returns (coefficients by name, dropped names)."""
    cols = list(range(len(names)))
    dropped = []
    while cols:
        m = len(cols)
        # scale columns for conditioning
        scale = [max(abs(r[c]) for r in rows) or 1.0 for c in cols]
        a = [[sum(r[ci] / si * r[cj] / sj for r in rows) for cj, sj in zip(cols, scale)] for ci, si in zip(cols, scale)]
        b = [sum(r[ci] / si * y for r, y in zip(rows, ys)) for ci, si in zip(cols, scale)]
        x = gauss(a, b)
        if x is not None:
            return {names[c]: xi / s for c, xi, s in zip(cols, x, scale)}, dropped
        dropped.append(names[cols[0]])
        cols = cols[1:]
    return {}, dropped


def gauss(a, b, eps=1e-9):
    n = len(b)
    a = [row[:] + [bi] for row, bi in zip(a, b)]
    norm = max((abs(v) for row in a for v in row[:n]), default=1.0) or 1.0
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(a[r][i]))
        if abs(a[p][i]) < eps * norm:
            return None
        a[i], a[p] = a[p], a[i]
        for r in range(n):
            if r != i:
                f = a[r][i] / a[i][i]
                a[r] = [vr - f * vi for vr, vi in zip(a[r], a[i])]
    return [a[i][n] / a[i][i] for i in range(n)]


def fit_line(points, overhead=False):
    """alpha + beta*x over (x, y) points. With one distinct x (one model size) alpha and beta cannot be told apart:
    a part that moves or copies the bytes is then taken as proportional to them (through the origin), an overhead
    part as constant."""
    if not points:
        return None
    xs = {round(x, 6) for x, _ in points}
    if len(xs) < 2:
        if overhead:
            return (statistics.mean(y for _, y in points), 0.0, "constant: one model size only")
        beta = sum(y for _, y in points) / sum(x for x, _ in points)
        return (0.0, beta, "through the origin: one model size only")
    coef, _ = solve([(1.0, x) for x, _ in points], [y for _, y in points], ["alpha", "beta"])
    alpha, beta = coef.get("alpha", 0.0), coef.get("beta", 0.0)
    # a time that falls with the bytes, or is negative for none, is noise in the split: keep the sign physical
    if beta < 0:
        return (statistics.mean(y for _, y in points), 0.0, "fitted slope < 0: taken as constant")
    if alpha < 0:
        return (0.0, sum(x * y for x, y in points) / sum(x * x for x, _ in points),
                "fitted intercept < 0: through the origin")
    return (alpha, beta, "")


def median(v):
    v = [x for x in v if x is not None and not (isinstance(x, float) and math.isnan(x))]
    return statistics.median(v) if v else float("nan")


def load(path):
    rounds, memory = [], []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            (memory if r.get("type") == "memory" else rounds).append(r)
    return rounds, memory


def is_base(r):
    return (r["depth"] == 2 and r["serializer"].endswith("JavaSerializer") and r["broadcast_compress"])


def round_parts(r):
    """The parts of one measured round (seconds), as fit B names them."""
    tasks = [a + s for a, s in zip(r["graph_assign_s"], r.get("result_serialise_s") or [])]
    runs = [lvl["runs"] for lvl in r["executor_levels"]]
    e = max(r.get("executors", 1), 1)
    # partials on an executor level's critical path: ceil(runs/E) run tasks per executor, each adding r partials
    lvl_units = 0
    n = r["workers"]
    for runs_i in runs:
        r_len = -(-n // runs_i)
        lvl_units += -(-runs_i // e) * r_len
        n = runs_i
    k = r["driver_pulls"]
    measured = (r["broadcast_build_s"] + r["training_job_s"] + r["averaging_s"])
    return dict(
        build=r["broadcast_build_s"],
        read=r["broadcast_read_max_s"],
        task=statistics.mean(tasks) if tasks else float("nan"),
        q=r.get("tasks_per_executor_max", 1),
        lvl=(r["executor_levels_s"] / lvl_units) if lvl_units else None,
        lvl_units=lvl_units,
        pull=((r["pulls_s"] + r["driver_between_jobs_s"]) / k) if k else None,
        k=k,
        avg=r["averaging_s"],
        level0_overhead=r["level0_job_s"] - (r["broadcast_read_max_s"] + r.get("tasks_per_executor_max", 1) *
                                             (statistics.mean(tasks) if tasks else 0.0)),
        other=r["sync_total_s"] - measured,
        total=r["sync_total_s"],
    )


def fmt(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.{digits}f}"


def self_check():
    # PartitionOrderedSum.runLengths values asserted in AveragingOrderTest
    for n, d, want in [(6, 2, [3]), (4, 2, []), (64, 2, [8]), (64, 3, [4, 4]), (64, 1, []), (1, 2, [])]:
        assert run_lengths(n, d) == want, (n, d, run_lengths(n, d), want)
    assert [driver_partials(n, 2) for n in (1, 2, 4, 8, 32, 64)] == [1, 2, 4, 3, 6, 8]
    # exact data: t = 1 + 2*x + 3*x*w
    pts = [(1.0, x, x * w) for x in (0.3, 0.4, 1.3) for w in (1, 2, 4, 8)]
    coef, dropped = solve(pts, [1 + 2 * x + 3 * xw for _, x, xw in pts], ["a", "b", "c"])
    assert not dropped and all(abs(coef[k] - v) < 1e-9 for k, v in (("a", 1), ("b", 2), ("c", 3))), coef
    # one size: the intercept cannot be told from the per-byte term and is dropped
    pts = [(1.0, 0.3, 0.3 * w) for w in (1, 2)]
    coef, dropped = solve(pts, [1.0, 2.0], ["a", "b", "c"])
    assert dropped == ["a"] and abs(coef["b"] * 0.3 + coef["c"] * 0.3 - 1.0) < 1e-9, (coef, dropped)
    assert bert_parameters(384, 6, 1536) == 22565376  # all-MiniLM-L6-v2 as the bench counts it
    print("self-check ok")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rounds")
    ap.add_argument("--bandwidth-gbps", type=float, default=25.0,
                    help="network bandwidth per host (Gb/s) the projection assumes (default 25)")
    ap.add_argument("--depth", type=int, default=2, help="aggregation depth of the projection (default 2)")
    ap.add_argument("--executors", type=int, nargs="+", default=[8, 32, 64])
    ap.add_argument("--frequencies", type=int, nargs="+", default=[1, 5, 20])
    ap.add_argument("--markdown", help="write the tables for docs/scaling.md here")
    ap.add_argument("--self-check", action="store_true",
                    help="check run_lengths against PartitionOrderedSum's test values and the least squares, then exit")
    a = ap.parse_args()
    if a.self_check:
        self_check()
        return

    rounds, memory = load(a.rounds)
    timed = [r for r in rounds if not r["warmup"]]
    if not timed:
        sys.exit("no timed (non-warm-up) rounds in " + a.rounds)
    md = []

    def out(line=""):
        print(line)
        md.append(line)

    # ---- 1. measured ---------------------------------------------------------------------------------------------
    by_label = OrderedDict()
    for r in timed:
        by_label.setdefault(r["label"], []).append(r)
    mem = {m["label"]: m for m in memory}
    out("### Measured (medians over the timed rounds, seconds)")
    out()
    out("| application | model | MB/copy | W | E | q | depth | serializer | bcast compress | rounds | broadcast MB | "
        "build | read max | task (assign + serialise) | level-0 job | executor levels | pulls k | pull each | "
        "averaging | sync total (min-max) | driver / executor peak RSS MB |")
    out("|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for label, rs in by_label.items():
        r0 = rs[0]
        parts = [round_parts(r) for r in rs]
        totals = [r["sync_total_s"] for r in rs]
        m = mem.get(label)
        peak = "-" if not m else f"{m['driver_peak_rss_mb']} / {max(m['executor_peak_rss_mb'].values(), default=0)}"
        out(f"| {label} | {r0['model']} | {r0['state_bytes'] / 1e6:.0f} | {r0['workers']} | {r0.get('executors', '-')} "
            f"| {r0.get('tasks_per_executor_max', '-')} | {r0['depth']} | {r0['serializer'].split('.')[-1]} "
            f"| {r0['broadcast_compress']} | {len(rs)} | {median([r['broadcast_bytes'] for r in rs]) / 1e6:.0f} "
            f"| {fmt(median([p['build'] for p in parts]))} | {fmt(median([p['read'] for p in parts]))} "
            f"| {fmt(median([p['task'] for p in parts]))} | {fmt(median([r['level0_job_s'] for r in rs]))} "
            f"| {fmt(median([r['executor_levels_s'] for r in rs]))} | {r0['driver_pulls']} "
            f"| {fmt(median([p['pull'] for p in parts]))} | {fmt(median([p['avg'] for p in parts]))} "
            f"| {fmt(median(totals))} ({fmt(min(totals))}-{fmt(max(totals))}) | {peak} |")
    out()
    # the tree Spark ran must be the one run_lengths (the projection's) gives for W and the depth
    for r in rounds:
        n, expected = r["workers"], []
        for length in run_lengths(r["workers"], r["depth"]):
            n = -(-n // length)
            expected.append(n)
        observed = [lvl["runs"] for lvl in r["executor_levels"]]
        if observed != expected or r["driver_pulls"] != driver_partials(r["workers"], r["depth"]):
            out(f"WARNING: {r['label']} round {r['round']}: executor levels {observed}, {r['driver_pulls']} pulls; "
                f"run_lengths gives {expected}, {driver_partials(r['workers'], r['depth'])}")
    bad = [r["label"] + "#" + str(r["round"]) for r in rounds if not r.get("check_ok", True)]
    out(f"Averaging check (averaged = broadcast values, the step changes nothing): "
        f"{'all rounds ok' if not bad else 'FAILED in ' + ', '.join(bad)}.")
    out()

    base = [r for r in timed if is_base(r)]
    # ---- 2. fit A ------------------------------------------------------------------------------------------------
    out("### Fit A: t_sync = a + b*bytes + c*bytes*workers (base grid: depth 2, Java serializer, compressed broadcast)")
    out()
    gb = 1e9
    rows = [(1.0, r["state_bytes"] / gb, r["state_bytes"] / gb * r["workers"]) for r in base]
    ys = [r["sync_total_s"] for r in base]
    coef_a, dropped = solve(rows, ys, ["a", "b", "c"]) if base else ({}, [])
    if dropped:
        out(f"Not separable with these data: {', '.join(dropped)} left out (fixed at 0).")
        out()
    out(f"a = {coef_a.get('a', 0.0):.3f} s, b = {coef_a.get('b', 0.0):.3f} s/GB, c = {coef_a.get('c', 0.0):.3f} s/GB "
        f"per worker ({len(base)} rounds)")
    out()
    out("| application | GB/copy | W | measured median | fit A | residual |")
    out("|---|---:|---:|---:|---:|---:|")

    def fit_a(bytes_, w):
        return coef_a.get("a", 0.0) + coef_a.get("b", 0.0) * bytes_ / gb + coef_a.get("c", 0.0) * bytes_ / gb * w

    for label, rs in by_label.items():
        if not is_base(rs[0]):
            continue
        meas = median([r["sync_total_s"] for r in rs])
        pred = fit_a(rs[0]["state_bytes"], rs[0]["workers"])
        out(f"| {label} | {rs[0]['state_bytes'] / gb:.3f} | {rs[0]['workers']} | {meas:.2f} | {pred:.2f} "
            f"| {meas - pred:+.2f} |")
    out()

    # ---- 3. fit B ------------------------------------------------------------------------------------------------
    out("### Fit B: by parts, each alpha + beta*GB (base grid)")
    out()
    pts = defaultdict(list)
    for r in base:
        p = round_parts(r)
        x = r["state_bytes"] / gb
        for name in ("build", "read", "task", "avg", "other", "level0_overhead"):
            pts[name].append((x, p[name]))
        if p["pull"] is not None:
            pts["pull"].append((x, p["pull"]))
        if p["lvl"] is not None:
            pts["lvl"].append((x, p["lvl"]))
    fits = {}
    out("| part | alpha (s) | beta (s/GB) | rounds | note |")
    out("|---|---:|---:|---:|---|")
    for name in ("build", "read", "task", "pull", "lvl", "avg", "level0_overhead", "other"):
        f = fit_line(pts[name], overhead=name in ("level0_overhead", "other")) if pts[name] else None
        if f is None and name == "lvl":
            # an executor-level partial is fetched, deserialised and added like a pull, without the re-serialisation
            # as a task result: a pull's cost is an upper bound for it
            f = fits["pull"][:2] + ("no executor level measured: taken as equal to a pull",)
        if f is None:
            f = (0.0, 0.0, "not measured")
        fits[name] = f
        out(f"| {name} | {f[0]:.3f} | {f[1]:.3f} | {len(pts[name])} | {f[2]} |")
    out()

    def part(name, x):
        al, be, _ = fits[name]
        return al + be * x

    def predict_machine(r):
        x = r["state_bytes"] / gb
        p = round_parts(r)
        t = (part("build", x) + part("read", x) + p["q"] * part("task", x) + part("level0_overhead", x)
             + p["lvl_units"] * part("lvl", x) + p["k"] * part("pull", x) + part("avg", x) + part("other", x))
        return t

    out("Fit B on this machine's rounds (W workers queued on E executors: level 0 costs read + q*task):")
    out()
    out("| application | measured median | fit B | residual |")
    out("|---|---:|---:|---:|")
    for label, rs in by_label.items():
        meas = median([r["sync_total_s"] for r in rs])
        pred = median([predict_machine(r) for r in rs])
        out(f"| {label} | {meas:.2f} | {pred:.2f} | {meas - pred:+.2f} |")
    out()

    # ---- 4. projection -------------------------------------------------------------------------------------------
    bw = a.bandwidth_gbps * 1e9 / 8  # bytes per second
    measured_bytes = {}
    for r in timed:
        measured_bytes.setdefault(r["model"], r["state_bytes"])

    def copy_bytes(model):
        if model in measured_bytes:
            return measured_bytes[model]
        s = SHAPES[model]
        return 12 * bert_parameters(s["hidden"], s["layers"], s["intermediate"])

    def project(model, n, depth, overlap):
        b = copy_bytes(model)
        x = b / gb
        wire = b / bw
        runs = run_lengths(n, depth)
        k = driver_partials(n, depth)

        def hop(t):
            return max(t, wire) if overlap else t + wire

        t = part("build", x) + hop(part("read", x)) + part("task", x) + part("level0_overhead", x)
        t += sum(r * hop(part("lvl", x)) for r in runs)
        t += k * hop(part("pull", x)) + part("avg", x) + part("other", x)
        return t, runs, k

    out(f"### Projection: {a.bandwidth_gbps:g} Gb/s network, depth {a.depth}; efficiency = step / (step + T_sync/F)")
    out()
    out("Bytes per copy (parameters + AdamW state): "
        + ", ".join(f"{m} {copy_bytes(m) / 1e6:.0f} MB{'' if m in measured_bytes else ' (computed)'}"
                    for m in SHAPES) + ".")
    out()
    head = "| hardware, model, step | N executors | tree (executor levels; driver adds) | T_sync additive (overlap) | " \
           + " | ".join(f"F={f}" for f in a.frequencies) + " |"
    out(head)
    out("|---|---:|---|---:|" + "---:|" * len(a.frequencies))
    for name, model, step in HARDWARE:
        for n in a.executors:
            t, runs, k = project(model, n, a.depth, False)
            to, _, _ = project(model, n, a.depth, True)
            effs = " | ".join(f"{step / (step + t / f):.2f} ({step / (step + to / f):.2f})" for f in a.frequencies)
            out(f"| {name}, {step:g} s | {n} | {runs or 'none'}; {k} | {t:.1f} s ({to:.1f} s) | {effs} |")
    out()
    out("Fit A (linear in workers) at the same sizes, for comparison: "
        + "; ".join(f"{m} N={n}: {fit_a(copy_bytes(m), n):.1f} s" for _, m, _ in HARDWARE for n in a.executors)
        + ".")
    out()
    out("Depth per cluster size (tree: executor-level run lengths; partials the driver adds; T_sync additive, "
        "33M / 110M):")
    out()
    out("| N | depth 1 | depth 2 | depth 3 |")
    out("|---:|---|---|---|")
    for n in a.executors:
        cells = []
        for d in (1, 2, 3):
            t33, runs, k = project("small33m", n, d, False)
            t110, _, _ = project("base110m", n, d, False)
            cells.append(f"{runs or 'none'}; {k}: {t33:.1f} / {t110:.1f} s")
        out(f"| {n} | " + " | ".join(cells) + " |")
    out()

    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
