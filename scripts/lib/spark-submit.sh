# shellcheck shell=bash
# Sourced by the project's scripts (after spark-home.sh). Provides:
#   gte_spark_submit MAIN_CLASS JAR [ARGS...]
# Submits with $SPARK_HOME/bin/spark-submit (or the local stand-in). The master comes from GTE_SPARK_MASTER
# (default: none given, the job then runs on local[*]); GTE_DRIVER_MEMORY (default 3g) and GTE_SPARK_SUBMIT_OPTS
# (extra spark-submit options, word-split) are passed on. Exits with the job's status.

gte_spark_submit() {
  local main="$1" jar="$2"
  shift 2
  local home
  home="$(gte_spark_home)" || exit 1
  # ND4J's OpenMP threads spin-wait by default: on shared or oversubscribed cores that costs ~10x.
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  local opts=(--class "$main" --driver-memory "${GTE_DRIVER_MEMORY:-3g}" --conf spark.ui.enabled=false
              --conf "spark.executorEnv.OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
              --conf spark.sql.parquet.compression.codec=snappy)
  [ -n "${GTE_SPARK_MASTER:-}" ] && opts+=(--master "$GTE_SPARK_MASTER")
  case "${GTE_SPARK_MASTER:-local}" in
    local*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
  esac
  # shellcheck disable=SC2206
  [ -n "${GTE_SPARK_SUBMIT_OPTS:-}" ] && opts+=($GTE_SPARK_SUBMIT_OPTS)
  "$home/bin/spark-submit" "${opts[@]}" "$jar" "$@"
}
