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
echo
# Until the sweep lands: dot-product error of both macros at three corners (die 0, 5000 samples each).
{
  for corner in "TT 0.9 27" "SS 0.6 -40" "FF 1.0 125"; do
    set -- $corner
    "$bin" mac-stats --macro digital --format bf16 --mode accurate --process "$1" --vdd "$2" --temp "$3" --samples 5000
    "$bin" mac-stats --macro digital --format bf16 --mode accurate --clock nominal --process "$1" --vdd "$2" --temp "$3" --samples 5000
    "$bin" mac-stats --macro analog --process "$1" --vdd "$2" --temp "$3" --samples 5000
    echo
  done
} | tee "results/$name-macros.txt"
