# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""A Ctrl-C during start-up is recorded, not raised, then handed to rclpy's handler."""

import signal
import subprocess
import sys

from movenet_ros.ros import start_up
import pytest


@pytest.fixture(autouse=True)
def restore_handlers():
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in before.items():
        signal.signal(signum, handler)


def test_a_deferred_ctrl_c_raises_nothing_and_is_reported_once():
    start_up.defer()
    signal.raise_signal(signal.SIGINT)  # would raise KeyboardInterrupt here otherwise
    signal.raise_signal(signal.SIGINT)
    assert start_up.resume() is True
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert start_up.resume() is False


def test_a_deferred_sigterm_is_reported_and_its_default_comes_back():
    # Until rclpy's handler is in, SIGTERM's default killed the node during start-up.
    start_up.defer()
    signal.raise_signal(signal.SIGTERM)  # would end this process otherwise
    assert start_up.resume() is True
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_no_ctrl_c_while_deferred_is_reported_as_none():
    start_up.defer()
    assert start_up.resume() is False
    with pytest.raises(KeyboardInterrupt):  # raising again after resume()
        signal.raise_signal(signal.SIGINT)


def test_a_ctrl_c_from_an_earlier_deferral_is_forgotten():
    start_up.defer()
    signal.raise_signal(signal.SIGINT)
    start_up.defer()
    assert start_up.resume() is False


def test_resume_without_defer_leaves_the_handler_alone():
    def handler(signum, frame):
        pass
    signal.signal(signal.SIGINT, handler)
    assert start_up.resume() is False
    assert signal.getsignal(signal.SIGINT) is handler


HAND_OVER = """
import os, signal, time
import rclpy
from rclpy.signals import SignalHandlerOptions
from movenet_ros.ros import node_runner, start_up

start_up.defer()
rclpy.init(signal_handler_options=SignalHandlerOptions.NO)
print('came' if node_runner.hand_signals_to_rclpy() else 'none')
try:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(60)
except KeyboardInterrupt:  # Python's part of the handling
    print('interrupted')
deadline = time.monotonic() + 30  # rclpy's part, from its own thread
while rclpy.ok() and time.monotonic() < deadline:
    time.sleep(0.01)
print('context', 'up' if rclpy.ok() else 'shut down', flush=True)
"""


def test_after_the_hand_over_a_ctrl_c_reaches_rclpy_and_python():
    # Handed over in the wrong order, Python's handler replaced rclpy's: a SIGINT then
    # raised KeyboardInterrupt but never shut the context down nor woke an executor.
    result = subprocess.run([sys.executable, '-c', HAND_OVER], capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.split() == ['none', 'interrupted', 'context', 'shut', 'down'], \
        result.stdout + result.stderr
