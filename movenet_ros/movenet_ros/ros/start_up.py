# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A Ctrl-C during start-up is recorded, not raised, until the node can stop cleanly.

Raised as a KeyboardInterrupt in the middle of imports, it can be lost: a pybind11
module (LiteRT, rclpy) turns an exception in its init into ImportError("initialization
failed"), and a library that falls back on ImportError carries on as if nothing came.
The node then loaded its model and ran. Recorded, the request is honoured once the
nodes exist, by the same shutdown as any later Ctrl-C.

Imports only the standard library: an entry point calls defer() before anything heavy.
"""

import signal

__all__ = ['defer', 'resume']

_requested = []


def _record(signum, frame):
    _requested.append(signum)


def defer():
    """Record SIGINT from now on instead of raising KeyboardInterrupt."""
    _requested.clear()
    signal.signal(signal.SIGINT, _record)


def resume():
    """
    Let SIGINT raise KeyboardInterrupt again; tell whether one came while deferred.

    Without a defer() before, it leaves the handler as it is and returns False.
    """
    if signal.getsignal(signal.SIGINT) is not _record:
        return False
    signal.signal(signal.SIGINT, signal.default_int_handler)
    came = bool(_requested)
    _requested.clear()
    return came
