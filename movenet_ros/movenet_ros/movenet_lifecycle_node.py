# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_lifecycle_node: the same node as a managed (lifecycle) node (node/nodes.py).

Nothing heavy is imported before main() runs: rclpy, OpenCV and LiteRT take about a
second to import, and a Ctrl-C in that second is held (ros/start_up.py) until the node
exists, which then stops cleanly (exit 0) instead of with a traceback or the signal.
"""

import sys

from .ros import start_up
from .runtime import allocator

__all__ = ['main']


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_lifecycle_node`."""
    start_up.defer()
    allocator.keep_freed_image_buffers()  # before the imports below start threads
    from .node.nodes import MoveNetLifecycleNode
    from .node.entry import run
    return run(MoveNetLifecycleNode, args, 'movenet_lifecycle_node')


if __name__ == '__main__':
    sys.exit(main())
