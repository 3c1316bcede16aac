# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""movenet_node: images in, PoseKeypoints and an annotated image out, from start-up on."""

import signal
import sys

import rclpy
from rclpy.executors import ExternalShutdownException
from rclpy.impl.implementation_singleton import rclpy_implementation
from rclpy.node import Node

from .core.models import ModelError
from .pose_node_core import ParameterError, PoseNodeCore

RCLError = rclpy_implementation.RCLError

__all__ = ['MoveNetNode', 'ParameterError', 'main']


class MoveNetNode(Node):
    """Estimates one person's pose in every image it has time for."""

    def __init__(self, node_name='movenet', **kwargs):
        super().__init__(node_name, **kwargs)
        self.core = PoseNodeCore(self)
        self.core.configure()
        self.core.activate()

    @property
    def estimator(self):
        return self.core.estimator

    @property
    def values(self):
        return self.core.values

    def close(self):
        """Stop the worker; returns a one-line account of what the node did."""
        self.core.deactivate()
        return self.core.stats.summary()


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_node`."""
    try:
        rclpy.init(args=args)
    except RCLError as e:  # e.g. a params file that is missing or not YAML
        rclpy.logging.get_logger('movenet').fatal(f'cannot start: {e}')
        return 1
    try:
        node = MoveNetNode()
    except (ModelError, ParameterError) as e:
        rclpy.logging.get_logger('movenet').fatal(str(e))
        rclpy.try_shutdown()
        return 1
    try:
        rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        # A terminal's Ctrl-C reaches the node twice under ros2 launch (process group and
        # launch itself): the second must not interrupt the shutdown below.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        name = node.get_fully_qualified_name()
        summary = node.close()
        node.destroy_node()
        # The node (and its /rosout publisher) is gone: log through a plain logger.
        rclpy.logging.get_logger('movenet_ros').info(f'{name}: {summary}')
        rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
