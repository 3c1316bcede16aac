# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
PoseEstimator: one person's pose per frame, following them from frame to frame.

Like every estimator here, estimate() returns a list of poses, best first; for SinglePose
it is always exactly one pose, detected or not, so callers need no second code path.
"""

from dataclasses import dataclass, field
import time

import numpy as np

from .constants import (
    CROP_FILTER_ALPHA, DEFAULT_MAX_GAP, DEFAULT_MIN_POSE_SCORE, MIN_CROP_KEYPOINT_SCORE)
from .crop import crop_and_resize, CropRegion, init_crop_region, next_crop_region
from .filters import KeypointsFilter, LowPassFilter, OneEuroConfig
from .keypoints import keypoint_bbox, Pose, pose_score
from .models import ModelError
from .timeline import StampClock


@dataclass(frozen=True)
class EstimatorConfig:
    """What the estimator does with the model's raw output."""

    min_pose_score: float = DEFAULT_MIN_POSE_SCORE
    min_keypoint_score: float = MIN_CROP_KEYPOINT_SCORE
    enable_cropping: bool = True
    enable_smoothing: bool = True
    smoothing: OneEuroConfig = field(default_factory=OneEuroConfig)
    #: Longest pause between frames, in seconds, that smoothing bridges.
    max_gap: float = DEFAULT_MAX_GAP
    #: Divide keypoint speeds by the person's size (mean of box width and height, in
    #: normalized units), so near and far people are smoothed alike. MoveNet's reference
    #: leaves this off and its constants are tuned for that.
    smoothing_scale_by_object: bool = False


class PoseEstimator:
    """
    Runs a SinglePose model on frames of one stream, in time order.

    Per frame: crop the region where the person was (the padded full frame when
    unknown), run the model, map the keypoints back to the image, smooth them in
    normalized image coordinates with the frame's timestamp, and choose the next crop.
    A pose scoring below ``min_pose_score`` resets tracking and smoothing.
    """

    def __init__(self, runner, config=EstimatorConfig()):
        if runner.kind != 'singlepose':
            raise ModelError(f'{runner.model_path} is not a SinglePose model')
        self.runner = runner
        self._crop_buffer = np.zeros((runner.input_height, runner.input_width, 3), np.uint8)
        self._crop_filter = LowPassFilter(CROP_FILTER_ALPHA)
        self._size = None
        self._crop = None
        self._clock = StampClock()
        #: Seconds spent per stage in the last estimate() (crop_resize includes the crop
        #: choice; invoke includes copying into the input tensor; decode includes the next
        #: crop and the pose's pixel coordinates).
        self.stage_seconds = {}
        self.config = config

    @property
    def config(self):
        return self._config

    @config.setter
    def config(self, config):
        self._config = config
        self._keypoints_filter = KeypointsFilter(config.smoothing, config.max_gap)
        self.reset()

    @property
    def crop_region(self):
        """Region the next frame will be cropped to (None: the padded full frame)."""
        return self._crop

    def crop_side(self, width, height):
        """
        Side in source pixels of the square the next frame of ``width`` x ``height`` is cut to.

        The tracked crop, or the padded full frame after a reset; a decoder may reduce the
        frame as long as this side keeps at least the model's input size.
        """
        if self._size != (width, height) or self._crop is None:
            return float(max(width, height))
        return max(self._crop.width * width, self._crop.height * height)

    @property
    def input_side(self):
        """Return the model's input side in pixels."""
        return max(self.runner.input_width, self.runner.input_height)

    #: One person: never more than the budget, nor a refiner (the multi-person figures).
    over_budget = 0
    refiner = None

    @property
    def invoke_seconds(self):
        """Seconds the model's invokes took for the last frame."""
        return self.runner.invoke_seconds

    def reset(self):
        """Forget the person: next frame starts from the full frame, unsmoothed."""
        self._crop = None
        self._crop_filter.reset()
        self._keypoints_filter.reset()

    def estimate(self, frame, stamp=None):
        """
        Return ``[pose]`` for ``frame`` (a core.image_io.Frame) taken at ``stamp`` seconds.

        Always one pose: undetected (``detected`` false) when its score is too low.
        """
        width, height = frame.width, frame.height
        if self._size != (width, height):
            self._size = (width, height)
            self.reset()
        if self._clock.went_backwards(stamp):
            self.reset()
        config = self._config

        clock = time.perf_counter
        t0 = clock()
        region = self._crop if self._crop is not None else init_crop_region(width, height)
        crop_and_resize(frame.pixels, region, self._crop_buffer, frame.reduction,
                        (width, height))
        crop = self._crop_buffer if frame.order == 'rgb' else self._crop_buffer[..., ::-1]
        t1 = clock()
        raw = self.runner.run(crop)
        t2 = clock()

        scores = raw[:, 2]
        score = pose_score(scores, config.min_keypoint_score)
        points = region.to_image(raw[:, :2].astype(np.float64))
        detected = score >= config.min_pose_score and score > 0.0
        t3 = clock()
        if not detected:
            self.reset()
        elif config.enable_smoothing and stamp is not None:
            scale = (_object_scale(points, scores, config.min_keypoint_score)
                     if config.smoothing_scale_by_object else 1.0)
            points = self._keypoints_filter.apply(points, stamp, scale)
        t4 = clock()
        if detected and config.enable_cropping:
            self._crop = self._next_crop(points, scores, width, height)

        keypoints = np.empty((len(scores), 3), np.float32)
        keypoints[:, 0] = points[:, 1] * width
        keypoints[:, 1] = points[:, 0] * height
        keypoints[:, 2] = scores
        pose = Pose(keypoints, score, bool(detected), width, height,
                    keypoint_bbox(keypoints, config.min_keypoint_score))
        t5 = clock()
        timings = self.stage_seconds
        timings['crop_resize'] = t1 - t0
        timings['invoke'] = t2 - t1
        timings['decode'] = (t3 - t2) + (t5 - t4)
        timings['smoothing'] = t4 - t3
        return [pose]

    def _next_crop(self, points, scores, width, height):
        normalized = np.column_stack((points, scores))
        target = next_crop_region(normalized, width, height)
        box = self._crop_filter.apply(
            (target.y_min, target.x_min, target.y_max, target.x_max))
        return CropRegion(*(float(v) for v in box))


def _object_scale(points, scores, min_score):
    """Mean of the width and height of the confident keypoints' box (normalized units)."""
    confident = points[scores > min_score]
    if len(confident) < 2:
        return 1.0
    extent = confident.max(axis=0) - confident.min(axis=0)
    return float(extent.mean())
