# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
StampClock: the one place that decides whether time went backwards.

A stream's stamps normally only grow. When one is earlier than the latest seen (a bag
replayed in a loop, a camera restarted), everything that remembers the past, such as the
crop, the filters and the tracks, belongs to another timeline: the estimators ask this
clock and reset. Tracker and filters themselves expect stamps in order.
"""


class StampClock:
    """Remembers the latest stamp of a stream and notices a step back in time."""

    def __init__(self):
        self.latest = None

    def reset(self):
        """Forget the latest stamp (a new stream)."""
        self.latest = None

    def went_backwards(self, stamp):
        """
        Record ``stamp`` (seconds) and tell whether it is earlier than the latest one.

        An equal stamp is not a step back. ``None`` (a frame without a stamp) is
        neither recorded nor a step back.
        """
        if stamp is None:
            return False
        backwards = self.latest is not None and stamp < self.latest
        self.latest = stamp
        return backwards


def stamp_ns(sec, nanosec):
    """Integer nanoseconds of a (sec, nanosec) stamp, as a header carries it."""
    return int(sec) * 1_000_000_000 + int(nanosec)


class Timebase:
    """
    Seconds since a stream's first stamp, computed from integer nanoseconds.

    A stamp from 1970 as float seconds keeps only about 0.24 microseconds: the same frames
    stamped in 2023 and stamped from zero then time the filters differently in the last
    bits, and tracking through MoveNet amplifies those bits into pixels (2.1 px mean on
    pose_1.mp4). Differences of integer nanoseconds are exact, so two streams with the
    same steps get the same times, whatever their epoch.
    """

    def __init__(self):
        self.origin_ns = None

    def seconds(self, ns):
        """Return the seconds from the first stamp seen to ``ns`` (integer nanoseconds)."""
        if self.origin_ns is None:
            self.origin_ns = ns
        return (ns - self.origin_ns) * 1e-9
