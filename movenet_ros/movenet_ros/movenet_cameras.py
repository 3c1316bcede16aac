# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_cameras: the pose node for every camera of a cameras file, in one process.

Nothing heavy is imported before main() runs, and a Ctrl-C during start-up is held
(ros/start_up.py) until the nodes exist, which then stop cleanly.
"""

import sys

from .ros import start_up
from .runtime import allocator

__all__ = ['main']

HELP = ('movenet_cameras', 'Pose estimation for every camera of a cameras file in one '
        'process: one model per distinct model file, one worker for all cameras; each '
        'camera has its own movenet node, topics and /diagnostics status in its namespace.',
        '--ros-args -p cameras_file:=/path/to/cameras.yaml',
        [('cameras_file', '', 'YAML file with a `cameras:` list of namespace, image_topic, '
          'and optionally params_file and parameters (required)'),
         ('use_sim_time', False, 'use /clock, for every camera')],
        [('<namespace>/image', 'sensor_msgs/Image in, per camera (remapped to its '
          'image_topic)'),
         ('<namespace>/pose/keypoints', 'movenet_ros_msgs/PoseKeypoints out, per camera')])


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_cameras`."""
    start_up.defer()
    allocator.keep_freed_image_buffers()  # before the imports below start threads
    from .node.cameras import CamerasFileError, CamerasHost
    from .node.entry import run_many
    from .ros.help_text import exit_with_help
    if exit_with_help(args, *HELP):
        return 0

    def create():
        host = CamerasHost()
        return [*host.cameras, host]  # the cameras stop before their shared worker
    return run_many(create, args, 'movenet_cameras', (CamerasFileError,))


if __name__ == '__main__':
    sys.exit(main())
