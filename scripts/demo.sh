#!/usr/bin/env bash
# make demo: movenet_node + a video played into /image_raw + a monitor printing a summary
# per second and writing the annotated frames to out/annotated.mp4.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
VIDEO="${1:-$ROOT/../shared/data/video/pose_1.mp4}"
[ -f "$VIDEO" ] || { echo "demo: no video at $VIDEO (set VIDEO=...)" >&2; exit 1; }
set +u
. ./env.sh
set -u
export ROS_DOMAIN_ID="${ROS_DOMAIN_ID:-$(( (RANDOM % 90) + 5 ))}"
mkdir -p out
pids=()
cleanup() { for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

movenet_node --ros-args --params-file movenet_ros/config/movenet.yaml -r image:=/image_raw &
pids+=($!)
pose_monitor --ros-args -r image:=/image_raw -p output:=out/annotated.mp4 \
  -p fps:="$(python -c "import cv2,sys; print(cv2.VideoCapture(sys.argv[1]).get(cv2.CAP_PROP_FPS) or 30.0)" "$VIDEO")" &
monitor=$!
video_publisher --ros-args -r image:=/image_raw -p video:="$VIDEO" -p wait_for_subscribers:=2
wait "$monitor"
