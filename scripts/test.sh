#!/usr/bin/env bash
# The test command: installs what the build needs, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
source scripts/blas-env.sh
swift test -c release "$@"
