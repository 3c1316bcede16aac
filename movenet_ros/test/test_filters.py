# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Unit tests of core.filters: low pass, One Euro and the keypoints filter."""

import math

from movenet_ros.core.filters import (
    KeypointsFilter, LowPassFilter, OneEuroConfig, OneEuroFilter)
import numpy as np
import pytest

# One Euro made linear and speed-independent: beta = 0 fixes the cutoff at min_cutoff, and a
# huge threshold makes T * asinh(d / T) = d (to the last bit for |d / T| < 2**-28).
LINEAR = OneEuroConfig(frequency=30.0, min_cutoff=1.0, beta=0.0, derivative_cutoff=1.0,
                       threshold_cutoff=1e12, threshold_beta=0.0)


def alpha(cutoff, frequency):
    """Smoothing factor by definition: 1 / (1 + tau / te), tau = 1 / (2 pi fc), te = 1 / f."""
    return 1.0 / (1.0 + frequency / (2.0 * math.pi * cutoff))


# --- LowPassFilter ----------------------------------------------------------------------

def test_low_pass_first_value_passes_then_exponential_smoothing():
    f = LowPassFilter(alpha=0.25)
    np.testing.assert_array_equal(f.apply([4.0, -8.0]), [4.0, -8.0])
    # 4 + 0.25 * (8 - 4) = 5;  -8 + 0.25 * (0 - -8) = -6
    np.testing.assert_array_equal(f.apply([8.0, 0.0]), [5.0, -6.0])
    # 5 + 0.25 * (5 - 5) = 5;  -6 + 0.25 * (-10 - -6) = -7
    np.testing.assert_array_equal(f.apply([5.0, -10.0]), [5.0, -7.0])
    np.testing.assert_array_equal(f.raw, [5.0, -10.0])


def test_low_pass_alpha_per_call_overrides_default():
    f = LowPassFilter(alpha=0.25)
    f.apply(0.0)
    assert f.apply(10.0, alpha=0.5) == 5.0  # 0 + 0.5 * 10
    assert f.apply(9.0) == 6.0  # default again: 5 + 0.25 * 4


def test_low_pass_with_threshold_compresses_by_asinh():
    f = LowPassFilter()
    f.apply(1.0)
    # Definition: stored + alpha * T * asinh((v - stored) / T); here 1 + 0.5 * 0.1 * asinh(30).
    expected = 1.0 + 0.5 * 0.1 * math.asinh(3.0 / 0.1)
    assert f.apply(4.0, alpha=0.5, threshold=0.1) == pytest.approx(expected, rel=1e-12)
    # A jump of 3 moves by only ~0.205 instead of the 1.5 it would without threshold.
    assert expected == pytest.approx(1.2047, abs=1e-4)


def test_low_pass_small_step_with_threshold_is_nearly_linear():
    f = LowPassFilter()
    f.apply(0.0)
    # T * asinh(d / T) ~ d - d^3 / (6 T^2): 0.001 - 1e-9 / 6 / 100 -> ~0.5 * 0.001.
    assert f.apply(0.001, alpha=0.5, threshold=10.0) == pytest.approx(0.0005, rel=1e-8)


def test_low_pass_reset_forgets_state():
    f = LowPassFilter(alpha=0.5)
    f.apply(0.0)
    f.apply(2.0)
    f.reset()
    assert f.raw is None and f.stored is None
    assert f.apply(7.0) == 7.0


def test_low_pass_returns_copies():
    f = LowPassFilter(alpha=0.5)
    out = f.apply(np.array([1.0, 2.0]))
    out[:] = 100.0
    np.testing.assert_array_equal(f.apply([3.0, 4.0]), [2.0, 3.0])


# --- OneEuroFilter ----------------------------------------------------------------------

def test_one_euro_first_sample_passes_unchanged():
    f = OneEuroFilter()
    values = np.array([0.123, 0.987, -4.5])
    np.testing.assert_array_equal(f.apply(values, 10.0), values)


def test_one_euro_constant_signal_stays_constant():
    f = OneEuroFilter()
    for k in range(20):
        # Zero speed, zero step: the output is the input exactly, at any cutoff.
        np.testing.assert_array_equal(f.apply([0.4, 0.6], k / 30.0), [0.4, 0.6])


def test_one_euro_linear_step_response_at_30_hz():
    f = OneEuroFilter(LINEAR)
    f.apply(0.0, 0.0)
    out = f.apply(1.0, 1.0 / 30.0)
    # alpha = 1 / (1 + f / (2 pi fc)) = 1 / (1 + 30 / (2 pi)) = 2 pi / (2 pi + 30) ~ 0.173171
    assert out == pytest.approx(2 * math.pi / (2 * math.pi + 30.0), rel=1e-9)
    assert out == pytest.approx(0.173171, abs=1e-6)
    # Third sample, same input: 0.173171 + alpha * (1 - 0.17316) = 1 - (1 - alpha)^2.
    a = 2 * math.pi / (2 * math.pi + 30.0)
    assert f.apply(1.0, 2.0 / 30.0) == pytest.approx(1 - (1 - a) ** 2, rel=1e-9)


