# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Counters and the frames-skipped count from publisher sequence numbers."""

from movenet_ros.core.stats import PipelineStats, SequenceGaps
import pytest


def test_sequence_gaps_count_numbers_never_seen():
    gaps = SequenceGaps()
    assert [gaps.missed(n) for n in (1, 2, 5, 6, 10)] == [0, 0, 2, 0, 3]


def test_sequence_gaps_restart_on_a_number_that_does_not_increase():
    gaps = SequenceGaps()
    # 7 after 9: a second or restarted publisher; counting resumes from it.
    assert [gaps.missed(n) for n in (8, 9, 7, 9, 9)] == [0, 0, 0, 1, 0]


def test_sequence_gaps_are_followed_per_source():
    gaps = SequenceGaps()
    # Two cameras on one topic, numbered independently and interleaved.
    steps = [(100, 'left'), (3, 'right'), (101, 'left'), (5, 'right'), (104, 'left')]
    assert [gaps.missed(n, source) for n, source in steps] == [0, 0, 0, 1, 2]


def test_sequence_gaps_ignore_a_missing_number():
    gaps = SequenceGaps()
    assert [gaps.missed(n) for n in (3, None, 5)] == [0, 0, 0]


def test_snapshot_rates_and_totals():
    stats = PipelineStats()
    stats.snapshot(10.0)
    stats.count('received', 30)
    stats.count('processed', 20)
    stats.count('dropped', 10)
    for ms in (1.0, 2.0, 3.0):
        stats.add_timing(ms / 1e3, 2 * ms / 1e3)
    snap = stats.snapshot(12.0)
    assert snap.period == pytest.approx(2.0)
    assert snap.input_fps == pytest.approx(15.0)
    assert snap.processed_fps == pytest.approx(10.0)
    assert (snap.received, snap.processed, snap.dropped) == (30, 20, 10)
    assert snap.inference_ms_p50 == pytest.approx(2.0)
    assert snap.latency_ms_p50 == pytest.approx(4.0)
    later = stats.snapshot(13.0)
    assert later.input_fps == 0.0 and later.received == 30


def test_latency_percentiles_cover_the_last_window_of_frames():
    stats = PipelineStats(window=100)
    for ms in range(1000, 1050):  # pushed out of the window by the next 100
        stats.add_timing(0.0, ms / 1e3)
    for ms in range(1, 101):
        stats.add_timing(0.0, ms / 1e3)
    snap = stats.snapshot(1.0)
    # 1..100 ms, linear interpolation: p50 = 50.5, p95 = 95.05, p99 = 99.01.
    assert snap.latency_ms_p50 == pytest.approx(50.5)
    assert snap.latency_ms_p95 == pytest.approx(95.05)
    assert snap.latency_ms_p99 == pytest.approx(99.01)
