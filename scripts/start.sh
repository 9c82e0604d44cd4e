#!/usr/bin/env bash
# The start menu (docs/start.md): the full system, the simulator side alone, training alone, the health check and the
# runs, as a menu or one item at a time. Every process it starts is stopped and reported when it ends, when you press
# Ctrl+C or when the script gets SIGTERM; the seed's menu ignored its answers (specs/seed-system.md §9), this one
# says so and asks again.
#
#   scripts/start.sh                                                # the menu
#   scripts/start.sh 3 --set run.total_timesteps=256 --name quick   # one item; the rest goes to carla-drl
#   scripts/start.sh --help
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"

usage() {
  cat <<'EOF'
CarlaDrl start menu.

  scripts/start.sh                  the menu: type a number, the menu comes back when the item ends
  scripts/start.sh ITEM [ARGS...]   run one item and exit with its exit code; ARGS go to the carla-drl command
  scripts/start.sh --help

Items:
  1  full   full system: a bridge worker hosting the simulator (the embedded world, or the CARLA server
            in CARLA_SERVER) plus one for evaluations, then training against them (carla-drl train --world zmq://…)
  2  bridge simulator side only: one bridge worker bound to BRIDGE_BIND, until Ctrl+C or SIGTERM
  3  train  training only: carla-drl train (the embedded world, or the bridge workers in BRIDGE)
  4  health carla-drl health (with --carla CARLA_SERVER and --bridge BRIDGE when set)
  5  runs   the runs under RUNS_DIR (steps, last evaluation, running or not) and the TensorBoard command
  6  exit

Environment:
  CARLA_SERVER=host:port      a CARLA 0.8.4 server for items 1, 2 and 4 (bridge --world carla://host:port)
  CARLA_EVAL_SERVER=host:port item 1 with CARLA_SERVER: a second server for the evaluations (else none are run)
  BRIDGE_BIND=tcp://h:p       where items 1 and 2 bind the bridge worker (default tcp://127.0.0.1:5555)
  EVAL_BRIDGE_BIND=tcp://h:p  item 1: the evaluation worker (default: BRIDGE_BIND's port + 1; none: no evaluations)
  BRIDGE=zmq://h:p[,…]        items 3 and 4: bridge workers already running, one per env
  EVAL_BRIDGE=zmq://h:p       item 3 with BRIDGE: a worker for the evaluations (else run.eval_episodes=0)
  BRIDGE_ARGS="--town Town02" extra arguments for the bridge workers of items 1 and 2
  RUNS_DIR=dir                where runs go and are listed (default runs; relative paths are from the repository)
  CARLA_DRL=path              the carla-drl to run: an executable or a .dll (default ./carla-drl, which builds)
  STOP_TIMEOUT=300            seconds training may take to save its checkpoint after SIGTERM before it is killed
  BRIDGE_START_TIMEOUT=120    seconds a bridge worker may take to print its ready line

Exit codes: the item's own (train: 0 finished, 130 interrupted with a checkpoint saved, 2 config error; health: 1
when a required check fails; a bridge stopped by a signal: 0), 2 for an unknown item. Ctrl+C or SIGTERM stops what
runs (SIGTERM to each process: training saves a checkpoint), waits for it and says how each one ended; a second
Ctrl+C kills at once. In the menu, Ctrl+C stops the item and brings the menu back.
EOF
}

# --- settings -------------------------------------------------------------------------------------------------------
if [ -n "${CARLA_DRL:-}" ]; then
  case $CARLA_DRL in
    *.dll) cli=(dotnet "$CARLA_DRL") ;;
    *) cli=("$CARLA_DRL") ;;
  esac
else
  cli=("$root/carla-drl")
