# Source this file (`. ./env.sh`) to get the project's ROS 2 environment in a shell:
# the virtual environment, the colcon install space, the model cache and DDS kept on
# this host. `make setup` must have run once.

MOVENET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
export MOVENET_ROOT

if [ ! -x "$MOVENET_ROOT/.venv/bin/python" ]; then
  echo "env.sh: no virtual environment in $MOVENET_ROOT/.venv; run 'make setup' first" >&2
  return 1 2>/dev/null || exit 1
fi
VIRTUAL_ENV_DISABLE_PROMPT=1 . "$MOVENET_ROOT/.venv/bin/activate"

# The wheels install a ROS prefix into the venv; colcon's install space sits on top of it.
case ":${AMENT_PREFIX_PATH:-}:" in *":$VIRTUAL_ENV:"*) ;; *)
  export AMENT_PREFIX_PATH="$VIRTUAL_ENV${AMENT_PREFIX_PATH:+:$AMENT_PREFIX_PATH}" ;; esac
case ":${CMAKE_PREFIX_PATH:-}:" in *":$VIRTUAL_ENV:"*) ;; *)
  export CMAKE_PREFIX_PATH="$VIRTUAL_ENV${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}" ;; esac
if [ -f "$MOVENET_ROOT/install/setup.bash" ] && [ -n "${BASH_VERSION:-}" ]; then
  . "$MOVENET_ROOT/install/setup.bash"
elif [ -f "$MOVENET_ROOT/install/setup.sh" ]; then
  COLCON_CURRENT_PREFIX="$MOVENET_ROOT/install" . "$MOVENET_ROOT/install/setup.sh"
fi
# Console scripts of an ament_python package live in lib/<package> (where `ros2 run` looks).
case ":$PATH:" in *":$MOVENET_ROOT/install/movenet_ros/lib/movenet_ros:"*) ;; *)
  export PATH="$MOVENET_ROOT/install/movenet_ros/lib/movenet_ros:$PATH" ;; esac

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

# DDS discovery stays on this host.
export ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST
case "${ROS_DISTRO:-jazzy}" in humble|iron) export ROS_LOCALHOST_ONLY=1 ;; esac
export RCUTILS_COLORIZED_OUTPUT="${RCUTILS_COLORIZED_OUTPUT:-0}"
# Large images need Fast DDS's shared memory with a bigger segment (see the profile).
export FASTRTPS_DEFAULT_PROFILES_FILE="${FASTRTPS_DEFAULT_PROFILES_FILE:-$MOVENET_ROOT/movenet_ros/config/fastdds_localhost_shm.xml}"
