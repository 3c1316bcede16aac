# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Compare poses on a video with reference keypoints (TF.js MoveNet's own video test).

The reference is a list with one {keypoint_name: {"x": px, "y": py}} per frame. Errors
are per coordinate, in pixels, as upstream's test compares them (tolerance 60 px).
"""

from dataclasses import dataclass
import json

import cv2
import numpy as np

from .image_io import frame_from_array
from .keypoints import empty_pose, KEYPOINT_NAMES


@dataclass(frozen=True)
class ErrorSummary:
    """Absolute per-coordinate errors in pixels over every keypoint of every frame."""

    mean: float
    p95: float
    maximum: float
    frames: int


def play_video(path, estimator, fps=None):
    """
    Run ``estimator`` on every frame of a video, stamped at 1/fps steps from 0.

    Returns one pose per frame; for a MultiPose estimator the highest-scoring person
    (an undetected empty pose when there is none).
    """
    capture = cv2.VideoCapture(str(path))
    try:
        if not capture.isOpened():
            raise OSError(f'cannot open {path}')
        step = 1.0 / (fps or capture.get(cv2.CAP_PROP_FPS) or 30.0)
        poses = []
        while True:
            ok, bgr = capture.read()
            if not ok:
                return poses
            frame = frame_from_array(bgr, 'bgr')
            found = estimator.estimate(frame, len(poses) * step)
            poses.append(found[0] if found else empty_pose(frame.width, frame.height))
    finally:
        capture.release()


def load_reference(path):
    """Load reference keypoints as an array (frames, 17, 2) of (x, y) pixels."""
    with open(path) as f:
        frames = json.load(f)
    return np.array([[[f[name]['x'], f[name]['y']] for name in KEYPOINT_NAMES]
                     for f in frames], dtype=np.float64)


def coordinate_errors(poses, reference):
    """Absolute errors (frames, 17, 2) between the poses' (x, y) and the reference."""
    if len(poses) != len(reference):
        raise ValueError(f'{len(poses)} poses for {len(reference)} reference frames')
    estimated = np.array([pose.keypoints[:, :2] for pose in poses], dtype=np.float64)
    return np.abs(estimated - reference)


def summarize(errors):
    """Mean, 95th percentile and maximum of an error array."""
    return ErrorSummary(float(errors.mean()), float(np.percentile(errors, 95)),
                        float(errors.max()), int(errors.shape[0]))
