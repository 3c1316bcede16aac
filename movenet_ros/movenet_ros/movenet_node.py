# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_node: images in, PoseKeypoints and an annotated image out, from start-up on.

Nothing heavy is imported before main() runs: rclpy, OpenCV and LiteRT take about a
second to import, and a Ctrl-C in that second then ends the process cleanly (exit 0)
instead of with a traceback or killed by the signal.
"""

import sys

__all__ = ['main']


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_node`."""
    try:
        from .node.nodes import MoveNetNode
        from .ros.node_runner import run
        return run(MoveNetNode, args)
    except KeyboardInterrupt:  # before rclpy's own handler: Ctrl-C during start-up
        return 0


if __name__ == '__main__':
    sys.exit(main())
