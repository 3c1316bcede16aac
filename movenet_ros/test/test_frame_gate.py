# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The image subscription's gate: one take at a time, and it never stays shut by mistake."""

from movenet_ros.frame_gate import FrameGate


class Executor:
    """Stands in for the executor: counts wake-ups."""

    def __init__(self):
        self.wakes = 0

    def wake(self):
        self.wakes += 1


def test_a_frame_handed_over_keeps_the_gate_shut_until_the_worker_reopens_it():
    gate, executor = FrameGate(), Executor()
    assert gate.can_execute(None)
    assert gate.beginning_execution(None)
    gate.hand_over()
    gate.ending_execution(None)
    assert not gate.can_execute(None)
    assert not gate.beginning_execution(None)  # a second take must wait
    gate.reopen(executor)
    assert gate.can_execute(None) and executor.wakes == 1


def test_a_take_without_a_frame_for_the_worker_reopens_the_gate():
    gate = FrameGate()
    assert gate.beginning_execution(None)
    assert not gate.can_execute(None)  # shut while the callback runs
    gate.ending_execution(None)  # nothing taken, or the frame was refused
    assert gate.can_execute(None)


def test_a_worker_faster_than_the_callback_does_not_leave_the_gate_shut():
    gate = FrameGate()
    assert gate.beginning_execution(None)
    gate.hand_over()
    gate.reopen()  # the worker finished before the callback returned
    gate.ending_execution(None)
    assert gate.can_execute(None)
