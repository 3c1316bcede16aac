# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The image subscription's callback group: the executor takes a frame only on demand.

While the model runs, new images wait in the subscription's DDS queue, where newer ones
replace older ones and none is copied into Python, so frames a slow model skips cost the
node almost nothing (docs/processing.md has the figures). When the worker finishes a
frame and others wait, it takes them itself and keeps the newest. Safe under a
multi-threaded executor: one take at a time, and only the latest take reopens the gate.
"""

import threading

from rclpy.callback_groups import CallbackGroup
from rclpy.exceptions import InvalidHandle


class FrameGate(CallbackGroup):
    """
    Open while the worker waits for a frame; closed from a take until the worker is done.

    A take that hands no frame to the worker (nothing to take, a frame refused on arrival,
    an error in the callback) opens the gate again by itself, so it cannot stay shut.
    """

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._open = True
        self._handed_over = False
        self._takes = 0  # takes begun, so each executor thread knows if its take is the latest
        self._local = threading.local()

    def can_execute(self, entity):
        return self._open

    def beginning_execution(self, entity):
        with self._lock:
            if not self._open:
                return False
            self._open = self._handed_over = False
            self._takes += 1
            self._local.take = self._takes
            return True

    def ending_execution(self, entity):
        # The executor rebuilds its wait set right after this, so no wake is needed.
        with self._lock:
            if getattr(self._local, 'take', None) == self._takes and not self._handed_over:
                self._open = True

    def hand_over(self):
        """Record that this take's frame went to the worker, which reopens the gate."""
        with self._lock:
            self._handed_over = True

    def take_waiting(self, subscription):
        """
        Take the oldest message waiting in ``subscription``'s queue: (msg, info) or None.

        Only while the gate is shut, so the executor never takes at the same time. This
        spares a frame that is already waiting two thread wake-ups and a rebuild of the
        executor's wait set (about 0.8 ms per frame at 640x480 when frames come faster
        than the model).
        """
        handle = subscription.handle
        if self._open or not hasattr(handle, 'take_message'):
            return None
        try:
            with handle:
                taken = handle.take_message(subscription.msg_type, subscription.raw)
        except InvalidHandle:  # the subscription was destroyed (deactivate)
            return None
        if taken is None:
            return None
        if isinstance(taken, tuple):  # (msg, info) on every rclpy since Foxy
            return taken[0], (taken[1] if len(taken) > 1 else {})
        return taken, {}

    def reopen(self, executor=None):
        """Let the next frame in; ``executor`` (if any) is woken to wait for it again."""
        with self._lock:
            self._open = True
        if executor is not None:
            try:
                executor.wake()
            except InvalidHandle:  # the executor is shutting down
                pass
