# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Counters and the frames-skipped count from publisher sequence numbers."""

from movenet_ros.runtime.frame_accounting import LossMonitor, PipelineStats, SequenceGaps
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
    stats.count('skipped', 6)
    stats.count('lost', 4)
    for ms in (1.0, 2.0, 3.0):
        stats.add_timing(ms / 1e3, 2 * ms / 1e3)
    snap = stats.snapshot(12.0)
    assert snap.period == pytest.approx(2.0)
    assert snap.input_fps == pytest.approx(15.0)
    assert snap.processed_fps == pytest.approx(10.0)
    assert (snap.received, snap.processed, snap.skipped, snap.lost) == (30, 20, 6, 4)
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


def test_summary_names_skipped_and_lost_frames_apart():
    stats = PipelineStats()
    for counter, n in (('received', 10), ('processed', 5), ('skipped', 3), ('lost', 2)):
        stats.count(counter, n)
    assert stats.summary().startswith(
        'processed 5 frames of 10 received; skipped 3 while the model was busy, '
        'lost 2 before they reached the node, rejected 0 bad images, 0 failures')


def test_loss_monitor_warns_once_when_a_tenth_is_lost_over_the_window():
    monitor = LossMonitor(window=5.0, fraction=0.1, min_frames=10, repeat=60.0)
    # One sample a second: 30 frames a second, 2 of them lost (6.7 %): no warning.
    results = [monitor.update(t, 30 * t, 2 * t) for t in range(0, 6)]
    assert results == [None] * 6
    # From t=6 on 10 of 30 a second are lost. Over the 5 s ending at t=6 (from t=1):
    # received 180 - 30 = 150, lost 20 - 2 = 18 -> 12 %: the first warning.
    assert monitor.update(6, 180, 20) == pytest.approx(18 / 150)
    # Still lossy a second later (from t=2: 26 of 150), but the warning was given.
    assert monitor.update(7, 210, 30) is None
    assert monitor.share() == pytest.approx(26 / 150)
    # 60 s after the first warning it is due again (from t=7: 600 of 1800 lost).
    assert monitor.update(66, 2010, 630) == pytest.approx(600 / 1800)


def test_loss_monitor_needs_enough_frames():
    monitor = LossMonitor(window=5.0, fraction=0.1, min_frames=10)
    assert monitor.update(0.0, 0, 0) is None
    assert monitor.update(1.0, 9, 9) is None  # 9 frames, all lost: too few to judge
    assert monitor.share() is None
    assert monitor.update(2.0, 10, 9) == pytest.approx(0.9)
