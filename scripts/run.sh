#!/usr/bin/env bash
# The main job: installs what the build needs, builds cimpvt (release), and runs it on a sweep file
# (default corners/default.toml). Results land under results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
swift build -c release --product cimpvt >&2
bin=.build/release/cimpvt
sweep="${1:-corners/default.toml}"
mkdir -p results
name=$(basename "$sweep" .toml)
"$bin" corners "$sweep" | tee "results/$name-corners.txt"
echo
for p in TT FF SS FS SF; do
  "$bin" device --process "$p" --vdd 0.6 --temp -40
done | tee "results/$name-devices.txt"
