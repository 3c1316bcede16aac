# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""StampClock: the one rule for time going backwards."""

from movenet_ros.core.timeline import StampClock


def test_growing_and_equal_stamps_are_not_a_step_back():
    clock = StampClock()
    assert [clock.went_backwards(s) for s in (0.0, 0.5, 0.5, 2.0)] == [False] * 4
    assert clock.latest == 2.0


def test_an_earlier_stamp_is_a_step_back_and_starts_a_new_timeline():
    clock = StampClock()
    clock.went_backwards(10.0)
    assert clock.went_backwards(3.0)
    # 3.0 is now the latest: 4.0 continues the new timeline, and 3.5 then goes back again.
    assert not clock.went_backwards(4.0)
    assert clock.went_backwards(3.5)


def test_a_frame_without_a_stamp_neither_counts_nor_hides_a_step_back():
    clock = StampClock()
    clock.went_backwards(10.0)
    assert not clock.went_backwards(None)
    assert clock.latest == 10.0
    assert clock.went_backwards(9.0)


def test_reset_forgets_the_latest_stamp():
    clock = StampClock()
    clock.went_backwards(10.0)
    clock.reset()
    assert clock.latest is None
    assert not clock.went_backwards(1.0)