fi
bridge_bind=${BRIDGE_BIND:-tcp://127.0.0.1:5555}
carla_server=${CARLA_SERVER:-}
carla_server=${carla_server#carla://}
runs_dir=${RUNS_DIR:-runs}
stop_timeout=${STOP_TIMEOUT:-300}
bridge_stop_timeout=30
bridge_start_timeout=${BRIDGE_START_TIMEOUT:-120}
bridge_args=()
if [ -n "${BRIDGE_ARGS:-}" ]; then
  read -r -a bridge_args <<<"$BRIDGE_ARGS"
fi

# --- child processes ------------------------------------------------------------------------------------------------
# Children run in the background so a trapped signal interrupts the script at once (bash runs traps only between
# foreground commands); background children of a script ignore SIGINT, so they stop on the SIGTERM forwarded here.
child_pids=()  # every child still running
child_names=() # ... its name in messages
front_pids=()  # the children a first signal stops at once (training; the bridge when it runs alone)
stop_signal="" # INT or TERM once a signal asked the current item to stop
stop_deadline=0
workdir=""

# The menu and item 5's listing go to stdout; what the script does and how each process ended go to stderr, so an
# item's own output (health --json) stays clean on stdout.
say() { printf '%s\n' "$*"; }
note() { printf '%s\n' "$*" >&2; }

start_child() { # NAME LOG|'' FRONT(0/1) COMMAND... ; sets started_pid
  local name=$1 log=$2 front=$3
  shift 3
  if [ -n "$log" ]; then
    "$@" >"$log" 2>&1 &
  else
    "$@" &
  fi
  started_pid=$!
  child_pids+=("$started_pid")
  child_names+=("$name")
  if [ "$front" = 1 ]; then
    front_pids+=("$started_pid")
  fi
}

forget() { # PID
  local i pids=() names=() fronts=()
  for i in "${!child_pids[@]}"; do
    if [ "${child_pids[$i]}" != "$1" ]; then
      pids+=("${child_pids[$i]}")
      names+=("${child_names[$i]}")
    fi
  done
  for i in "${front_pids[@]}"; do
    [ "$i" = "$1" ] || fronts+=("$i")
  done
  child_pids=("${pids[@]}")
  child_names=("${names[@]}")
  front_pids=("${fronts[@]}")
}

alive() { kill -0 "$1" 2>/dev/null; }

reap() { # PID; sets reaped_rc (bash keeps the status of a background child that already ended)
  reaped_rc=0
  wait "$1" 2>/dev/null || reaped_rc=$?
  forget "$1"
}

describe_exit() { # RC
  local rc=$1
  if [ "$rc" -gt 128 ] && [ "$rc" -ne 130 ]; then
    printf 'exit %s: killed by SIG%s' "$rc" "$(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
  else
    printf 'exit %s' "$rc"
  fi
}

send() { # SIGNAL PID...
  local sig=$1 pid
  shift
  for pid in "$@"; do
    kill "-$sig" "$pid" 2>/dev/null || true
  done
}

# Waits until one of PIDS ends; sets exited_pid and exited_rc. Past the stop deadline, the front children are killed.
wait_any() {
  local pid
  while :; do
    for pid in "$@"; do
      if ! alive "$pid"; then
        exited_pid=$pid
        reap "$pid"
        exited_rc=$reaped_rc
        return 0
      fi
    done
    if [ -n "$stop_signal" ] && [ "$SECONDS" -ge "$stop_deadline" ] && [ ${#front_pids[@]} -gt 0 ]; then
      note "still running ${stop_timeout} s after SIGTERM: killing $(names_of "${front_pids[@]}") (no checkpoint on the way out)."
      send KILL "${front_pids[@]}"
      stop_deadline=$((SECONDS + 3600))
    fi
    sleep 0.2 || true
  done
}

# Stops one child with SIGTERM (SIGKILL after TIMEOUT seconds) and reports how it ended; sets reaped_rc.
stop_child() { # PID NAME TIMEOUT
  local pid=$1 name=$2 timeout=$3 deadline
  send TERM "$pid"
  deadline=$((SECONDS + timeout))
  while alive "$pid"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      note "$name pid $pid did not stop within $timeout s after SIGTERM; killing it."
      send KILL "$pid"
      deadline=$((SECONDS + 3600))
    fi
    sleep 0.1 || true
  done
  reap "$pid"
  note "stopped: $name pid $pid ($(describe_exit "$reaped_rc"))"
}

names_of() { # PID...: "training pid 12, bridge worker pid 34"
  local pid i out=""
  for pid in "$@"; do
    for i in "${!child_pids[@]}"; do
      [ "${child_pids[$i]}" != "$pid" ] || out="${out:+$out, }${child_names[$i]} pid $pid"
    done
  done
  printf '%s' "$out"
}

# shellcheck disable=SC2317 # a trap handler (shellcheck does not see the call)
on_signal() { # INT|TERM|HUP
  local sig=$1
  if [ ${#child_pids[@]} -eq 0 ]; then
    printf '\n'
    [ "$sig" = INT ] && exit 130
    exit 143
  fi
  if [ -n "$stop_signal" ]; then
    note "SIG$sig again: killing $(names_of "${child_pids[@]}") at once (no checkpoint)."
    send KILL "${child_pids[@]}"
    return
  fi
  stop_signal=$sig
  stop_deadline=$((SECONDS + stop_timeout))
  local targets=("${front_pids[@]}")
  [ ${#targets[@]} -gt 0 ] || targets=("${child_pids[@]}")
  note "SIG$sig: stopping $(names_of "${targets[@]}") with SIGTERM and waiting (SIG$sig again kills at once)."
  send TERM "${targets[@]}"
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

# shellcheck disable=SC2317 # the EXIT trap
cleanup() {
  # Only after an unexpected error: every normal path has stopped and reaped its children already.
  if [ ${#child_pids[@]} -gt 0 ]; then
    local i
    for i in "${!child_pids[@]}"; do
      stop_child "${child_pids[$i]}" "${child_names[$i]}" "$bridge_stop_timeout" || true
    done
  fi
  [ -z "$workdir" ] || rm -rf "$workdir"
}
trap cleanup EXIT

scratch() { # a private temporary directory for logs and markers, removed on exit
  if [ -z "$workdir" ]; then
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/carla-drl-start.XXXXXX")
  fi
}

show_command() { # prints the command line about to run
  local text
  text=$(printf '%q ' "$@")
  note "running: ${text% }"
}

# --- addresses --------------------------------------------------------------------------------------------------------
host_of() { local a=${1#*://}; printf '%s' "${a%:*}"; }
port_of() { printf '%s' "${1##*:}"; }

# The eval worker's bind address: EVAL_BRIDGE_BIND, else BRIDGE_BIND's port + 1 (port 0 stays 0: a free port).
eval_bind() {
  if [ -n "${EVAL_BRIDGE_BIND:-}" ]; then
    printf '%s' "$EVAL_BRIDGE_BIND"
    return
  fi
  local port
  port=$(port_of "$bridge_bind")
  if [ "$port" = 0 ]; then
    printf 'tcp://%s:0' "$(host_of "$bridge_bind")"
  else
    printf 'tcp://%s:%s' "$(host_of "$bridge_bind")" $((port + 1))
  fi
}

# A bound endpoint as the trainer dials it: zmq://host:port, a wildcard host replaced by loopback.
dial() {
  local host port
  host=$(host_of "$1")
  port=$(port_of "$1")
  case $host in '*' | 0.0.0.0 | '') host=127.0.0.1 ;; esac
  printf 'zmq://%s:%s' "$host" "$port"
}

bridge_world() {
  if [ -n "$carla_server" ]; then printf 'carla://%s' "$carla_server"; else printf 'embedded'; fi
}

# --- runs --------------------------------------------------------------------------------------------------------------
# The runs directory train will use: the last --set run.runs_dir=… among ARGS, else RUNS_DIR (or runs).
runs_dir_in() {
  local dir=$runs_dir previous=""
  for arg in "$@"; do
    case $arg in
      run.runs_dir=*) [ "$previous" = --set ] && dir=${arg#run.runs_dir=} ;;
      --set=run.runs_dir=*) dir=${arg#--set=run.runs_dir=} ;;
    esac
    previous=$arg
  done
  printf '%s' "$dir"
}

resume_in() { # the --resume argument among ARGS, if any
  local previous=""
  for arg in "$@"; do
    [ "$previous" = --resume ] && printf '%s' "$arg"
    case $arg in --resume=*) printf '%s' "${arg#--resume=}" ;; esac
    previous=$arg
  done
}

# The run a train command wrote: its --resume directory, or the run whose config.resolved.json appeared after MARKER.
run_written() { # MARKER ARGS...
  local marker=$1 resume dir
  shift
  resume=$(resume_in "$@")
  if [ -n "$resume" ]; then
    if [ -f "$resume" ]; then dir=$(dirname "$(dirname "$resume")"); else dir=$resume; fi
    printf '%s' "${dir%/}"
    return
  fi
  dir=$(runs_dir_in "$@")
  [ -d "$dir" ] || return 0
  find "$dir" -mindepth 2 -maxdepth 2 -name config.resolved.json -newer "$marker" 2>/dev/null | head -n 1 | while read -r file; do
    printf '%s' "${file%/config.resolved.json}"
  done
}

newest_checkpoint() { # RUN; the newest checkpoint_*.zip (names are zero-padded, so the glob's order is the steps' order)
  local file newest=""
  for file in "$1"/checkpoints/checkpoint_*.zip; do
    [ -e "$file" ] && newest=$file
  done
  printf '%s' "$newest"
}

steps_of() { # CHECKPOINT
  local digits=${1##*checkpoint_}
  digits=${digits%.zip}
  printf '%s' $((10#$digits))
}

shown() { # PATH as shown to the user: relative to the repository when inside it
  case $1 in "$root"/*) printf '%s' "${1#"$root"/}" ;; *) printf '%s' "$1" ;; esac
}

report_training() { # RC RUN
  local rc=$1 run=$2 checkpoint="" what prefix="training ended"
  [ -z "$stop_signal" ] || prefix="stopped: training"
  [ -z "$run" ] || checkpoint=$(newest_checkpoint "$run")
  case $rc in
    0) what="exit 0: finished${run:+, run $run}${checkpoint:+, final checkpoint $checkpoint}" ;;
    130) what="exit 130: interrupted, checkpoint saved in ${run:-the run directory}/checkpoints${checkpoint:+ ($(basename "$checkpoint"))}" ;;
    2) what="exit 2: configuration or argument error, see the message above" ;;
    *) what="$(describe_exit "$rc")${run:+, run $run}" ;;
  esac
  note "$prefix ($what)"
  if [ "$rc" = 130 ] && [ -n "$run" ]; then
    note "continue with: scripts/start.sh $current_item --resume $run"
  fi
}

# Runs train with ARGS until it ends (or a signal stops it), watching the bridge worker pids in WATCHED: when one of
# them ends first, training is stopped (with a checkpoint). Sets train_rc.
run_training() { # WATCHED ARGS...   (WATCHED: space-separated pids, may be empty)
  local watched=() marker run shown_run="" pid rest
  last_run=""
  read -r -a watched <<<"$1"
  shift
  scratch
  marker="$workdir/marker.$RANDOM"
  : >"$marker"
  show_command ./carla-drl train "$@"
  start_child training "" 1 "${cli[@]}" train "$@"
  local trainer=$started_pid
  wait_any "$trainer" "${watched[@]}"
  while [ "$exited_pid" != "$trainer" ]; do
    note "bridge worker pid $exited_pid ended during training ($(describe_exit "$exited_rc")); stopping the training (it saves a checkpoint)."
    [ -z "${bridge_logs[$exited_pid]:-}" ] || sed 's/^/  /' "${bridge_logs[$exited_pid]}" | tail -n 20 >&2 || true
    bridge_died=1
    if [ -z "$stop_signal" ]; then
      stop_signal=TERM
      stop_deadline=$((SECONDS + stop_timeout))
      send TERM "$trainer"
    fi
    rest=()
    for pid in "${watched[@]}"; do [ "$pid" = "$exited_pid" ] || rest+=("$pid"); done
    watched=("${rest[@]}")
    wait_any "$trainer" "${watched[@]}"
  done
  train_rc=$exited_rc
  run=$(run_written "$marker" "$@")
  if [ -n "$run" ]; then
    last_run=$(cd "$run" 2>/dev/null && pwd -P || printf '%s' "$run")
    shown_run=$(shown "$last_run")
  fi
  report_training "$train_rc" "$shown_run"
  rm -f "$marker"
}

# --- items -------------------------------------------------------------------------------------------------------------
declare -A bridge_logs=()
bridge_died=0
last_run=""
current_item=""

# Starts a bridge worker with its output in a log and waits for its ready line; sets ready_pid and ready_endpoint,
# returns 1 when it ended or did not get ready (and says why).
start_bridge() { # NAME LOG-NAME BIND WORLD
  local name=$1 bind=$3 world=$4 log line deadline
  scratch
  log="$workdir/$2"
  show_command ./carla-drl bridge --bind "$bind" --world "$world" --quiet "${bridge_args[@]}"
  start_child "$name" "$log" 1 "${cli[@]}" bridge --bind "$bind" --world "$world" --quiet "${bridge_args[@]}"
  ready_pid=$started_pid
  bridge_logs[$ready_pid]=$log
  deadline=$((SECONDS + bridge_start_timeout))
  while :; do
    line=$(grep -m 1 -E '^bridge: .* on tcp://' "$log" 2>/dev/null || true)
    if [ -n "$line" ]; then
      ready_endpoint=$(printf '%s' "$line" | sed -E 's|.* on (tcp://[^ ]+) .*|\1|')
      note "$name pid $ready_pid ready on $ready_endpoint"
      return 0
    fi
    if ! alive "$ready_pid"; then
      reap "$ready_pid"
      note "$name failed to start ($(describe_exit "$reaped_rc")) on $bind:"
      sed 's/^/  /' "$log" >&2 || true
      if grep -q -i -E 'in ?use' "$log"; then
        note "port $(port_of "$bind") is taken: ./carla-drl health --bridge $bind names the process holding it; or pick another port, e.g. BRIDGE_BIND=tcp://127.0.0.1:5565 (the evaluation worker takes the next port; EVAL_BRIDGE_BIND sets it)."
      fi
      ready_rc=$reaped_rc
      return 1
    fi
    if [ -n "$stop_signal" ]; then
      ready_rc=130
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      note "$name printed no ready line within $bridge_start_timeout s (log: $log); stopping it."
      stop_child "$ready_pid" "$name" "$bridge_stop_timeout"
      ready_rc=1
      return 1
    fi
    sleep 0.2 || true
  done
}

stop_bridges() { # stops every child still running (the bridge workers), each reported
  while [ ${#child_pids[@]} -gt 0 ]; do
    stop_child "${child_pids[0]}" "${child_names[0]}" "$bridge_stop_timeout"
  done
}

item_full() {
  local evals world eval_world="" train_bind eval_args=() watched
  world=$(bridge_world)
  evals=$(eval_bind)
  if [ -n "$carla_server" ]; then
    if [ -n "${CARLA_EVAL_SERVER:-}" ]; then eval_world="carla://${CARLA_EVAL_SERVER#carla://}"; fi
  elif [ "$evals" != none ]; then
    eval_world=embedded
  fi
  note "full system: bridge worker ($world) on $bridge_bind${eval_world:+, evaluation worker ($eval_world) on $evals}, then training."
  bridge_died=0
  if ! start_bridge "bridge worker" bridge.log "$bridge_bind" "$world"; then
    stop_bridges
    note "the training was not started."
    return "$ready_rc"
  fi
  train_bind=$ready_endpoint
  watched=$ready_pid
  if [ -n "$eval_world" ]; then
    if ! start_bridge "evaluation bridge worker" eval-bridge.log "$evals" "$eval_world"; then
      stop_bridges
      note "the training was not started."
      return "$ready_rc"
    fi
    eval_args=(--set "world.eval_server=$(dial "$ready_endpoint")")
    watched="$watched $ready_pid"
  else
    eval_args=(--set run.eval_episodes=0)
    note "no evaluation worker: training runs without evaluations (run.eval_episodes=0)."
  fi
  # The workers now only stop after the trainer, which needs them to finish its last step and save.
  front_pids=()
  local args=(--world "$(dial "$train_bind")" --set run.num_envs=1 "${eval_args[@]}")
  [ -z "${RUNS_DIR:-}" ] || args+=(--set "run.runs_dir=$RUNS_DIR")
  run_training "$watched" "${args[@]}" "$@"
  stop_bridges
  if [ -n "$last_run" ] && [ -d "$last_run" ]; then
    # The workers' logs go with the run, as train --workers keeps its own (runs/<name>/workers/).
    mkdir -p "$last_run/workers"
    cp "$workdir"/*bridge.log "$last_run/workers/" 2>/dev/null || true
    note "bridge worker logs: $(shown "$last_run")/workers/"
  fi
  if [ "$bridge_died" = 1 ] && [ "$train_rc" = 0 ]; then
    return 1
  fi
  return "$train_rc"
}

item_bridge() {
  local world
  world=$(bridge_world)
  note "simulator side: bridge worker ($world) on $bridge_bind; stop it with Ctrl+C (or SIGTERM to pid $$)."
  note "train against it: BRIDGE=$(dial "$bridge_bind") scripts/start.sh 3"
  show_command ./carla-drl bridge --bind "$bridge_bind" --world "$world" "${bridge_args[@]}" "$@"
  start_child "bridge worker" "" 1 "${cli[@]}" bridge --bind "$bridge_bind" --world "$world" "${bridge_args[@]}" "$@"
  local pid=$started_pid
  wait_any "$pid"
  if [ -n "$stop_signal" ]; then
    note "stopped: bridge worker pid $pid ($(describe_exit "$exited_rc"))"
  else
    note "bridge worker pid $pid ended ($(describe_exit "$exited_rc"))"
  fi
  return "$exited_rc"
}

item_train() {
  local args=() servers n=0 server
  if [ -n "${BRIDGE:-}" ]; then
    IFS=, read -r -a servers <<<"$BRIDGE"
    for server in "${servers[@]}"; do [ -z "$server" ] || n=$((n + 1)); done
    args+=(--world "$BRIDGE" --set "run.num_envs=$n")
    if [ -n "${EVAL_BRIDGE:-}" ]; then
      args+=(--set "world.eval_server=$EVAL_BRIDGE")
    else
      args+=(--set run.eval_episodes=0)
    fi
  fi
  [ -z "${RUNS_DIR:-}" ] || args+=(--set "run.runs_dir=$RUNS_DIR")
  run_training "" "${args[@]}" "$@"
  return "$train_rc"
}

item_health() {
  local args=() server servers=()
  [ -z "$carla_server" ] || args+=(--carla "$carla_server")
  if [ -n "${BRIDGE:-}" ]; then
    IFS=, read -r -a servers <<<"$BRIDGE"
    for server in "${servers[@]}"; do [ -z "$server" ] || args+=(--bridge "$server"); done
  fi
  [ -z "${RUNS_DIR:-}" ] || args+=(--runs-dir "$RUNS_DIR")
  show_command ./carla-drl health "${args[@]}" "$@"
  start_child health "" 1 "${cli[@]}" health "${args[@]}" "$@"
  local pid=$started_pid
  wait_any "$pid"
  case $exited_rc in
    0) note "health check passed (exit 0)" ;;
    1) note "health check: a required check failed (exit 1; the remedies are above)" ;;
    *) note "health check ended ($(describe_exit "$exited_rc"))" ;;
  esac
  return "$exited_rc"
}

# Open files of every process we may look at, as "PID PATH" lines (Linux /proc; empty elsewhere).
open_files() {
  [ -d /proc/self/fd ] || return 0
  # shellcheck disable=SC2012 # ls -l is the one cheap way to read many fd links at once; paths are only matched
  ls -l /proc/[0-9]*/fd 2>/dev/null | awk '
    /^\/proc\/[0-9]+\/fd:$/ { split($0, part, "/"); pid = part[3]; next }
    / -> \// { sub(/^.* -> /, ""); print pid " " $0 }'
}

item_runs() {
  if [ $# -gt 0 ]; then
    note "item 5 takes no arguments (set RUNS_DIR to list another directory)."
    return 2
  fi
  if [ ! -d "$runs_dir" ]; then
    say "no runs yet: $runs_dir does not exist (train one with scripts/start.sh 3)."
    return 0
  fi
  local dir abs run name checkpoint steps total last state holders files recent=() count=0
  abs=$(cd "$runs_dir" && pwd -P)
  files=$(open_files || true)
  say "runs in $(shown "$abs"):"
  for dir in "$abs"/*/; do
    run=${dir%/}
    [ -f "$run/config.yaml" ] || [ -d "$run/checkpoints" ] || continue
    name=$(basename "$run")
    count=$((count + 1))
    checkpoint=$(newest_checkpoint "$run")
    steps=0
    [ -z "$checkpoint" ] || steps=$(steps_of "$checkpoint")
    total=$(grep -o '"total_timesteps": *[0-9]*' "$run/config.resolved.json" 2>/dev/null | grep -o '[0-9]*$' || true)
    say "  $name: ${steps}${total:+/$total} steps${checkpoint:+ (checkpoints/$(basename "$checkpoint"))}"
    last=""
    if [ -f "$run/evaluations.csv" ]; then
      last=$(tail -n +2 "$run/evaluations.csv" | tail -n 1)
    fi
    if [ -n "$last" ]; then
      # wall_time,step,episodes,route_completion,success_rate,collision_or_off_road_rate,…,mean_speed,mean_return
      say "$(printf '%s\n' "$last" | LC_ALL=C awk -F, '{ printf "    last evaluation @ %s: route completion %.3f, success rate %.3f, collision/off-road rate %.3f, mean return %.2f (%s episodes)", $2, $4, $5, $6, $13, $3 }')"
    else
      say "    no evaluation yet"
    fi
    if [ -d /proc/self/fd ]; then
      holders=$(printf '%s\n' "$files" | awk -v dir="$run/" 'index($2, dir) == 1 { print $1 }' | sort -u | tr '\n' ' ')
      if [ -n "$holders" ]; then state="running (pid ${holders% })"; else state="not running"; fi
    else
      state="last written $(date -r "$run/metrics.csv" '+%Y-%m-%d %H:%M:%S' 2>/dev/null || echo '?')"
    fi
    say "    $state"
  done
  if [ "$count" -eq 0 ]; then
    say "  (none yet: train one with scripts/start.sh 3)"
    return 0
  fi
  # The newest runs (at most four) for the plot command.
  while IFS= read -r dir; do
    [ -f "$dir/config.yaml" ] || [ -d "$dir/checkpoints" ] || continue
    [ ${#recent[@]} -lt 4 ] && recent+=("$(shown "$dir")")
  done < <(
    # shellcheck disable=SC2012 # ls -t is the portable sort by modification time; run names are plain
    ls -1td "$abs"/*/ 2>/dev/null | sed 's|/$||'
  )
  say ""
  say "TensorBoard: tensorboard --logdir $(printf '%q' "$abs")"
  command -v tensorboard >/dev/null 2>&1 || say "  (tensorboard is not installed here: pip install tensorboard)"
  say "Learning curves as a PNG: ./carla-drl plot $(printf '%q ' "${recent[@]}")--out curves.png"
  return 0
}

run_item() { # ITEM ARGS...
  local item=$1
  shift
  current_item=$item
  stop_signal=""
  front_pids=()
  case $item in
    1 | full) item_full "$@" ;;
    2 | bridge) item_bridge "$@" ;;
    3 | train) item_train "$@" ;;
    4 | health) item_health "$@" ;;
    5 | runs) item_runs "$@" ;;
    6 | exit) return 0 ;;
  esac
}

valid_item() {
  case $1 in 1 | 2 | 3 | 4 | 5 | 6 | full | bridge | train | health | runs | exit) return 0 ;; *) return 1 ;; esac
}

menu() {
  local choice rc label1 label2 label3
  label1="Full system: bridge worker ($(bridge_world)) + training against it"
  label2="Simulator side only: bridge worker ($(bridge_world)) on $bridge_bind"
  if [ -n "${BRIDGE:-}" ]; then label3="Training only, on the bridge worker(s) $BRIDGE"; else label3="Training only (embedded world)"; fi
  while :; do
    say ""
    say "CarlaDrl start menu"
    say "  1) $label1"
    say "  2) $label2"
    say "  3) $label3"
    say "  4) Health check"
    say "  5) Runs and the TensorBoard command"
    say "  6) Exit"
    while :; do
      printf 'Choice [1-6]: '
      if ! IFS= read -r choice; then
        say ""
        say "end of input; bye."
        return 0
      fi
      [ -t 0 ] || printf '%s\n' "$choice" # the answer, as a terminal would have echoed it
      choice=${choice//[[:space:]]/}
      case $choice in
        [1-6]) break ;;
        '') say "no answer: type a number from 1 to 6." ;;
        *) say "'$choice' is not a choice: type a number from 1 to 6." ;;
      esac
    done
    [ "$choice" != 6 ] || { say "bye."; return 0; }
    rc=0
    run_item "$choice" || rc=$?
    note "(item $choice ended with exit code $rc)"
    if [ "$stop_signal" = TERM ] || [ "$stop_signal" = HUP ]; then
      return "$rc"
    fi
  done
}

# --- main --------------------------------------------------------------------------------------------------------------
if [ $# -eq 0 ]; then
  menu
  exit $?
fi
case $1 in
  -h | --help | help)
    usage
    exit 0
    ;;
esac
if ! valid_item "$1"; then
  note "start: '$1' is not an item; items are 1-6 (or full, bridge, train, health, runs, exit). See scripts/start.sh --help."
  exit 2
fi
rc=0
run_item "$@" || rc=$?
exit "$rc"
