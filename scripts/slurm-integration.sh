#!/usr/bin/env bash
# Opt-in integration test against a real Slurm on this machine (needs root; not part of swift test).
#
# Installs Debian's slurm-wlm and munge, writes a one-node slurm.conf for localhost, starts munged,
# slurmctld and slurmd, runs corners/quick.toml as a 3-task job array plus the dependent merge job
# through real sbatch (written by `cimpvt slurm`), waits for them, checks that the merged trials.csv is
# byte-identical to a local single-process run; then a small sweep with adaptive die counts, whose
# merge job resubmits the array round after round (--plan-from merged/), checked the same way; and
# stops the daemons it started (by their PIDs only).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
[ "$(id -u)" -eq 0 ] || { echo "slurm-integration: run as root (it installs packages and starts daemons)" >&2; exit 2; }

need=()
for p in slurm-wlm munge; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "slurm-integration: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash scripts/deps.sh
source scripts/blas-env.sh
swift build -c release --product cimpvt >&2
cimpvt=$repo/.build/release/cimpvt

work=$(mktemp -d /tmp/cimpvt-slurm.XXXXXX)
chmod 755 "$work"   # munged wants the socket path searchable by all
state=$work/state
mkdir -p "$state/ctld" "$state/slurmd" "$work/munge"
host=$(hostname -s)
cpus=$(nproc)
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=cimpvt-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=cimpvt Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
start=$(date +%s)

# munge: a key of our own and a socket in the work folder.
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket=$work/munge/munge.socket
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" &
pids+=($!)
sleep 1
# Slurm's auth/munge plugin talks to the default socket path unless told otherwise.
cat >> "$SLURM_CONF" <<CONF
AuthInfo=socket=$socket
CONF

slurmctld -D -f "$SLURM_CONF" > "$state/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$state/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 30); do
  sinfo -h -o %T 2>/dev/null | grep -qE "idle|mix" && break
  sleep 1
done
sinfo

# The sweep through real sbatch: 3 array tasks, then the merge job (afterok).
out=$work/run
"$cimpvt" slurm "$repo/corners/quick.toml" --shards 3 --out "$out" --cpus-per-task 1 --submit | tee "$work/submit.txt"
merge_id=$(awk '/merge job/ {print $NF}' "$work/submit.txt")
for _ in $(seq 1 600); do
  state_now=$(squeue -h -j "$merge_id" -o %T 2>/dev/null || true)
  [ -z "$state_now" ] && break
  sleep 2
done
cat "$out"/slurm/logs/* 2>/dev/null | tail -20 || true

# The same sweep locally in one process.
"$cimpvt" sweep "$repo/corners/quick.toml" --out "$work/local" --jobs 1 > /dev/null
if cmp -s "$out/merged/trials.csv" "$work/local/trials.csv"; then
  echo "slurm-integration: PASS — merged trials.csv of 3 Slurm array tasks is byte-identical to the local run ($(($(wc -l < "$work/local/trials.csv") - 1)) trials, $(( $(date +%s) - start )) s)"
else
  echo "slurm-integration: FAIL — merged trials.csv differs from the local run (see $work)" >&2
  exit 1
fi

# Adaptive die counts: rounds chained by the merge job (exit 3 → submit.sh again) until every cell settles.
cat > "$work/adaptive.toml" <<'TOML'
name = "adaptive-slurm"
seed = 3
[corners]
process = ["TT", "SS"]
vdd = [0.8]
temperature = [27]
[workload]
epochs = 2
widths = [64, 16, 10]
[[macro]]
name = "a8"
kind = "analog"
[[macro]]
name = "bf16"
kind = "digital"
[yield]
noise_runs = 0
max_degradation_pp = 3.5
target_half_width = 0.3
min_dies = 2
max_dies = 6
TOML
aout=$work/adaptive
"$cimpvt" slurm "$work/adaptive.toml" --shards 2 --out "$aout" --cpus-per-task 1 --submit | tee "$work/asubmit.txt"
for _ in $(seq 1 900); do
  [ -f "$aout/merged/summary.json" ] && [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
  sleep 2
done
"$cimpvt" sweep "$work/adaptive.toml" --out "$work/alocal" --jobs 1 > /dev/null
rounds=$(wc -l < "$aout/slurm/rounds.log")
if cmp -s "$aout/merged/trials.csv" "$work/alocal/trials.csv"; then
  echo "slurm-integration: PASS — adaptive sweep: $rounds rounds of a 2-task array chained by the merge job; merged trials.csv byte-identical to the local run ($(($(wc -l < "$work/alocal/trials.csv") - 1)) trials, $(( $(date +%s) - start )) s in all)"
  cleanup; trap - EXIT
  rm -rf "$work"
else
  echo "slurm-integration: FAIL — the adaptive sweep's merged trials.csv differs from the local run (see $work, $rounds rounds)" >&2
  exit 1
fi