def test_one_euro_default_config_step_by_definition():
    # MoveNet's constants: min_cutoff 2.5, beta 300, derivative_cutoff 2.5,
    # threshold_cutoff 0.5, threshold_beta 5. Step 0 -> 0.1 after 1/30 s:
    f = OneEuroFilter()
    f.apply(0.0, 0.0)
    out = f.apply(0.1, 1.0 / 30.0)
    speed = 0.1 * 30.0                     # (v - raw) * value_scale * frequency = 3
    smoothed_speed = alpha(2.5, 30.0) * speed  # derivative filter from its first value 0
    cutoff = 2.5 + 300.0 * smoothed_speed
    threshold = 0.5 + 5.0 * smoothed_speed
    expected = alpha(cutoff, 30.0) * threshold * math.asinh(0.1 / threshold)
    assert out == pytest.approx(expected, rel=1e-9)
    # Fast motion lets the point follow: ~0.0985 of the 0.1 step (smoothed speed ~1.031,
    # cutoff ~311.8 -> alpha ~0.985, threshold ~5.655).
    assert out == pytest.approx(0.0985, abs=1e-4)


def test_one_euro_value_scale_scales_speed():
    # value_scale 0.5 halves the speed (3 -> 1.5) that drives cutoff and threshold.
    f = OneEuroFilter()
    f.apply(0.0, 0.0)
    out = f.apply(0.1, 1.0 / 30.0, value_scale=0.5)
    smoothed_speed = alpha(2.5, 30.0) * 1.5
    cutoff = 2.5 + 300.0 * smoothed_speed
    threshold = 0.5 + 5.0 * smoothed_speed
    expected = alpha(cutoff, 30.0) * threshold * math.asinh(0.1 / threshold)
    assert out == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize('later', [0.0, -0.5])
def test_one_euro_equal_or_earlier_stamp_returns_raw_and_keeps_state(later):
    f = OneEuroFilter(LINEAR)
    f.apply(0.0, 1.0)
    first = f.apply(1.0, 1.1)  # dt 0.1 -> 10 Hz, alpha = 1 / (1 + 10 / (2 pi))
    a10 = 2 * math.pi / (2 * math.pi + 10.0)
    assert first == pytest.approx(a10, rel=1e-9)
    # Stamp equal to (or before) the last one: the value comes back as it is ...
    assert f.apply(5.0, 1.1 + later) == 5.0
    assert f.last_stamp == 1.1
    # ... and the state is untouched: the next sample continues from `first` with raw 1.0,
    # at 1 / (1.2 - 1.1) ~ 10 Hz.
    a = 1.0 / (1.0 + f.frequency / (2 * math.pi))
    assert f.apply(1.0, 1.2) == pytest.approx(first + a * (1.0 - first), rel=1e-9)
    assert f.frequency == pytest.approx(10.0, rel=1e-9)


def test_one_euro_frequency_follows_stamps():
    f = OneEuroFilter(LINEAR)
    assert f.frequency == 30.0  # configured until two stamps are seen
    f.apply(0.0, 5.0)
    assert f.frequency == 30.0
    f.apply(0.0, 5.1)
    assert f.frequency == pytest.approx(10.0, rel=1e-9)  # dt = 0.1 s
    f.apply(0.0, 5.35)
    assert f.frequency == pytest.approx(4.0, rel=1e-9)   # dt = 0.25 s


def test_one_euro_reset_restores_configured_frequency():
    f = OneEuroFilter(LINEAR)
    f.apply(0.0, 0.0)
    f.apply(1.0, 0.5)
    f.reset()
    assert f.frequency == 30.0 and f.last_stamp is None
    assert f.apply(3.0, 0.1) == 3.0  # first sample again, even with an earlier stamp


# --- KeypointsFilter --------------------------------------------------------------------

P0 = np.array([[0.2, 0.3], [0.4, 0.5]])
P1 = np.array([[0.3, 0.1], [0.6, 0.5]])


def smoothed(previous, value, dt):
    """Output of LINEAR for ``value`` when it holds ``previous``, ``dt`` after its last stamp."""
    a = 1.0 / (1.0 + (1.0 / dt) / (2 * math.pi))
    return previous + a * (value - previous)


def test_keypoints_filter_leaves_time_going_back_to_its_owner():
    f = KeypointsFilter(LINEAR, max_gap=1.0)
    f.apply(P0, 10.0)
    out = f.apply(P1, 10.1)
    np.testing.assert_allclose(out, smoothed(P0, P1, 0.1), rtol=1e-9)
    assert not np.allclose(out, P1)
    # An earlier stamp (a looping bag) passes raw and keeps the state: still at 10.1 Hz-wise,
    # so 10.2 is smoothed against ``out`` at 10 Hz.
    np.testing.assert_array_equal(f.apply(P0, 3.0), P0)
    np.testing.assert_allclose(f.apply(P0, 10.2), smoothed(out, P0, 0.1), rtol=1e-9)
    # The estimators reset it on noticing (StampClock); smoothing restarts at 4 Hz.
    f.reset()
    np.testing.assert_array_equal(f.apply(P1, 3.0), P1)
    np.testing.assert_allclose(f.apply(P0, 3.25), smoothed(P1, P0, 0.25), rtol=1e-9)


