#!/usr/bin/env bash
# A real one-node Slurm cluster on localhost for the `cluster` tests: munged, slurmctld and slurmd
# from Debian's packages, every file in a temporary folder, non-default ports.
#   local_slurm.sh start DIR   -> prints "SLURM_CONF=DIR/slurm.conf" once `sinfo` shows the node idle
#   local_slurm.sh stop DIR    -> stops slurmd, slurmctld and the munged it started
# Needs root (slurmd runs jobs as their user; munged runs as user munge). Exit 3 with one line
# saying why when the machine cannot run it.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf=$dir/slurm.conf

stop() {
  for f in slurmd slurmctld; do
    if [ -f "$dir/$f.pid" ]; then kill "$(cat "$dir/$f.pid")" 2>/dev/null || true; fi
  done
  for _ in $(seq 50); do
    alive=0
    for f in slurmd slurmctld; do [ -f "$dir/$f.pid" ] && kill -0 "$(cat "$dir/$f.pid")" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  if [ -f "$dir/munged.pid" ]; then kill "$(cat "$dir/munged.pid")" 2>/dev/null || true; fi
  rm -f "$dir"/*.pid
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: local_slurm.sh start|stop DIR" >&2; exit 2; }

for tool in munged slurmctld slurmd sinfo sbatch; do
  command -v "$tool" >/dev/null || { echo "cannot run Slurm here: $tool is not installed (packaging/install-deps.sh installs slurm-wlm and munge)" >&2; exit 3; }
done
[ "$(id -u)" = 0 ] || { echo "cannot run Slurm here: slurmd must run as root to start jobs" >&2; exit 3; }
[ -r /etc/munge/munge.key ] || { echo "cannot run Slurm here: /etc/munge/munge.key is missing" >&2; exit 3; }

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
# Ports of our own, so a test cluster never meets a real one on this machine.
base=$((17000 + RANDOM % 20000))
mkdir -p "$dir/state" "$dir/spool"
cat >"$conf" <<EOF
ClusterName=hlcnntest
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$conf

# Slurm's clients reach munged at MUNGE's default socket only, so an already running munged (the
# package's service) is used when there is one; otherwise one is started as user munge, with its
# pid file where that user may write (the test's folder is private to root).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge && chown munge:munge /run/munge
  su -s /bin/sh munge -c "munged --pid-file=/run/munge/hlcnn-test-munged.pid" ||
    { echo "cannot run Slurm here: munged did not start" >&2; exit 3; }
  cp /run/munge/hlcnn-test-munged.pid "$dir/munged.pid"
  munge -n | unmunge >/dev/null || { echo "cannot run Slurm here: munge credentials do not verify" >&2; stop; exit 3; }
fi
slurmctld -c -f "$conf" || { echo "cannot run Slurm here: slurmctld did not start ($(tail -1 "$dir/slurmctld.log" 2>/dev/null))" >&2; stop; exit 3; }
slurmd -f "$conf" || { echo "cannot run Slurm here: slurmd did not start ($(tail -1 "$dir/slurmd.log" 2>/dev/null))" >&2; stop; exit 3; }
for _ in $(seq 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -q idle; then echo "SLURM_CONF=$conf"; exit 0; fi
  sleep 0.2
done
echo "cannot run Slurm here: the node did not become idle within 20 s ($(tail -1 "$dir/slurmd.log" 2>/dev/null))" >&2
stop
exit 3
