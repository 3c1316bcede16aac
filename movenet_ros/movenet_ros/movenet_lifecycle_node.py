# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_lifecycle_node: the same node as a managed (lifecycle) node (node/nodes.py).

Nothing heavy is imported before main() runs: rclpy, OpenCV and LiteRT take about a
second to import, and a Ctrl-C in that second then ends the process cleanly (exit 0)
instead of with a traceback or killed by the signal.
"""

import sys

__all__ = ['main']


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_lifecycle_node`."""
    try:
        from .node.nodes import MoveNetLifecycleNode
        from .ros.node_runner import run
        return run(MoveNetLifecycleNode, args, 'movenet_lifecycle_node')
    except KeyboardInterrupt:  # before rclpy's own handler: Ctrl-C during start-up
        return 0


if __name__ == '__main__':
    sys.exit(main())
