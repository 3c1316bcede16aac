# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
One worker for many cameras: the camera whose newest frame has waited longest goes next.

In one process for several cameras (movenet_cameras) the model runs on one thread, so
the cameras share one interpreter and never compete for the cores. Each camera's intake
keeps at most one pending frame, its newest; the scheduler steps the intake whose pending
frame arrived first, so no camera starves and none is served twice while another waits.
No rclpy here: the intakes do the ROS work in their step().
"""

import threading
import traceback


class FrameScheduler:
    """
    Steps intakes in turn, oldest pending frame first, on one thread.

    An intake offers ``pending_since()`` (when its pending frame arrived, or None),
    ``step()`` (process it) and ``fault(error)`` (log and count an error its step raised,
    and be ready for the next frame); it calls ``notify()`` when a frame becomes pending.
    """

    def __init__(self, name='movenet_scheduler'):
        self._ready = threading.Condition()
        self._intakes = []
        self._busy = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def add(self, intake):
        """Serve ``intake`` from now on."""
        with self._ready:
            self._intakes.append(intake)
            self._ready.notify_all()

    def remove(self, intake):
        """Stop serving ``intake``; return once no step of it runs any more."""
        with self._ready:
            if intake in self._intakes:
                self._intakes.remove(intake)
            while self._busy is intake:
                self._ready.wait()

    def notify(self):
        """Wake the worker: a frame is pending somewhere."""
        with self._ready:
            self._ready.notify_all()

    def next_intake(self):
        """Return the intake whose pending frame waited longest, or None (lock held)."""
        waiting = [(since, index, intake) for index, intake in enumerate(self._intakes)
                   for since in (intake.pending_since(),) if since is not None]
        return min(waiting)[2] if waiting else None

    def _run(self):
        while True:
            with self._ready:
                intake = self.next_intake()
                while intake is None and not self._stopped:
                    self._ready.wait()
                    intake = self.next_intake()
                if self._stopped:
                    return
                self._busy = intake
            try:
                intake.step()
            except Exception as e:  # noqa: B902 - a bug in one camera's step must not stop all
                hand_over(intake, e)
            finally:
                with self._ready:
                    self._busy = None
                    self._ready.notify_all()

    def stop(self, timeout=30.0):
        """End the worker thread (after every intake is removed)."""
        with self._ready:
            self._stopped = True
            self._ready.notify_all()
        self._thread.join(timeout)


def hand_over(intake, error):
    """Give ``error`` to its camera; should even that fail, say so on stderr and go on."""
    try:
        intake.fault(error)
    except Exception:  # noqa: B902 - a failing report must not stop every camera either
        traceback.print_exc()
