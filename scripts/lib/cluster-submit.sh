# shellcheck shell=bash
# Sourced by the project's scripts (after spark-home.sh). Cluster deploy mode on a Spark standalone master.
#
#   gte_cluster_submit MAIN_CLASS JAR [ARGS...]
#       spark-submit --deploy-mode cluster to GTE_SPARK_MASTER (spark://HOST:PORT), then waits for the driver's final
#       state and returns 0 only when it is FINISHED (spark-submit itself returns 0 as soon as the driver is accepted,
#       and also when the driver later fails). The driver gets Spark's --add-opens list through
#       --driver-java-options. JAR must be readable from every worker (hdfs://..., or a path present on all hosts).
#   gte_driver_state DRIVER_ID          prints the driver's state (SUBMITTED, RUNNING, FINISHED, FAILED, KILLED,
#                                       ERROR, RELAUNCHING, UNKNOWN) as the master reports it
#   gte_wait_for_driver DRIVER_ID       polls until a final state; prints it; 0 only for FINISHED
#   gte_driver_log DRIVER_ID stdout|stderr   the driver's log, fetched from its worker's web UI
#
# The state comes from the master's REST server (GTE_SPARK_REST_URL, default http://HOST:6066) when the submission
# went through it (spark.master.rest.enabled=true on the master), otherwise from the master web UI's /json/ endpoint
# (GTE_SPARK_MASTER_UI, default http://HOST:8080).
# Environment: GTE_SPARK_MASTER (required), GTE_SPARK_MASTER_UI, GTE_SPARK_REST_URL, GTE_DRIVER_MEMORY (default 2g),
# GTE_DRIVER_CORES (1), GTE_SPARK_SUBMIT_OPTS (extra options, word-split), GTE_ND4J_VARIANT (nd4j-variant.sh),
# GTE_DRIVER_TIMEOUT seconds (7200),
# GTE_DRIVER_POLL seconds (2). The last line printed to stdout is "driver DRIVER_ID STATE".

# shellcheck source=nd4j-variant.sh
source "$(dirname "${BASH_SOURCE[0]}")/nd4j-variant.sh"

_gte_master_host() {
  local m="${GTE_SPARK_MASTER#spark://}"
  m="${m%%,*}"
  echo "${m%%:*}"
}

_gte_master_ui() {
  echo "${GTE_SPARK_MASTER_UI:-http://$(_gte_master_host):8080}"
}

# _gte_json_drivers: "ID STATE" per driver known to the master (active and completed), from /json/.
_gte_json_drivers() {
  curl -fsS --max-time 10 "$(_gte_master_ui)/json/" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)
for d in s.get("activedrivers", []) + s.get("completeddrivers", []):
    print(d["id"], d["state"])
'
}

gte_driver_state() {
  local id="$1" state=""
  if [ -n "${_GTE_REST_URL:-}" ]; then
    state="$(curl -fsS --max-time 10 "$_GTE_REST_URL/v1/submissions/status/$id" 2>/dev/null \
             | python3 -c 'import json,sys; print(json.load(sys.stdin).get("driverState") or "")' 2>/dev/null || true)"
  fi
  if [ -z "$state" ]; then
    state="$(_gte_json_drivers | awk -v id="$id" '$1 == id { print $2; exit }')"
  fi
  echo "${state:-UNKNOWN}"
}

gte_wait_for_driver() {
  local id="$1" timeout="${GTE_DRIVER_TIMEOUT:-7200}" poll="${GTE_DRIVER_POLL:-2}" waited=0 state last="" unknown=0
  while :; do
    state="$(gte_driver_state "$id")"
    if [ "$state" != "$last" ]; then
      echo "$(basename "$0"): driver $id: $state" >&2
      last="$state"
    fi
    case "$state" in
      FINISHED) echo "$state"; return 0 ;;
      FAILED|KILLED|ERROR) echo "$state"; return 1 ;;
      UNKNOWN)
        # the master may be restarting; give up only when it stays unreachable for a while
        unknown=$((unknown + poll))
        if [ "$unknown" -ge 120 ]; then echo "UNKNOWN"; return 1; fi ;;
      *) unknown=0 ;;
    esac
    if [ "$waited" -ge "$timeout" ]; then
      echo "$(basename "$0"): driver $id still $state after ${timeout}s" >&2
      echo "$state"
      return 1
    fi
    sleep "$poll"
    waited=$((waited + poll))
  done
}

