# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The 17 COCO keypoints MoveNet predicts, and the pose they form."""

from dataclasses import dataclass, field

import numpy as np

#: Keypoint names in MoveNet's output order (COCO order).
KEYPOINT_NAMES = (
    'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
    'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
    'left_wrist', 'right_wrist', 'left_hip', 'right_hip',
    'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
)
NUM_KEYPOINTS = len(KEYPOINT_NAMES)
KEYPOINT_INDEX = {name: i for i, name in enumerate(KEYPOINT_NAMES)}

#: Pairs of keypoint indices joined by a bone when a skeleton is drawn.
SKELETON_EDGES = (
    (0, 1), (0, 2), (1, 3), (2, 4),
    (5, 6), (5, 7), (7, 9), (6, 8), (8, 10),
    (5, 11), (6, 12), (11, 12),
    (11, 13), (13, 15), (12, 14), (14, 16),
)


@dataclass
class Pose:
    """
    One person's keypoints in source-image pixels.

    ``keypoints`` is a float32 array of shape (17, 3) holding (x, y, score) per keypoint
    in COCO order; x and y are pixels of the source image.
    """

    keypoints: np.ndarray
    score: float
    detected: bool
    image_width: int
    image_height: int
    bbox: tuple = field(default=(0.0, 0.0, 0.0, 0.0))
    track_id: int = -1


def empty_pose(width, height):
    """Return a pose that was not detected: zero keypoints and score."""
    return Pose(np.zeros((NUM_KEYPOINTS, 3), np.float32), 0.0, False, width, height)


def published_poses(poses, width, height):
    """
    Split an estimate (poses, best first) into (main pose, detected poses).

    The main pose is what the keypoints topic and a record carry: the best pose, or an
    undetected empty one when there is none. The detected poses are what pose arrays and
    JSON lists carry (a SinglePose estimate holds one pose, detected or not).
    """
    main = poses[0] if poses else empty_pose(width, height)
    return main, [p for p in poses if p.detected]


def pose_score(scores, min_keypoint_score):
    """
    Mean score of the keypoints above ``min_keypoint_score``; 0 when none is.

    This is how MoveNet's reference implementation scores a single pose.
    """
    valid = scores[scores > min_keypoint_score]
    return float(valid.mean()) if valid.size else 0.0


def keypoint_bbox(keypoints, min_keypoint_score):
    """Box (x_min, y_min, x_max, y_max) around the keypoints above the threshold."""
    valid = keypoints[keypoints[:, 2] > min_keypoint_score]
    if not len(valid):
        return (0.0, 0.0, 0.0, 0.0)
    return (float(valid[:, 0].min()), float(valid[:, 1].min()),
            float(valid[:, 0].max()), float(valid[:, 1].max()))
