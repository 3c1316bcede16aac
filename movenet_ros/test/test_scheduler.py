# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The worker shared by many cameras (node/scheduler.py): oldest pending frame first."""

import threading

from movenet_ros.node.scheduler import FrameScheduler


class Intake:
    """A camera with frames pending since given times; records when it is stepped."""

    def __init__(self, name, log, since=None):
        self.name, self.log, self.since = name, log, since
        self.steps = threading.Semaphore(0)

    def pending_since(self):
        return self.since

    def step(self):
        self.log.append(self.name)
        self.since = None
        self.steps.release()


def test_the_camera_whose_frame_waited_longest_goes_first():
    log = []
    intakes = [Intake('a', log, 3.0), Intake('b', log, 1.0), Intake('c', log, 2.0),
               Intake('idle', log)]
    scheduler = FrameScheduler.__new__(FrameScheduler)  # no thread: the choice alone
    scheduler._intakes = intakes
    assert scheduler.next_intake().name == 'b'
    intakes[1].since = None
    assert scheduler.next_intake().name == 'c'
    intakes[2].since = 5.0  # c got a newer frame: a has waited longer now
    assert scheduler.next_intake().name == 'a'
    for intake in intakes[:3]:
        intake.since = None
    assert scheduler.next_intake() is None


def test_every_pending_camera_is_stepped_in_order_of_arrival():
    log = []
    scheduler = FrameScheduler()
    try:
        intakes = [Intake(name, log) for name in 'xyz']
        for intake in intakes:
            scheduler.add(intake)
        # Pending frames arrive while the worker is held back by the lock.
        with scheduler._ready:
            intakes[2].since, intakes[0].since, intakes[1].since = 1.0, 2.0, 3.0
        scheduler.notify()
        for intake in intakes:
            assert intake.steps.acquire(timeout=10.0)
        assert log == ['z', 'x', 'y']
        scheduler.remove(intakes[0])
        intakes[0].since = 0.0  # removed: never stepped again
        intakes[1].since = 9.0
        scheduler.notify()
        assert intakes[1].steps.acquire(timeout=10.0)
        assert log == ['z', 'x', 'y', 'y']
    finally:
        scheduler.stop()


def test_a_failing_step_is_handed_to_its_camera_and_the_others_go_on():
    log = []

    class Broken(Intake):

        def __init__(self, *args):
            super().__init__(*args)
            self.faults = []

        def step(self):
            self.since = None
            raise RuntimeError('a bug in one camera')

        def fault(self, error):
            self.faults.append(str(error))
            self.since = 3.0  # served on: its next frame is stepped again

    scheduler = FrameScheduler()
    try:
        broken, fine = Broken('broken', log, 1.0), Intake('fine', log, 2.0)
        scheduler.add(broken)
        scheduler.add(fine)
        assert fine.steps.acquire(timeout=10.0)
        assert log == ['fine']
        with scheduler._ready:  # the broken camera's next frame is stepped (and fails) too
            while len(broken.faults) < 2:
                scheduler._ready.wait(timeout=10.0)
        assert broken.faults[:2] == ['a bug in one camera'] * 2
    finally:
        scheduler.remove(broken)
        scheduler.stop()
