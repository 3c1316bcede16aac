# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Temporal filters for keypoints and crop boxes, driven by frame timestamps.

The One Euro filter (Casiez et al., CHI 2012) smooths hard when a point is still and
lets it follow quickly when it moves. These follow MoveNet's reference implementation in
TensorFlow.js: values are normalized image coordinates, time comes from the frames, never
from the wall clock, and the speed that drives the cutoff is not scaled by the person's
size (TF.js's MoveNet sets disableValueScaling); ``value_scale`` / ``object_scale`` let a
caller turn that scaling on. All filters work on numpy arrays, one element per filtered
coordinate. Stamps are expected in time order: the estimators reset their filters when
time goes backwards (timeline.StampClock).
"""

from dataclasses import dataclass
import math

import numpy as np

from .constants import (
    DEFAULT_MAX_GAP, ONE_EURO_BETA, ONE_EURO_DERIVATIVE_CUTOFF, ONE_EURO_FREQUENCY,
    ONE_EURO_MIN_CUTOFF, ONE_EURO_THRESHOLD_BETA, ONE_EURO_THRESHOLD_CUTOFF)


class LowPassFilter:
    """
    Exponential smoothing; the first value passes through unchanged.

    With a ``threshold`` the step towards the new value is compressed by asinh, so jumps
    much larger than the threshold are damped while ordinary motion is not (as MoveNet's
    reference filter does for keypoints).
    """

    def __init__(self, alpha=1.0):
        self.alpha = alpha
        self.reset()

    def reset(self):
        self.raw = None
        self.stored = None

    def apply(self, value, alpha=None, threshold=None):
        alpha = self.alpha if alpha is None else alpha
        value = np.asarray(value, dtype=np.float64)
        if self.stored is None:
            self.stored = value.copy()
        elif threshold is None:
            self.stored = self.stored + alpha * (value - self.stored)
        else:
            self.stored = self.stored + alpha * threshold * np.arcsinh(
                (value - self.stored) / threshold)
        self.raw = value.copy()
        return self.stored.copy()


@dataclass(frozen=True)
class OneEuroConfig:
    """One Euro constants; the defaults are MoveNet's (tuned for normalized coordinates)."""

    frequency: float = ONE_EURO_FREQUENCY
    min_cutoff: float = ONE_EURO_MIN_CUTOFF
    beta: float = ONE_EURO_BETA
    derivative_cutoff: float = ONE_EURO_DERIVATIVE_CUTOFF
    threshold_cutoff: float = ONE_EURO_THRESHOLD_CUTOFF
    threshold_beta: float = ONE_EURO_THRESHOLD_BETA


def _alpha(cutoff, frequency):
    tau = 1.0 / (2.0 * math.pi * cutoff)
    return 1.0 / (1.0 + tau * frequency)


class OneEuroFilter:
    """One Euro filter over an array of values that share their timestamps."""

    def __init__(self, config=OneEuroConfig()):
        self.config = config
        self._x = LowPassFilter()
        self._dx = LowPassFilter()
        self.reset()

    def reset(self):
        self._x.reset()
        self._dx.reset()
        self.frequency = self.config.frequency
        self.last_stamp = None

    def apply(self, value, stamp, value_scale=1.0):
        """
        Filter ``value`` observed at ``stamp`` seconds.

        A stamp that is not later than the previous one leaves the state untouched and
        returns the value as it is (the caller decides whether to reset).
        """
        value = np.asarray(value, dtype=np.float64)
        if self.last_stamp is not None:
            if stamp <= self.last_stamp:
                return value.copy()
            self.frequency = 1.0 / (stamp - self.last_stamp)
        self.last_stamp = stamp
        if self._x.raw is None:
            speed = np.zeros_like(value)
        else:
            speed = (value - self._x.raw) * value_scale * self.frequency
        smoothed_speed = self._dx.apply(
            speed, _alpha(self.config.derivative_cutoff, self.frequency))
        speed_abs = np.abs(smoothed_speed)
        cutoff = self.config.min_cutoff + self.config.beta * speed_abs
        threshold = self.config.threshold_cutoff + self.config.threshold_beta * speed_abs
        return self._x.apply(value, _alpha(cutoff, self.frequency), threshold)


class KeypointsFilter:
    """
    Smooths keypoint positions of one person over time.

    Resets itself when more than ``max_gap`` seconds pass between frames (the person was
    out of sight). A stamp not later than the previous one passes through unsmoothed and
    leaves the state as it was; time going backwards is its owner's to notice (reset()).
    """

    def __init__(self, config=OneEuroConfig(), max_gap=DEFAULT_MAX_GAP):
        self._filter = OneEuroFilter(config)
        self.max_gap = max_gap

    def reset(self):
        self._filter.reset()

    def apply(self, points, stamp, object_scale=1.0):
        """Filter (N, 2) positions at ``stamp`` seconds; ``object_scale`` is the person's size."""
        last = self._filter.last_stamp
        if last is not None and stamp - last > self.max_gap:
            self._filter.reset()
        scale = 1.0 / object_scale if object_scale > 0 else 1.0
        return self._filter.apply(points, stamp, scale)
