# shellcheck shell=bash
# Sourced by scripts/test-cluster. Check accounting and probes of the local test cluster (HDFS + Spark standalone
# started by scripts/cluster/*), all scoped to one work directory so that only this run's processes are touched.
#
#   check NAME CMD...          runs CMD, records "PASS NAME" or "FAIL NAME"
#   pass NAME / fail NAME WHY  records a result directly
#   checks_summary             prints "N passed, M failed"; status 0 when none failed
#   hdfs_fs ARGS...            'hadoop fs ARGS' against the test HDFS (needs CT_HDFS_DIR)
#   executor_pids              pids of Spark executor JVMs running in CT_SPARK_DIR/work (their working directory)
#   own_pids                   every live process of this run: pid-file processes, executors and drivers under
#                              CT_WORK, and the background jobs recorded in CT_WORK/pids/*.pid
#   corpus_verify URI [REF_MANIFEST]   checks a prepared corpus on HDFS (see below)

CT_PASSED=0
CT_FAILED=0
CT_FAILURES=()

pass() {
  CT_PASSED=$((CT_PASSED + 1))
  echo "PASS $1"
}

fail() {
  CT_FAILED=$((CT_FAILED + 1))
  CT_FAILURES+=("$1")
  echo "FAIL $1${2:+: $2}"
}

check() {
  local name="$1"
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

checks_summary() {
  local f
  for f in ${CT_FAILURES[@]+"${CT_FAILURES[@]}"}; do echo "  failed: $f"; done
  echo "$CT_PASSED passed, $CT_FAILED failed"
  [ "$CT_FAILED" -eq 0 ]
}

hdfs_fs() {
  "$GTE_REPO/scripts/cluster/hdfs" shell --dir "$CT_HDFS_DIR" -- "$@" 2>/dev/null
}

# pids of JVMs whose working directory lies under DIR and whose command line contains PATTERN
_pids_under() {
  local dir="$1" pattern="$2" pid cwd
  for pid in $(pgrep -f -- "$pattern" 2>/dev/null || true); do
    cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
    case "$cwd" in "$dir"/*) echo "$pid" ;; esac
  done
}

executor_pids() {
  _pids_under "$CT_SPARK_DIR/work" CoarseGrainedExecutorBackend
}

driver_pids() {
  _pids_under "$CT_SPARK_DIR/work" org.apache.spark.deploy.worker.DriverWrapper
}

own_pids() {
  local f
  for f in "$CT_HDFS_DIR"/pids/*.pid "$CT_SPARK_DIR"/pids/*.pid "$CT_WORK"/pids/*.pid; do
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
  done
  executor_pids
  driver_pids
  pgrep -f -- "$CT_WORK/" 2>/dev/null | grep -v -x "$$" || true
}

# corpus_verify URI [REF_MANIFEST]: _SUCCESS, manifest.json, every listed shard present and non-empty, the manifest
# reconciles (read == kept + sum(excluded) per source, pairs == batches * batch_size == sum(sampled)); with a
# reference manifest (a local file) also the same per-source counts, pairs and batches. Prints what it found.
corpus_verify() {
  local uri="$1" ref="${2:-}" listing manifest
  listing="$(mktemp)"; manifest="$(mktemp)"
  hdfs_fs -ls -R "$uri" > "$listing" || { echo "cannot list $uri"; rm -f "$listing" "$manifest"; return 1; }
  hdfs_fs -cat "$uri/manifest.json" > "$manifest" || { echo "no manifest.json in $uri"; rm -f "$listing" "$manifest"; return 1; }
  python3 - "$uri" "$listing" "$manifest" "$ref" <<'PY'
import json, sys
uri, listing, manifest, ref = sys.argv[1:5]
files = {}
for line in open(listing):
    p = line.split()
    if len(p) >= 8 and not line.startswith("d"):
        files[p[-1][len(uri):].lstrip("/")] = int(p[4])
m = json.load(open(manifest))
errors = []
if "_SUCCESS" not in files:
    errors.append("no _SUCCESS")
for s in m["shards"]:
    if files.get(s, 0) <= 0:
        errors.append("shard %s missing or empty" % s)
extra = [f for f in files if f.endswith(".parquet") and "/" not in f and f not in m["shards"]]
if extra:
    errors.append("shards not in the manifest: %s" % extra)
for s in m["sources"]:
    ex = sum(s["excluded"].values())
    if s["read"] != s["kept"] + ex:
        errors.append("%s: read %d != kept %d + excluded %d" % (s["name"], s["read"], s["kept"], ex))
if m["pairs"] != m["batches"] * m["batch_size"]:
    errors.append("pairs %d != batches %d * batch_size %d" % (m["pairs"], m["batches"], m["batch_size"]))
if sum(s["sampled"] for s in m["sources"]) != m["pairs"]:
    errors.append("sum(sampled) != pairs")
def key(mf):
    return (mf["pairs"], mf["batches"], [(s["name"], s["read"], s["kept"], s["sampled"], sorted(s["excluded"].items()))
                                         for s in mf["sources"]])
if ref:
    r = json.load(open(ref))
    if key(r) != key(m):
        errors.append("counts differ from the reference run: %s vs %s" % (key(m), key(r)))
print("%s: %d pairs, %d batches, %d shards, sources %s" % (uri, m["pairs"], m["batches"], len(m["shards"]),
      ", ".join("%s read %d kept %d excluded %d" % (s["name"], s["read"], s["kept"], sum(s["excluded"].values()))
                for s in m["sources"])))
for e in errors:
    print("  problem: " + e)
sys.exit(1 if errors else 0)
PY
  local rc=$?
  rm -f "$listing" "$manifest"
  return $rc
}

# hdfs_has_success URI: true when URI/_SUCCESS exists.
hdfs_has_success() {
  hdfs_fs -test -e "$1/_SUCCESS"
}
