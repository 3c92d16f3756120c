#!/usr/bin/env bash
# Live reload, measured as a user sees it: the browser runs in tmux on a folder of N agents;
# a new agent file is written (atomically: a temporary file renamed into place, as editors and
# `git checkout` do), and the time until its name is on the screen is taken by polling
# capture-pane every 5 ms. Then an edit to that file (its description) and its removal.
#
# Usage: scripts/reload-latency.sh DIR [ROUNDS]   (DIR: a folder of agents, e.g. ../shared/corpus
# or bench-corpus/100000; it is copied, never written)
# Prints one line per change kind: the median and the worst of ROUNDS (default 10), in ms.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?usage: scripts/reload-latency.sh DIR [ROUNDS]}
rounds=${2:-10}
cargo build --release --quiet --bin agentdeck
bin=$PWD/target/release/agentdeck
work=$(mktemp -d)
sock=agentdeck-reload-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/agents"
cp -r "$src"/. "$work/agents/"
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_STATE_HOME=$work/home/.state XDG_DATA_HOME=$work/home/.data
tmux -L "$sock" -f /dev/null new-session -d -s r -x 160 -y 40 \
  "env HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME $bin $work/agents"
screen() { tmux -L "$sock" capture-pane -p -t r; }
# Loaded: the count in the status line stops changing.
total=$(find "$work/agents" -name '*.md' | wc -l)
for _ in $(seq 1 600); do
  screen | grep -q "loading" || break
  sleep 0.1
done
sleep 1
now_ms() { date +%s%3N; }
wait_for() { # PATTERN present|absent -> ms waited
  local start=$1 pattern=$2 want=$3
  for _ in $(seq 1 2000); do
    if screen | grep -q -- "$pattern"; then [ "$want" = present ] && break; else [ "$want" = absent ] && break; fi
    sleep 0.005
  done
  echo $(($(now_ms) - start))
}
add=() change=() remove=()
for i in $(seq 1 "$rounds"); do
  name="zz-reload-probe-$i"
  # The query narrows the list to the probe, so its row is on screen wherever it sorts.
  tmux -L "$sock" send-keys -t r C-u "$name"
  sleep 0.3
  start=$(now_ms)
  printf -- '---\nname: %s\ndescription: First words.\n---\nBody.\n' "$name" >"$work/agents/.tmp-$i"
  mv "$work/agents/.tmp-$i" "$work/agents/$name.md"
  add+=("$(wait_for "$start" "First words" present)")
  start=$(now_ms)
  printf -- '---\nname: %s\ndescription: Second words.\n---\nBody.\n' "$name" >"$work/agents/.tmp-$i"
  mv "$work/agents/.tmp-$i" "$work/agents/$name.md"
  change+=("$(wait_for "$start" "Second words" present)")
  start=$(now_ms)
  rm "$work/agents/$name.md"
  remove+=("$(wait_for "$start" "Second words" absent)")
done
tmux -L "$sock" send-keys -t r C-c
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms, worst %d ms", a[int((NR+1)/2)], a[NR]}'; }
echo "$total agents, $rounds rounds"
echo "added:   $(stats "${add[@]}")"
echo "changed: $(stats "${change[@]}")"
echo "removed: $(stats "${remove[@]}")"