gte_driver_log() {
  local id="$1" kind="${2:-stderr}" ui
  ui="$(curl -fsS --max-time 10 "$(_gte_master_ui)/json/" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)
id = sys.argv[1]
d = [d for d in s.get("activedrivers", []) + s.get("completeddrivers", []) if d["id"] == id]
if d:
    w = [w for w in s.get("workers", []) if w["id"] == d[0].get("worker")]
    if w:
        print(w[0]["webuiaddress"])
' "$id")"
  [ -n "$ui" ] || return 1
  curl -fsSL --max-time 30 "$ui/log/?driverId=$id&logType=$kind&offset=0&byteLength=10000000" 2>/dev/null \
    | sed -e 's/<[^>]*>//g' -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}

gte_cluster_submit() {
  local main="$1" jar="$2"
  shift 2
  [ -n "${GTE_SPARK_MASTER:-}" ] || gte_die "cluster deploy mode needs GTE_SPARK_MASTER=spark://HOST:PORT"
  case "$GTE_SPARK_MASTER" in
    spark://*) ;;
    *) gte_die "gte_cluster_submit waits for standalone drivers only (GTE_SPARK_MASTER=spark://...); on YARN spark-submit waits itself (spark.yarn.submit.waitAppCompletion) and returns the driver's status" ;;
  esac
  local home
  home="$(gte_spark_home)" || exit 1
  local module_opts
  module_opts="$(tr '\n' ' ' < "$GTE_REPO/scripts/lib/spark-jvm-options.txt")"
  local opts=(--class "$main" --master "$GTE_SPARK_MASTER" --deploy-mode cluster
              --driver-memory "${GTE_DRIVER_MEMORY:-2g}" --driver-cores "${GTE_DRIVER_CORES:-1}"
              --driver-java-options "$module_opts"
              --conf spark.ui.enabled=false
              --conf spark.standalone.submit.waitAppCompletion=false
              --conf spark.sql.parquet.compression.codec=snappy)
  # shellcheck disable=SC2206
  [ -n "${GTE_SPARK_SUBMIT_OPTS:-}" ] && opts+=($GTE_SPARK_SUBMIT_OPTS)
  # GTE_ND4J_VARIANT -> -Dgte.nd4j.variant for driver and executors (nd4j-variant.sh)
  gte_nd4j_variant_submit_opts opts
  local before out rc=0 id
  before="$(_gte_json_drivers | awk '{print $1}' | sort)"
  out="$(mktemp)"
  # spark-submit's own logging says which driver it created: keep its INFO lines for the deploy client. Only for
  # the local stand-in, in a directory that stays (the standalone client passes SPARK_CONF_DIR on to the driver's
  # class path); a real distribution keeps its own conf dir, and the driver is then found by its id appearing in
  # the master's /json/ list.
  local conf_dir="${SPARK_CONF_DIR:-$home/conf}"
  if [ "$home" = "$GTE_REPO/target/spark-home" ] && [ -z "${SPARK_CONF_DIR:-}" ]; then
    conf_dir="$home/conf-cluster-submit"
    mkdir -p "$conf_dir"
    cp -r "$home/conf/." "$conf_dir/"
    cat > "$conf_dir/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.client.name = org.apache.spark.deploy.ClientEndpoint
logger.client.level = info
logger.rest.name = org.apache.spark.deploy.rest
logger.rest.level = info
LOG
  fi
  SPARK_CONF_DIR="$conf_dir" "$home/bin/spark-submit" "${opts[@]}" "$jar" "$@" >"$out" 2>&1 || rc=$?
  cat "$out" >&2
  id="$(grep -o -E '(submitted as|"submissionId" : ")driver-[0-9]+-[0-9]+' "$out" | grep -o -E 'driver-[0-9]+-[0-9]+' | head -n1 || true)"
  if grep -q '"submissionId"' "$out"; then
    _GTE_REST_URL="${GTE_SPARK_REST_URL:-http://$(_gte_master_host):6066}"
  fi
  rm -f "$out"
  if [ -z "$id" ]; then
    # not in the output (other log settings): the driver the master did not know before
    local after
    after="$(_gte_json_drivers | awk '{print $1}' | sort)"
    id="$(comm -13 <(echo "$before") <(echo "$after") | head -n1)"
  fi
  if [ -z "$id" ]; then
    echo "$(basename "$0"): spark-submit (exit $rc) created no driver on $GTE_SPARK_MASTER" >&2
    return 1
  fi
  echo "$(basename "$0"): submitted driver $id to $GTE_SPARK_MASTER" >&2
  local state st=0
  state="$(gte_wait_for_driver "$id")" || st=1
  if [ "$st" -ne 0 ] && [ "${GTE_DRIVER_LOG_ON_FAILURE:-1}" = 1 ]; then
    echo "$(basename "$0"): driver $id ended $state; last lines of its stderr:" >&2
    gte_driver_log "$id" stderr | tail -n 30 >&2 || true
  fi
  echo "driver $id $state"
  return "$st"
}
