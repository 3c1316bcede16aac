# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Process entry for the pose nodes: start-up errors as one line, a clean shutdown."""

import gc
import signal

import rclpy
from rclpy.executors import ExternalShutdownException, SingleThreadedExecutor
from rclpy.impl.implementation_singleton import rclpy_implementation
from rclpy.signals import install_signal_handlers, SignalHandlerOptions

from . import image_participant, start_up
from .help_text import exit_with_help
from .settings import ParameterError
from ..core.models import ModelError
from ..core.parameters import PARAMETERS

RCLError = rclpy_implementation.RCLError
#: Longest time the process waits without running Python (so a pending signal is seen).
WAKE_PERIOD = 0.5

NODE_SUMMARY = ('MoveNet pose estimation on a camera topic: PoseKeypoints, PoseKeypointsArray, '
                'an annotated image and /diagnostics. docs/outputs.md has the details.')
NODE_TOPICS = (('image', 'sensor_msgs/Image in (or image/compressed: input_transport)'),
               ('pose/keypoints', 'movenet_ros_msgs/PoseKeypoints out'),
               ('pose/poses', 'movenet_ros_msgs/PoseKeypointsArray out'),
               ('pose/image_annotated', 'sensor_msgs/Image out (and /compressed)'))


def run(node_class, args=None, executable='movenet_node'):
    """
    Create ``node_class()``, spin it until shutdown, and return the exit code.

    The node must offer close() returning a one-line summary, logged at exit.
    """
    if exit_with_help(args, executable, NODE_SUMMARY, '--ros-args -r image:=/camera/image_raw '
                      '-p model_type:=thunder', [(p.name, p.default, p.description)
                                                 for p in PARAMETERS], NODE_TOPICS):
        return 0
    return spin_node(node_class, args, 'movenet', (ModelError, ParameterError, OSError))


def spin_node(node_class, args, logger_name, start_errors):
    """
    Init rclpy, create ``node_class()``, spin it until shutdown; return the exit code.

    An exception of ``start_errors`` while creating the node is one fatal line and exit
    code 1. At the end the node's close() summary is logged as ``logger_name``.
    """
    return spin_nodes(lambda: [node_class()], args, logger_name, start_errors)


def hand_signals_to_rclpy():
    """
    Install rclpy's signal handlers once the nodes exist; tell whether a Ctrl-C came before.

    A Ctrl-C while starting was recorded (start_up.py): the caller stops now as for a
    later one. The order matters: Python's signal.signal() replaces whatever handler the
    OS has, so rclpy's goes in after it, wakes the executor, shuts the contexts down and
    passes each SIGINT on to Python's KeyboardInterrupt.
    """
    came = start_up.resume()
    install_signal_handlers(SignalHandlerOptions.ALL)
    return came


def spin_nodes(create, args, logger_name, start_errors):
    """
    Init rclpy, ``create()`` a list of nodes, spin them on one executor; the exit code.

    As spin_node, for several nodes in one process (movenet_cameras): each node's close()
    summary is logged at the end, one line per node.
    """
    try:
        # rclpy's own SIGINT handler shuts the context down; during create() that would
        # fail the node's start with an error instead of stopping it: installed below.
        rclpy.init(args=args, signal_handler_options=SignalHandlerOptions.NO)
    except RCLError as e:  # e.g. a params file that is missing or not YAML
        rclpy.logging.get_logger(logger_name).fatal(f'cannot start: {e}')
        return 1
    try:
        nodes = create()
    except start_errors as e:
        rclpy.logging.get_logger(logger_name).fatal(str(e))
        image_participant.shutdown()  # a camera before the failing one may have made it
        rclpy.try_shutdown()
        return 1
    executor = SingleThreadedExecutor()
    for node in nodes:
        executor.add_node(node)
    try:
        stopping = hand_signals_to_rclpy()
        # Not rclpy.spin: with no timer running (an unconfigured managed node) its wait
        # has no timeout, and a SIGINT whose wake-up is lost left the process waiting for
        # good. Waking every half second lets Python raise the KeyboardInterrupt.
        while not stopping and rclpy.ok():
            executor.spin_once(timeout_sec=WAKE_PERIOD)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except RCLError:  # a SIGINT that shut the context down just as spinning began
        if rclpy.ok():
            raise
    finally:
        # A terminal's Ctrl-C reaches the node twice under ros2 launch (process group and
        # launch itself): the second must not interrupt the shutdown below.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        summaries = []
        for node in nodes:
            executor.remove_node(node)
            summaries.append(f'{node.get_fully_qualified_name()}: {node.close()}')
            node.destroy_node()
        # A managed node's state machine keeps its handle, and with it the node's /rosout
        # publisher under the same logger name, until the object is collected: collect it,
        # or the summary below goes to a publisher whose context a SIGINT already shut down.
        node = nodes = executor = None
        gc.collect()
        # The nodes (and their /rosout publishers) are gone: log through a plain logger.
        for summary in summaries:
            rclpy.logging.get_logger(logger_name).info(summary)
        image_participant.shutdown()
        rclpy.try_shutdown()
    return 0
