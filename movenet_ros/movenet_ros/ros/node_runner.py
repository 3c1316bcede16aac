# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Process entry for any node of the package: start-up errors as one line, a clean shutdown."""

import gc
import signal

import rclpy
from rclpy.executors import ExternalShutdownException, SingleThreadedExecutor
from rclpy.impl.implementation_singleton import rclpy_implementation
from rclpy.signals import install_signal_handlers, SignalHandlerOptions

from . import start_up

RCLError = rclpy_implementation.RCLError
#: Longest time the process waits without running Python (so a pending signal is seen).
WAKE_PERIOD = 0.5


def spin_node(node_class, args, logger_name, start_errors, at_exit=None):
    """
    Init rclpy, create ``node_class()``, spin it until shutdown; return the exit code.

    The node must offer close() returning a one-line summary. An exception of
    ``start_errors`` while creating the node is one fatal line and exit code 1. At the end
    the node's close() summary is logged as ``logger_name``, then ``at_exit()`` runs
    (also after a failed start), before rclpy shuts down.
    """
    return spin_nodes(lambda: [node_class()], args, logger_name, start_errors, at_exit)


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


def spin_nodes(create, args, logger_name, start_errors, at_exit=None):
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
        if at_exit is not None:  # a camera before the failing one may have needed it
            at_exit()
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
        if at_exit is not None:
            at_exit()
        rclpy.try_shutdown()
    return 0
