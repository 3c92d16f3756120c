#!/usr/bin/env bash
# Whole-process benchmarks for the goals in PERFORMANCE.md, in one run:
#   1. `agentdeck list --query Q` beside `fzf --filter Q` on the same agents' pre-extracted
#      name<TAB>description lines, and beside a plain read (`cat`) of the same files;
#   2. the browser in a real terminal (tmux): first frame, whole set loaded, first full frame,
#      keystroke-to-results while typing, and peak memory;
#   3. the 500 real agents in ../shared/corpus, if present.
#
# Usage: scripts/bench.sh [SIZES...]   (default: 1000 10000 100000)
#        BENCH_ONLY=browser scripts/bench.sh 100000   (only part 2: the keystrokes, quickly)
#        BENCH_LOGS=DIR keeps each browser log (every search with its candidates and time)
# Needs: cargo, hyperfine, fzf, tmux, python3. Corpora are generated into bench-corpus/N
# (100000 is about 640 MB). Run on an idle machine with a warm page cache; each measurement
# is preceded by a warm-up run.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"
queries=("rust" "sec rev" "kubernetes debugger")
for tool in hyperfine fzf tmux python3; do
  command -v "$tool" >/dev/null || { echo "bench.sh: needs $tool (apt-get install $tool)" >&2; exit 2; }
done
cargo build --release --quiet --bin agentdeck --example gen_corpus
bin=target/release/agentdeck
work=$(mktemp -d)
trap 'tmux kill-session -t agentdeck-bench 2>/dev/null || true; rm -rf "$work"' EXIT

corpus() { # N -> folder with N generated files
  local n=$1 dir=bench-corpus/$1
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    target/release/examples/gen_corpus "$n" "$dir" >/dev/null
    touch "$dir/.complete"
  fi
  echo "$dir"
}

lines() { # DIR -> file of name<TAB>description lines, as fzf would be fed them
  local out=$work/$(echo "$1" | tr / _).lines
  [ -f "$out" ] || "$bin" list "$1" --json | python3 -c '
import json, sys
for a in json.load(sys.stdin):
    print(a["name"] + "\t" + " ".join(a["description"].split()))' >"$out"
  echo "$out"
}

mean() { # hyperfine JSON -> mean seconds of result $2
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$1" "$2"
}

only=${BENCH_ONLY:-all}
[ "$only" = browser ] || {
echo "## list --query vs fzf --filter vs a plain read (mean of 5 runs, seconds)"
printf '%-8s %-22s %10s %10s %8s %10s %8s %8s\n' files query agentdeck fzf ratio "cat" ratio matches
for n in "${sizes[@]}"; do
  dir=$(corpus "$n")
  file_list=$work/files-$n
  find "$dir" -name '*.md' -print0 >"$file_list"
  feed=$(lines "$dir")
  for q in "${queries[@]}"; do
    json=$work/h.json
    hyperfine --style none --warmup 1 --runs 5 --export-json "$json" \
      "$bin list $dir --query '$q' >/dev/null" \
      "fzf --filter '$q' <$feed >/dev/null" \
      "xargs -0 -P2 -n 5000 cat <$file_list >/dev/null" >/dev/null 2>&1
    ours=$(mean "$json" 0) theirs=$(mean "$json" 1) plain=$(mean "$json" 2)
    matches=$("$bin" list "$dir" --query "$q" | wc -l)
    printf '%-8s %-22s %10s %10s %7.2fx %10s %7.2fx %8s\n' "$n" "'$q'" "$ours" "$theirs" \
      "$(python3 -c "print($ours/$theirs)")" "$plain" "$(python3 -c "print($ours/$plain)")" "$matches"
  done
  mem=$( { /usr/bin/time -f '%M' "$bin" list "$dir" --query rust >/dev/null; } 2>&1 | tail -1)
  echo "         peak memory of list --query rust on $n files: $((mem / 1024)) MB"
done
}

