# shellcheck shell=bash
# Sourced by the project's scripts. Provides:
#   gte_spark_home        echo a SPARK_HOME: $SPARK_HOME when set, else the local stand-in target/spark-home
#                         (built on first use from the project's Maven dependencies, offline)
#   gte_ensure_jar MODULE JAR [MODULE JAR ...]   build the modules' shaded jars that are missing
#                         (mvn package -Dmaven.test.skip=true; one Maven run for all of them; extra Maven
#                         options in GTE_MVN_BUILD_OPTS, word-split)
# The stand-in is what `bin/spark-submit` of a Spark distribution does, without a distribution (none is
# obtainable here): jars/ = Spark 3.5 + Hadoop 3.3 + Scala 2.12 jars (the modules' provided dependencies),
# bin/spark-submit = org.apache.spark.launcher.Main builds the java command, which is then exec'ed.

GTE_REPO="${GTE_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

gte_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

gte_spark_home() {
  if [ -n "${SPARK_HOME:-}" ]; then
    [ -x "$SPARK_HOME/bin/spark-submit" ] || gte_die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit"
    echo "$SPARK_HOME"
    return
  fi
  local home="$GTE_REPO/target/spark-home"
  if [ ! -f "$home/.complete" ]; then
    echo "$(basename "$0"): building local Spark stand-in in $home (once)" >&2
    rm -rf "$home"
    mkdir -p "$home/jars" "$home/bin" "$home/conf"
    (cd "$GTE_REPO" && mvn -q -pl data-prep -am compile dependency:copy-dependencies -DincludeScope=provided \
        -DoutputDirectory="$home/jars" >&2) || gte_die "cannot copy Spark/Hadoop jars from ~/.m2 (mvn dependency:copy-dependencies failed)"
    ls "$home/jars"/spark-core_2.12-*.jar >/dev/null 2>&1 || gte_die "no spark-core jar in $home/jars"
    cat > "$home/bin/spark-submit" <<'SUBMIT'
#!/usr/bin/env bash
# Stand-in for a Spark distribution's bin/spark-submit (same launcher protocol as bin/spark-class).
SPARK_HOME="$(cd "$(dirname "$0")/.." && pwd)"
export SPARK_HOME
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$SPARK_HOME/conf}"
RUNNER="java"
[ -n "${JAVA_HOME:-}" ] && RUNNER="$JAVA_HOME/bin/java"
build_command() {
  "$RUNNER" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@"
  printf "%d\0" $?
}
set +o posix
CMD=()
DELIM=$'\n'
CMD_START_FLAG="false"
while IFS= read -d "$DELIM" -r _ARG; do
  ARG=${_ARG//$'\r'}
  if [ "$CMD_START_FLAG" == "true" ]; then
    CMD+=("$ARG")
  else
    if [ "$ARG" == $'\0' ]; then
      DELIM=''
      CMD_START_FLAG="true"
    elif [ "$ARG" != "" ]; then
      echo "$ARG"
    fi
  fi
done < <(build_command "$@")
COUNT=${#CMD[@]}
LAST=$((COUNT - 1))
LAUNCHER_EXIT_CODE=${CMD[$LAST]}
if ! [[ $LAUNCHER_EXIT_CODE =~ ^[0-9]+$ ]]; then
  echo "${CMD[@]}" | head -n-1 1>&2
  exit 1
fi
if [ "$LAUNCHER_EXIT_CODE" != 0 ]; then
  exit "$LAUNCHER_EXIT_CODE"
fi
CMD=("${CMD[@]:0:$LAST}")
exec "${CMD[@]}"
SUBMIT
    chmod +x "$home/bin/spark-submit"
    cat > "$home/conf/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = error
LOG
    touch "$home/.complete"
  fi
  echo "$home"
}

gte_ensure_jar() {
  # one Maven run for every missing jar: a run per module would package the modules they share (core) again
  local modules="" jars=() jar
  while [ $# -ge 2 ]; do
    if [ ! -f "$2" ]; then
      modules="${modules:+$modules,}$1"; jars+=("$2")
    fi
    shift 2
  done
  [ -n "$modules" ] || return 0
  # -Dmaven.test.skip=true: the jars need no test classes, so the tests are not compiled either (as scripts/gte)
  local opts
  read -r -a opts <<< "${GTE_MVN_BUILD_OPTS:-}"
  echo "$(basename "$0"): building ${jars[*]} (mvn package -Dmaven.test.skip=true${GTE_MVN_BUILD_OPTS:+ $GTE_MVN_BUILD_OPTS})" >&2
  (cd "$GTE_REPO" && mvn -q -pl "$modules" -am package -Dmaven.test.skip=true "${opts[@]}" >&2) \
    || gte_die "cannot build ${jars[*]}"
  for jar in "${jars[@]}"; do
    [ -f "$jar" ] || gte_die "build did not produce $jar"
  done
}
