# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
MultiPoseEstimator: up to six people per frame, each with a stable track id.

The frame is resized so its long side is ``max_dimension`` (a multiple of 32) and padded
at the bottom or right to multiples of 32, as TF.js does for MultiPose Lightning; a
fixed-size model gets its own input size instead. Keypoints and boxes come back in
source-image pixels (boxes too, which TF.js leaves in padded units), poses below
``min_pose_score`` are dropped, and each track gets its own One Euro filter, dropped
with the track. Poses come back as a list, best first, like every estimator's.
"""

from dataclasses import dataclass, field

import cv2
import numpy as np

from .constants import (
    DEFAULT_MAX_GAP, DEFAULT_MIN_POSE_SCORE, MIN_CROP_KEYPOINT_SCORE, MULTIPOSE_BOX_IDX,
    MULTIPOSE_DEFAULT_MAX_DIMENSION, MULTIPOSE_INPUT_MULTIPLE, NUM_KEYPOINT_VALUES)
from .filters import KeypointsFilter, OneEuroConfig
from .keypoints import keypoint_bbox, NUM_KEYPOINTS, Pose
from .models import ModelError
from .timeline import StampClock
from .tracker import Tracker, TrackerConfig


@dataclass(frozen=True)
class MultiPoseConfig:
    """What the multi-person estimator keeps and how it follows people."""

    min_pose_score: float = DEFAULT_MIN_POSE_SCORE
    min_keypoint_score: float = MIN_CROP_KEYPOINT_SCORE
    max_dimension: int = MULTIPOSE_DEFAULT_MAX_DIMENSION
    enable_smoothing: bool = True
    smoothing: OneEuroConfig = field(default_factory=OneEuroConfig)
    max_gap: float = DEFAULT_MAX_GAP
    tracker: TrackerConfig = field(default_factory=TrackerConfig)


def input_size(width, height, max_dimension):
    """(resized w, resized h, padded w, padded h) for a frame, as TF.js computes them."""
    if width > height:
        resized = (max_dimension, round(max_dimension * height / width))
    else:
        resized = (round(max_dimension * width / height), max_dimension)
    multiple = MULTIPOSE_INPUT_MULTIPLE
    padded = tuple(int(np.ceil(v / multiple) * multiple) for v in resized)
    return resized[0], resized[1], padded[0], padded[1]


class MultiPoseEstimator:
    """Runs a MultiPose model on the frames of one stream, in time order."""

    def __init__(self, runner, config=MultiPoseConfig()):
        if runner.kind != 'multipose':
            raise ModelError(f'{runner.model_path} is not a MultiPose model')
        if config.max_dimension % MULTIPOSE_INPUT_MULTIPLE or config.max_dimension < 1:
            raise ValueError(
                f'max_dimension must be a positive multiple of {MULTIPOSE_INPUT_MULTIPLE}')
        self.runner = runner
        self._buffer = None
        self._clock = StampClock()
        self.config = config

    @property
    def config(self):
        return self._config

    @config.setter
    def config(self, config):
        self._config = config
        previous = getattr(self, 'tracker', None)
        self.tracker = Tracker(config.tracker)
        if previous is not None:  # ids stay unique for the whole run
            self.tracker.continue_ids_from(previous)
        self._filters = {}

    def crop_side(self, width, height):
        """Side in source pixels of what the model sees of the next frame: all of it."""
        return float(max(width, height))

    @property
    def input_side(self):
        """Return the long side the frame is resized to for the model."""
        if self.runner.dynamic_input:
            return self._config.max_dimension
        return max(self.runner.input_width, self.runner.input_height)

    @property
    def invoke_seconds(self):
        """Seconds the model's invokes took for the last frame."""
        return self.runner.invoke_seconds

    def reset(self):
        """Forget every person (ids are not reused)."""
        self.tracker.reset()
        self._filters = {}

    def _prepare(self, frame):
        height, width = frame.height, frame.width
        if self.runner.dynamic_input:
            rw, rh, pw, ph = input_size(width, height, self._config.max_dimension)
            self.runner.set_input_size(ph, pw)
        else:  # a fixed input: fit the long side to it, pad the rest
            pw, ph = self.runner.input_width, self.runner.input_height
            scale = min(pw / width, ph / height)
            rw, rh = max(1, round(width * scale)), max(1, round(height * scale))
        if self._buffer is None or self._buffer.shape[:2] != (ph, pw):
            self._buffer = np.zeros((ph, pw, 3), np.uint8)
        self._buffer[...] = 0
        cv2.resize(frame.pixels, (rw, rh), dst=self._buffer[:rh, :rw],
                   interpolation=cv2.INTER_LINEAR)
        image = self._buffer if frame.order == 'rgb' else self._buffer[..., ::-1]
        return image, (ph / rh, pw / rw)

    def estimate(self, frame, stamp=None):
        """Return the poses in ``frame`` (highest score first) taken at ``stamp`` seconds."""
        config = self._config
        if self._clock.went_backwards(stamp):
            self.reset()
        image, (scale_y, scale_x) = self._prepare(frame)
        raw = self.runner.run(image)
        people = []
        for row in raw:
            score = float(row[-1])
            if score < config.min_pose_score:
                continue
            keypoints = row[:MULTIPOSE_BOX_IDX].reshape(
                NUM_KEYPOINTS, NUM_KEYPOINT_VALUES).astype(np.float64)
            keypoints[:, 0] *= scale_y
            keypoints[:, 1] *= scale_x
            box = row[MULTIPOSE_BOX_IDX:MULTIPOSE_BOX_IDX + 4].astype(np.float64)
            box *= (scale_y, scale_x, scale_y, scale_x)
            people.append((score, keypoints, box))
        people.sort(key=lambda p: -p[0])
        ids = [-1] * len(people)
        if stamp is not None:
            ids = self.tracker.apply([(k, b) for _, k, b in people], stamp)
            live = {t.track_id for t in self.tracker.tracks}
            self._filters = {i: f for i, f in self._filters.items() if i in live}
        poses = []
        for (score, keypoints, box), track_id in zip(people, ids):
            points = keypoints[:, :2]
            if config.enable_smoothing and track_id >= 0:
                smoother = self._filters.setdefault(
                    track_id, KeypointsFilter(config.smoothing, config.max_gap))
                points = smoother.apply(points, stamp)
            poses.append(self._pose(points, keypoints[:, 2], score, box, track_id, frame))
        return poses

    def _pose(self, points, scores, score, box, track_id, frame):
        width, height = frame.width, frame.height
        keypoints = np.empty((NUM_KEYPOINTS, 3), np.float32)
        keypoints[:, 0] = points[:, 1] * width
        keypoints[:, 1] = points[:, 0] * height
        keypoints[:, 2] = scores
        y0, x0, y1, x1 = box
        bbox = (float(x0 * width), float(y0 * height), float(x1 * width), float(y1 * height))
        if not bbox[2] > bbox[0]:
            bbox = keypoint_bbox(keypoints, self._config.min_keypoint_score)
        return Pose(keypoints, score, True, width, height, bbox, track_id)
