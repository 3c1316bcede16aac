# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The image subscription's gate: one take at a time, and it never stays shut by mistake."""

from movenet_ros.node.frame_gate import FrameGate
from rclpy.exceptions import InvalidHandle


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


class Handle:
    """Stands in for a subscription's rcl handle: a queue of (msg, info) to take from."""

    def __init__(self, queue, destroyed=False):
        self.queue, self.destroyed, self.takes = list(queue), destroyed, 0

    def __enter__(self):
        if self.destroyed:
            raise InvalidHandle('destroyed')
        return self

    def __exit__(self, *exc):
        return False

    def take_message(self, msg_type, raw):
        self.takes += 1
        return self.queue.pop(0) if self.queue else None


class Subscription:
    msg_type, raw = str, False

    def __init__(self, handle):
        self.handle = handle


def test_the_worker_takes_a_waiting_frame_only_while_the_gate_is_shut():
    gate = FrameGate()
    subscription = Subscription(Handle([('frame', {'publication_sequence_number': 7})]))
    assert gate.take_waiting(subscription) is None  # open: the executor's turn
    assert subscription.handle.takes == 0
    assert gate.beginning_execution(None)
    gate.hand_over()
    gate.ending_execution(None)
    assert gate.take_waiting(subscription) == ('frame', {'publication_sequence_number': 7})
    assert gate.take_waiting(subscription) is None  # queue empty
    assert not gate.can_execute(None)  # still shut: the worker reopens it when it waits


def test_taking_from_a_destroyed_subscription_gives_nothing():
    gate = FrameGate()
    assert gate.beginning_execution(None)
    gate.hand_over()
    assert gate.take_waiting(Subscription(Handle([('frame', {})], destroyed=True))) is None


def test_a_take_that_returns_the_message_alone_gets_empty_info():
    class Bare(Handle):

        def take_message(self, msg_type, raw):
            return 'frame'
    gate = FrameGate()
    assert gate.beginning_execution(None)
    assert gate.take_waiting(Subscription(Bare([]))) == ('frame', {})


def test_under_a_multi_threaded_executor_a_late_end_cannot_open_a_newer_take():
    import threading
    gate = FrameGate()
    first_began, first_may_end = threading.Event(), threading.Event()

    def first_take():  # executor thread A: takes a frame, hands it over, ends late
        assert gate.beginning_execution(None)
        gate.hand_over()
        first_began.set()
        first_may_end.wait(5.0)
        gate.ending_execution(None)

    thread_a = threading.Thread(target=first_take)
    thread_a.start()
    assert first_began.wait(5.0)
    gate.reopen()  # the worker finished that frame before A's end ran
    assert gate.beginning_execution(None)  # thread B (this one) takes the next frame
    first_may_end.set()
    thread_a.join(5.0)
    # A's late end ran while B's take is in progress: the gate must stay shut for B.
    assert not gate.can_execute(None) and not gate.beginning_execution(None)
    gate.ending_execution(None)  # B handed nothing over: now it opens
    assert gate.can_execute(None)
