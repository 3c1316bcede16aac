# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""movenet_node: images in, PoseKeypoints and an annotated image out, from start-up on."""

import sys

from rclpy.node import Node

from .node.pipeline import PosePipeline
from .ros.node_runner import run
from .ros.settings import ParameterError

__all__ = ['MoveNetNode', 'ParameterError', 'main']


class MoveNetNode(Node):
    """Estimates one person's pose in every image it has time for."""

    def __init__(self, node_name='movenet', **kwargs):
        super().__init__(node_name, **kwargs)
        self.pipeline = PosePipeline(self)
        self.pipeline.configure()
        self.pipeline.activate()

    def close(self):
        """Stop the worker; returns a one-line account of what the node did."""
        self.pipeline.deactivate()
        return self.pipeline.stats.summary()


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_node`."""
    return run(MoveNetNode, args)


if __name__ == '__main__':
    sys.exit(main())
