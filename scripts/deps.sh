#!/usr/bin/env bash
# Installs the Debian packages cimpvt builds against, dataset-fashion-mnist (the fashion workload's
# data, Zalando's IDX files under /usr/share/datasets/fashion-mnist) and ngspice (the SPICE that
# `cimpvt calibrate` runs), when they are missing (needs root or sudo).
set -euo pipefail
need=()
for p in libgsl-dev libopenblas-dev zlib1g-dev pkg-config dataset-fashion-mnist ngspice; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "cimpvt: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
