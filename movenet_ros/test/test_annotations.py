# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Image annotations from poses (core.annotations), coloured as the annotated image."""

from movenet_ros.core.annotations import pose_annotations
from movenet_ros.core.keypoints import KEYPOINT_INDEX, Pose
import numpy as np

GREEN, ORANGE, RED, WHITE = (0, 1, 0, 1), (1, 165 / 255, 0, 1), (1, 0, 0, 1), (1, 1, 1, 1)


def _pose(visible, track_id=-1, detected=True):
    keypoints = np.zeros((17, 3), np.float32)
    for name in visible:
        i = KEYPOINT_INDEX[name]
        keypoints[i] = (10.0 * i, 20.0 + i, 0.9)
    return Pose(keypoints, 0.8, detected, 640, 480, (0.0, 0.0, 0.0, 0.0), track_id)


def test_bones_and_points_take_the_annotated_images_colours():
    pose = _pose(['left_shoulder', 'left_elbow', 'right_shoulder', 'nose'])
    (bones, dots), labels = pose_annotations([pose], 0.2, (640, 480))
    assert labels == []
    assert bones.kind == 'line_list' and dots.kind == 'points'
    # Bones with both ends seen: shoulders (across: white), left shoulder-elbow (green).
    assert bones.points == ((50.0, 25.0), (60.0, 26.0), (50.0, 25.0), (70.0, 27.0))
    assert bones.colors == (WHITE, WHITE, GREEN, GREEN)
    # Points: nose (centre: red), left shoulder, right shoulder, left elbow.
    assert dots.points == ((0.0, 20.0), (50.0, 25.0), (60.0, 26.0), (70.0, 27.0))
    assert dots.colors == (RED, GREEN, ORANGE, GREEN)
    # 640 px wide: thickness 2 as drawn, dots 2 larger.
    assert bones.thickness == 2.0 and dots.thickness == 4.0


def test_a_tracked_person_has_its_colour_and_its_id_above_it():
    pose = _pose(['left_hip', 'left_knee'], track_id=1)
    (bones, dots), (label,) = pose_annotations([pose], 0.2, (640, 480))
    maroon = (128 / 255, 0.0, 0.0, 1.0)  # the demo palette's colour 1
    assert bones.colors == (maroon, maroon)
    assert label.text == 'id 1' and label.color == maroon
    # Above the highest point, the left hip (11: (110, 31)), by four line widths.
    assert label.position == (110.0, 31.0 - 8.0)


def test_unseen_points_and_undetected_poses_give_nothing():
    assert pose_annotations([_pose(['nose'], detected=False)], 0.2, (640, 480)) == ([], [])
    assert pose_annotations([_pose([])], 0.2, (640, 480)) == ([], [])
    # One point seen: a dot, and no bone.
    (dots,), _ = pose_annotations([_pose(['nose'])], 0.2, (640, 480))
    assert dots.kind == 'points' and dots.points == ((0.0, 20.0),)
    # Scores of 0.9 are unseen at a threshold of 0.95.
    assert pose_annotations([_pose(['nose', 'left_eye'])], 0.95, (640, 480)) == ([], [])
