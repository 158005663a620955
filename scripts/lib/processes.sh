# Background processes with pid files: start, check, and stop exactly what was started.
# Sourced by scripts/cluster/*.

# start_process PIDFILE LOGFILE CMD...: starts CMD detached (own session), records its pid.
start_process() {
  local pidfile="$1" log="$2"; shift 2
  if alive "$pidfile"; then
    echo "already running: $(basename "$pidfile" .pid) (pid $(cat "$pidfile"))" >&2
    return 0
  fi
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$log")"
  setsid nohup "$@" >"$log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}

# alive PIDFILE: true if the recorded process runs.
alive() {
  local pidfile="$1"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# stop_process PIDFILE [TIMEOUT]: TERM, wait, then KILL; removes the pid file. Only that pid (and its
# process group, which setsid made its own) is signalled.
stop_process() {
  local pidfile="$1" timeout="${2:-30}" pid waited=0
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$timeout" ]; do sleep 1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}
