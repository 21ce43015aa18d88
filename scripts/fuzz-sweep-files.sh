#!/usr/bin/env bash
# Fuzzes the sweep-file validator through the binary (run by .ci/run; docs/sweeps.md, "What the run
# folder guarantees"): writes COUNT mutated sweep files (default 2000, seed 1) and feeds each to
# `cimpvt corners`. Every file must end with status 0 (accepted) or 2 with one "cimpvt: error:" line
# naming the file; any other status (a trap is 132, an abort 134) fails the script.
# Usage: bash scripts/fuzz-sweep-files.sh [COUNT] [SEED]   (needs the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
seed=${2:-1}
cimpvt=.build/release/cimpvt
[ -x "$cimpvt" ] || swift build -c release --product cimpvt >&2
dir=$(mktemp -d /tmp/cimpvt-fuzz.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$cimpvt" fuzz-corpus --count "$count" --seed "$seed" --out "$dir" >/dev/null
accepted=0 rejected=0 bad=0
start=$(date +%s)
for ((i = 0; i < count; i++)); do
  f="$dir/fuzz-$i.toml"
  set +e
  err=$(OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell} OPENBLAS_NUM_THREADS=1 "$cimpvt" corners "$f" 2>&1 >/dev/null)
  status=$?
  set -e
  if [ "$status" -eq 0 ]; then
    accepted=$((accepted + 1))
  elif [ "$status" -eq 2 ] && [[ "$err" == "cimpvt: error: $f"* ]] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; then
    rejected=$((rejected + 1))
  else
    bad=$((bad + 1))
    echo "fuzz: $f: status $status: $err" >&2
    cp "$f" "/tmp/cimpvt-fuzz-failure-$i.toml"
  fi
done
echo "fuzz: $count files (seed $seed): $accepted accepted, $rejected rejected with a message, $bad crashes or bad exits, $(( $(date +%s) - start )) s"
[ "$bad" -eq 0 ]
