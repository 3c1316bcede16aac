# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A Ctrl-C (or SIGTERM) during start-up is recorded, not acted on, until the node can stop.

Raised as a KeyboardInterrupt in the middle of imports, it can be lost: a pybind11
module (LiteRT, rclpy) turns an exception in its init into ImportError("initialization
failed"), and a library that falls back on ImportError carries on as if nothing came.
The node then loaded its model and ran. Recorded, the request is honoured once the
nodes exist, by the same shutdown as any later Ctrl-C. SIGTERM, which would otherwise kill
the process until rclpy's handler is installed, is held the same way.

Imports only the standard library: an entry point calls defer() before anything heavy.
"""

import signal

__all__ = ['defer', 'resume']

_requested = []
#: Each held signal and what it goes back to: Python's own handler, and the OS default,
#: which rclpy's handler replaces and does not pass SIGTERM on to.
_HELD = ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL))


def _record(signum, frame):
    _requested.append(signum)


def defer():
    """Record SIGINT and SIGTERM from now on instead of acting on them."""
    _requested.clear()
    for signum, _ in _HELD:
        signal.signal(signum, _record)


def resume():
    """
    Give SIGINT and SIGTERM their usual handlers back; tell whether one came meanwhile.

    Without a defer() before, it leaves the handlers as they are and returns False.
    """
    if signal.getsignal(signal.SIGINT) is not _record:
        return False
    for signum, handler in _HELD:
        signal.signal(signum, handler)
    came = bool(_requested)
    _requested.clear()
    return came
