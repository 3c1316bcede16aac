# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""A Ctrl-C during start-up is recorded, not raised, and reported once when resumed."""

import signal

from movenet_ros.ros import start_up
import pytest


@pytest.fixture(autouse=True)
def restore_sigint():
    before = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, before)


def test_a_deferred_ctrl_c_raises_nothing_and_is_reported_once():
    start_up.defer()
    signal.raise_signal(signal.SIGINT)  # would raise KeyboardInterrupt here otherwise
    signal.raise_signal(signal.SIGINT)
    assert start_up.resume() is True
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert start_up.resume() is False


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
