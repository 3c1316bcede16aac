# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_lifecycle_node: the same node as a managed (lifecycle) node.

configure loads the model and creates publishers, activate subscribes and starts the
worker, deactivate stops listening, cleanup releases the model. Model, delegate and QoS
parameters can change while the node runs and take effect at the next configure or
activate, so a model is switched with deactivate, cleanup, configure, activate.
"""

import signal
import sys

import rclpy
from rclpy.executors import ExternalShutdownException
from rclpy.impl.implementation_singleton import rclpy_implementation
from rclpy.lifecycle import LifecycleNode, TransitionCallbackReturn

from .core.models import ModelError
from .pose_node_core import ParameterError, PoseNodeCore

RCLError = rclpy_implementation.RCLError


class MoveNetLifecycleNode(LifecycleNode):
    """Managed pose node; does nothing until configured and activated."""

    def __init__(self, node_name='movenet', **kwargs):
        super().__init__(node_name, **kwargs)
        self.core = PoseNodeCore(self, startup_only_read_only=False)

    def on_configure(self, state):
        try:
            self.core.configure()
        except ModelError as e:
            self.get_logger().error(f'configure failed: {e}')
            self.core.cleanup()
            return TransitionCallbackReturn.FAILURE
        return TransitionCallbackReturn.SUCCESS

    def on_activate(self, state):
        self.core.activate()
        return super().on_activate(state)

    def on_deactivate(self, state):
        self.core.deactivate()
        return super().on_deactivate(state)

    def on_cleanup(self, state):
        self.core.cleanup()
        return TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state):
        self.core.deactivate()
        self.core.cleanup()
        return TransitionCallbackReturn.SUCCESS

    def close(self):
        """Stop the worker; returns a one-line account of what the node did."""
        self.core.deactivate()
        return self.core.stats.summary()


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_lifecycle_node`."""
    try:
        rclpy.init(args=args)
    except RCLError as e:  # e.g. a params file that is missing or not YAML
        rclpy.logging.get_logger('movenet').fatal(f'cannot start: {e}')
        return 1
    try:
        node = MoveNetLifecycleNode()
    except ParameterError as e:
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
        rclpy.logging.get_logger('movenet_ros').info(f'{name}: {summary}')
        rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