# The browser in tmux: the log (AGENTDECK_LOG=info, in a scratch XDG_DATA_HOME) has the
# timings; typing happens one key every 150 ms, as a fast typist, then backspaces.
browse() { # DIR LABEL
  local dir=$1 label=$2 data=$work/data-$RANDOM log
  mkdir -p "$data"
  log=$data/agentdeck/agentdeck.log
  tmux kill-session -t agentdeck-bench 2>/dev/null || true
  tmux new-session -d -s agentdeck-bench -x 160 -y 45 \
    "env XDG_DATA_HOME=$data AGENTDECK_LOG=info $bin $dir"
  for _ in $(seq 300); do grep -q 'first full frame' "$log" 2>/dev/null && break; sleep 0.1; done
  local pid
  pid=$(pgrep -n -f "$bin $dir" || true)
  type_word() {
    local word=$1
    for ((i = 0; i < ${#word}; i++)); do tmux send-keys -t agentdeck-bench -l "${word:i:1}"; sleep 0.15; done
    for ((i = 0; i < ${#word}; i++)); do tmux send-keys -t agentdeck-bench BSpace; sleep 0.15; done
  }
  # First typing on its own; then open the reader once, which starts the similarity index,
  # and type again while it builds on the other core (at the lowest priority).
  type_word "kubernetes debugger"
  sleep 0.3
  local before
  before=$(grep -c 'search query=' "$log")
  tmux send-keys -t agentdeck-bench Enter; sleep 0.3; tmux send-keys -t agentdeck-bench Escape; sleep 0.3
  type_word "rust debugger"
  for _ in $(seq 300); do grep -q 'similarity index' "$log" 2>/dev/null && break; sleep 0.1; done
  local hwm=0
  [ -n "$pid" ] && hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")
  tmux send-keys -t agentdeck-bench C-c
  [ -z "${BENCH_LOGS:-}" ] || cp "$log" "$BENCH_LOGS/$(echo "$label" | tr -c 'a-z0-9\n' _).log"
  python3 - "$log" "$label" "$hwm" "$before" <<'EOF'
import re, sys
log, label, hwm, before = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def secs(t):
    m = re.match(r"([\d.]+)(ns|µs|ms|s)$", t)
    return float(m.group(1)) * {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}[m.group(2)]
first = loaded = full = similar = None
searches, fresh = [], []
alone, during = [], []
seen = 0
for line in open(log, encoding="utf-8"):
    took = re.search(r"took=(\S+)", line)
    if not took:
        continue
    t = secs(took.group(1))
    if "first frame" in line: first = t
    elif "load complete" in line: loaded = t
    elif "first full frame" in line: full = t
    elif "similarity index" in line: similar = t
    elif "search query=" in line:
        seen += 1
        if loaded is None or "query= " in line:
            continue
        searches.append(t)
        if "cached=false" in line: fresh.append(t)
        (alone if seen <= before else during).append(t)
searches.sort(); fresh.sort(); alone.sort(); during.sort()
pick = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))] * 1000 if xs else float("nan")
p = lambda q: pick(searches, q)
fmt = lambda t: "n/a" if t is None else "%.1f ms" % (t * 1000)
print(f"{label:28} first frame {fmt(first):>8}  loaded {fmt(loaded):>8}  first full frame {fmt(full):>8}  "
      f"similarity {fmt(similar)}  peak {hwm} MB\n"
      f"{'':28} keystrokes n={len(searches)} p50 {p(0.5):.1f} ms p95 {p(0.95):.1f} ms max {p(1.0):.1f} ms; "
      f"not remembered n={len(fresh)} p95 {pick(fresh, 0.95):.1f} ms; "
      f"alone p95 {pick(alone, 0.95):.1f} ms, while the index builds p95 {pick(during, 0.95):.1f} ms")
EOF
}

echo
echo "## the browser in tmux"
for n in "${sizes[@]}"; do browse "$(corpus "$n")" "$n generated files"; done
if [ -d ../shared/corpus ]; then browse ../shared/corpus "500 real (../shared/corpus)"; fi
