#!/usr/bin/env bash
# Opt-in: renders a report.html to a PNG with headless Chromium (Debian's `chromium`), to look at
# what a reader sees. Usage: bash scripts/render-report.sh results/default [out.png]
set -euo pipefail
dir=${1:?usage: render-report.sh RESULTS_DIR [OUT.png]}
out=${2:-$dir/report.png}
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "render-report: installing chromium" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
html=$(cd "$dir" && pwd)/report.html
[ -f "$html" ] || { echo "render-report: $html not found (run cimpvt report $dir)" >&2; exit 2; }
# --no-sandbox: needed when running as root in a container; the page is local and has no scripts.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,${HEIGHT:-9000} \
  --screenshot="$out" "file://$html" 2>/dev/null
echo "render-report: wrote $out"
