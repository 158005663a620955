# shellcheck shell=bash
# Sourced by the benchmark scripts (scripts/bench/*.sh) that run a main class from spark-job's test sources.
#   spark_job_test_classpath REPO [MODULE_DIR]
# compiles spark-job's test classes and prints the class path: MODULE_DIR/target/test-classes, MODULE_DIR/target/classes
# (MODULE_DIR: REPO/spark-job by default) and every test-scope dependency. Maven runs from the root with -am, so that
# gte-core resolves from the reactor (it is not installed in ~/.m2); GTE_MVN_OFFLINE=1 adds -o.
spark_job_test_classpath() {
  local repo="$1" module="${2:-$1/spark-job}" cp_file
  cp_file="$(mktemp)"
  if ! (cd "$repo" && mvn -q ${GTE_MVN_OFFLINE:+-o} -pl spark-job -am test-compile dependency:build-classpath \
          -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null); then
    rm -f "$cp_file"
    echo "bench: could not compile spark-job's test classes (mvn test-compile failed)" >&2
    return 1
  fi
  echo "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")"
  rm -f "$cp_file"
}
