# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Process entry for the pose nodes: start-up errors as one line, a clean shutdown."""

import signal

import rclpy
from rclpy.executors import ExternalShutdownException
from rclpy.impl.implementation_singleton import rclpy_implementation

from .core.allocator import keep_freed_image_buffers
from .core.models import ModelError
from .pose_node_core import ParameterError

RCLError = rclpy_implementation.RCLError


def run(node_class, args=None):
    """
    Create ``node_class()``, spin it until shutdown, and return the exit code.

    The node must offer close() returning a one-line summary, logged at exit.
    """
    keep_freed_image_buffers()  # before the first frame-sized buffer exists
    try:
        rclpy.init(args=args)
    except RCLError as e:  # e.g. a params file that is missing or not YAML
        rclpy.logging.get_logger('movenet').fatal(f'cannot start: {e}')
        return 1
    try:
        node = node_class()
    except (ModelError, ParameterError, OSError) as e:
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
