#!/usr/bin/env bash
# The main job: installs what the build needs, builds cimpvt (release) and runs a sweep file
# (default corners/default.toml) into results/NAME/. Extra arguments go to `cimpvt sweep`
# (for example --jobs 4, --fresh). Running it again resumes an interrupted run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
swift build -c release --product cimpvt >&2
sweep="${1:-corners/default.toml}"
[ $# -gt 0 ] && shift
exec .build/release/cimpvt sweep "$sweep" "$@"
