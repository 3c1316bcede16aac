# Source this file (`. ./env.sh`) to get the project's ROS 2 environment in a shell:
# the virtual environment, the colcon install space, the model cache and DDS kept on
# this host. `make setup` must have run once. MOVENET_ROS_DISTRO=kilted picks the Kilted
# environment (`make setup ROS_DISTRO=kilted`); Jazzy is the default.
#
# Nothing here tunes the middleware: the tests, the demo and the bench run on stock Fast
# DDS, as a robot does. config/fastdds_localhost_shm.xml is an opt-in (see docs/transports.md).

MOVENET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
export MOVENET_ROOT
MOVENET_ROS_DISTRO="${MOVENET_ROS_DISTRO:-jazzy}"
export MOVENET_ROS_DISTRO
case "$MOVENET_ROS_DISTRO" in jazzy) _movenet_suffix="" ;; *) _movenet_suffix="-$MOVENET_ROS_DISTRO" ;; esac
_movenet_venv="$MOVENET_ROOT/.venv$_movenet_suffix"
_movenet_install="$MOVENET_ROOT/install$_movenet_suffix"

if [ ! -x "$_movenet_venv/bin/python" ]; then
  echo "env.sh: no virtual environment in $_movenet_venv; run 'make setup ROS_DISTRO=$MOVENET_ROS_DISTRO' first" >&2
  return 1 2>/dev/null || exit 1
fi
VIRTUAL_ENV_DISABLE_PROMPT=1 . "$_movenet_venv/bin/activate"
export ROS_DISTRO="$MOVENET_ROS_DISTRO"

# The wheels install a ROS prefix into the venv; colcon's install space sits on top of it.
case ":${AMENT_PREFIX_PATH:-}:" in *":$VIRTUAL_ENV:"*) ;; *)
  export AMENT_PREFIX_PATH="$VIRTUAL_ENV${AMENT_PREFIX_PATH:+:$AMENT_PREFIX_PATH}" ;; esac
case ":${CMAKE_PREFIX_PATH:-}:" in *":$VIRTUAL_ENV:"*) ;; *)
  export CMAKE_PREFIX_PATH="$VIRTUAL_ENV${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}" ;; esac
if [ -f "$_movenet_install/setup.bash" ] && [ -n "${BASH_VERSION:-}" ]; then
  . "$_movenet_install/setup.bash"
elif [ -f "$_movenet_install/setup.sh" ]; then
  COLCON_CURRENT_PREFIX="$_movenet_install" . "$_movenet_install/setup.sh"
fi
# Console scripts of an ament_python package live in lib/<package> (where `ros2 run` looks).
case ":$PATH:" in *":$_movenet_install/movenet_ros/lib/movenet_ros:"*) ;; *)
  export PATH="$_movenet_install/movenet_ros/lib/movenet_ros:$PATH" ;; esac
unset _movenet_suffix _movenet_venv _movenet_install

# Models are verified copies in the project's cache; the shared folder beside the
# checkout (when present) is the mirror they come from, and its data feeds the tests.
export MOVENET_MODEL_CACHE="${MOVENET_MODEL_CACHE:-$MOVENET_ROOT/.cache/models}"
if [ -z "${MOVENET_MODEL_MIRROR:-}" ] && [ -d "$MOVENET_ROOT/../shared/models" ]; then
  MOVENET_MODEL_MIRROR="$(cd "$MOVENET_ROOT/../shared/models" && pwd)"
  export MOVENET_MODEL_MIRROR
fi
if [ -z "${MOVENET_DATA:-}" ] && [ -d "$MOVENET_ROOT/../shared/data" ]; then
  MOVENET_DATA="$(cd "$MOVENET_ROOT/../shared/data" && pwd)"
  export MOVENET_DATA
fi

# DDS discovery stays on this host (ROS_LOCALHOST_ONLY for distros before Iron).
export ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST
case "$MOVENET_ROS_DISTRO" in humble) export ROS_LOCALHOST_ONLY=1 ;; esac
export RCUTILS_COLORIZED_OUTPUT="${RCUTILS_COLORIZED_OUTPUT:-0}"