def test_keypoints_filter_resets_after_gap_longer_than_max_gap():
    f = KeypointsFilter(LINEAR, max_gap=1.0)
    f.apply(P0, 0.0)
    f.apply(P0, 0.5)
    # 1.5 s later: more than max_gap -> raw input.
    np.testing.assert_array_equal(f.apply(P1, 2.0), P1)
    np.testing.assert_allclose(f.apply(P0, 2.5), smoothed(P1, P0, 0.5), rtol=1e-9)


def test_keypoints_filter_bridges_gap_up_to_max_gap():
    f = KeypointsFilter(LINEAR, max_gap=1.0)
    f.apply(P0, 4.0)
    # Exactly max_gap later: no reset; smoothed at 1 Hz: alpha = 2 pi / (2 pi + 1) ~ 0.8627.
    out = f.apply(P1, 5.0)
    np.testing.assert_allclose(out, P0 + 2 * math.pi / (2 * math.pi + 1) * (P1 - P0),
                               rtol=1e-9)
    assert not np.allclose(out, P1)


def test_keypoints_filter_equal_stamp_passes_raw_without_reset():
    f = KeypointsFilter(LINEAR, max_gap=1.0)
    f.apply(P0, 1.0)
    np.testing.assert_array_equal(f.apply(P1, 1.0), P1)
    # Not a reset: the next frame is smoothed against P0 (the stored state), at 10 Hz.
    np.testing.assert_allclose(f.apply(P1, 1.1), smoothed(P0, P1, 0.1), rtol=1e-9)


# Scale invariance. With value_scale = 1 / object_scale, the speed of points p * s seen with
# object_scale s equals the speed of p with object_scale 1, so cutoff, alpha and the threshold
# T = threshold_cutoff + threshold_beta * |speed| are the same in both runs. The position update
# stored + alpha * T * asinh((v - stored) / T) is then s times the unscaled one only if T is
# scaled by s as well (both threshold_cutoff and threshold_beta times s), or if T is so large
# that the update is linear. With the same finite T for both, asinh breaks the equivariance.
# s is a power of two, so every scaling is exact in floating point and the results match
# to the bit.
TRACK = [np.array([[0.10, 0.20], [0.30, 0.40]]),
         np.array([[0.12, 0.21], [0.35, 0.38]]),
         np.array([[0.30, 0.05], [0.31, 0.60]]),
         np.array([[0.31, 0.06], [0.29, 0.61]])]
STAMPS = [0.0, 1 / 30, 2 / 30, 3 / 30]
DEFAULT = OneEuroConfig()


def run_track(config, scale):
    f = KeypointsFilter(config)
    return [f.apply(p * scale, t, object_scale=scale) for p, t in zip(TRACK, STAMPS)]


@pytest.mark.parametrize('s', [4.0, 0.25])
def test_keypoints_filter_scale_equivariant_with_scaled_threshold(s):
    scaled = OneEuroConfig(threshold_cutoff=DEFAULT.threshold_cutoff * s,
                           threshold_beta=DEFAULT.threshold_beta * s)
    for a, b in zip(run_track(DEFAULT, 1.0), run_track(scaled, s)):
        np.testing.assert_array_equal(b, a * s)


@pytest.mark.parametrize('s', [4.0, 0.25])
def test_keypoints_filter_scale_equivariant_when_linear(s):
    linear = OneEuroConfig(threshold_cutoff=1e12, threshold_beta=0.0)  # default beta 300
    for a, b in zip(run_track(linear, 1.0), run_track(linear, s)):
        np.testing.assert_allclose(b, a * s, rtol=1e-12)


def test_keypoints_filter_not_scale_equivariant_with_fixed_threshold():
    # Same finite threshold for both: the big jump (0.12 -> 0.30) is compressed differently.
    a = run_track(DEFAULT, 1.0)
    b = run_track(DEFAULT, 4.0)
    assert not np.allclose(b[2], a[2] * 4.0, rtol=1e-6)


@pytest.mark.parametrize('object_scale', [0.0, -2.0])
def test_keypoints_filter_non_positive_object_scale_means_unscaled(object_scale):
    # object_scale <= 0 falls back to value_scale 1: the step 0 -> 0.1 after 1/30 s with
    # MoveNet's constants, worked out as in test_one_euro_default_config_step_by_definition.
    f = KeypointsFilter()
    f.apply(np.zeros((1, 2)), 0.0, object_scale=object_scale)
    out = f.apply(np.full((1, 2), 0.1), 1.0 / 30.0, object_scale=object_scale)
    smoothed_speed = alpha(2.5, 30.0) * 0.1 * 30.0
    threshold = 0.5 + 5.0 * smoothed_speed
    expected = (alpha(2.5 + 300.0 * smoothed_speed, 30.0) * threshold
                * math.asinh(0.1 / threshold))
    np.testing.assert_allclose(out, expected, rtol=1e-9)
