# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""StampClock, the one rule for time going backwards; Timebase, exact seconds of a stream."""

from movenet_ros.core.timeline import stamp_ns, StampClock, Timebase


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


def test_a_timebase_gives_the_same_seconds_for_any_epoch():
    # 1/30 s steps as a driver stamps them, from 2023 and from zero: float seconds since
    # 1970 would keep only 0.24 us (the 2023 stamps' steps come out 33333333.5 ns and
    # 33333332.5 ns apart); differences of integer nanoseconds are exact.
    epoch, zero = Timebase(), Timebase()
    start = stamp_ns(1_700_000_000, 123_456_789)
    steps = [round(k * 1e9 / 30) for k in range(200)]
    assert [epoch.seconds(start + s) for s in steps] == [zero.seconds(s) for s in steps]
    assert zero.seconds(steps[30]) == 1.0
    floats = [(start + s) * 1e-9 for s in steps]
    assert len({round(b - a, 12) for a, b in zip(floats, floats[1:])}) > 1  # the old way


def test_stamp_ns_reads_a_header_stamp():
    assert stamp_ns(1_700_000_000, 5) == 1_700_000_000_000_000_005
    assert Timebase().seconds(stamp_ns(3, 0)) == 0.0  # the first stamp is the origin
