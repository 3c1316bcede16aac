#!/usr/bin/env bash
# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0
#
# The test suite while two CPU-bound processes run beside it (a busy machine), RUNS
# times in a row; the burners stop when the runs end, however they end.
set -o pipefail
cd "$(dirname "$0")/.."
RUNS=${STRESS_RUNS:-1}
burners=()
stop_burners() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done
  wait "${burners[@]}" 2>/dev/null
}
trap stop_burners EXIT
for _ in 1 2; do
  python3 -c 'while True: pass' &
  burners+=($!)
done
echo "two CPU-bound processes beside the suite: ${burners[*]}"
. ./env.sh
for run in $(seq 1 "$RUNS"); do
  echo "== stress run $run of $RUNS"
  python -m pytest movenet_ros/test "$@" || { echo "stress run $run failed"; exit 1; }
done
