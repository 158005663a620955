# shellcheck shell=bash
# Sourced by the job's scripts. GTE_ND4J_VARIANT (optional) chooses the ND4J native build of the job's JVMs:
# auto | generic | onednn-avx512 | avx2 | avx512 | onednn | onednn-avx2, passed on as -Dgte.nd4j.variant=VALUE
# (io.github.gtespark.device.NativeVariantSelection; docs/cluster.md "Native ND4J build per CPU"). Unset: nothing is
# passed and every JVM uses auto.
#
#   gte_nd4j_variant_java_opt
#       prints -Dgte.nd4j.variant=VALUE, or nothing when GTE_ND4J_VARIANT is unset; exits on a malformed value
#   gte_nd4j_variant_submit_opts ARRAY_NAME
#       adds that option to the driver's and the executors' JVM options in the spark-submit options held by the named
#       array: appended to every --driver-java-options, spark.driver.extraJavaOptions and
#       spark.executor.extraJavaOptions value already there, otherwise added as
#       --conf spark.driver.extraJavaOptions=... and --conf spark.executor.extraJavaOptions=... (such a --conf
#       replaces a value from spark-defaults.conf: put the option there instead if the cluster sets one).

gte_nd4j_variant_java_opt() {
  local v="${GTE_ND4J_VARIANT:-}"
  [ -n "$v" ] || return 0
  if ! [[ "$v" =~ ^-?[A-Za-z0-9][A-Za-z0-9-]*$ ]]; then
    echo "$(basename "$0"): GTE_ND4J_VARIANT='$v' is not a build name (auto, generic, onednn-avx512, ...)" >&2
    exit 2
  fi
  echo "-Dgte.nd4j.variant=$v"
}

gte_nd4j_variant_submit_opts() {
  local -n _gte_opts="$1"
  local opt driver=0 executor=0 i n a
  opt="$(gte_nd4j_variant_java_opt)" || exit $?
  [ -n "$opt" ] || return 0
  n=${#_gte_opts[@]}
  for ((i = 0; i < n; i++)); do
    a="${_gte_opts[$i]}"
    case "$a" in
      --driver-java-options)
        if [ $((i + 1)) -lt "$n" ]; then
          _gte_opts[i + 1]="${_gte_opts[i + 1]} $opt"; driver=1; i=$((i + 1))
        fi ;;
      --driver-java-options=*) _gte_opts[i]="$a $opt"; driver=1 ;;
      --conf=spark.driver.extraJavaOptions=*) _gte_opts[i]="$a $opt"; driver=1 ;;
      --conf=spark.executor.extraJavaOptions=*) _gte_opts[i]="$a $opt"; executor=1 ;;
      --conf)
        if [ $((i + 1)) -lt "$n" ]; then
          case "${_gte_opts[i + 1]}" in
            spark.driver.extraJavaOptions=*) _gte_opts[i + 1]="${_gte_opts[i + 1]} $opt"; driver=1 ;;
            spark.executor.extraJavaOptions=*) _gte_opts[i + 1]="${_gte_opts[i + 1]} $opt"; executor=1 ;;
          esac
          i=$((i + 1))
        fi ;;
    esac
  done
  [ "$driver" = 1 ] || _gte_opts+=(--conf "spark.driver.extraJavaOptions=$opt")
  [ "$executor" = 1 ] || _gte_opts+=(--conf "spark.executor.extraJavaOptions=$opt")
}
