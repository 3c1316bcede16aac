# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Joint angles against hand-computed geometry, in 2D and 3D."""

import math

from movenet_ros.controllers.angles import (angle_degrees, check_angle_name, joint_angles,
                                            JOINT_NAMES, select_angle)
from movenet_ros.core.keypoints import KEYPOINT_INDEX
import numpy as np
import pytest


def _pose(points, dims=2, score=0.9):
    """17 keypoints at the origin with ``points`` ({name: coordinates}) placed."""
    xyz = np.zeros((17, dims))
    for name, value in points.items():
        xyz[KEYPOINT_INDEX[name]] = value
    return xyz, np.full(17, score)


@pytest.mark.parametrize('first, vertex, last, expected', [
    ((0, 0), (1, 0), (2, 0), 180.0),          # straight
    ((0, 1), (0, 0), (1, 0), 90.0),           # right angle
    ((1, 0), (0, 0), (1, 1), 45.0),
    ((1, 0), (0, 0), (-1, math.sqrt(3)), 120.0),  # cos = -1/2
    ((1, 0), (0, 0), (2, 0), 0.0),            # folded back on itself
    ((0, 0, 1), (0, 0, 0), (0, 1, 0), 90.0),  # 3D
])
def test_angle_at_the_vertex(first, vertex, last, expected):
    assert angle_degrees(first, vertex, last) == pytest.approx(expected, abs=1e-9)


def test_a_segment_without_length_has_no_angle():
    assert angle_degrees((1, 1), (1, 1), (2, 3)) is None


def test_all_eight_joints_of_a_hand_built_pose():
    # Image coordinates (y down). Left arm: shoulder (100, 100), elbow (100, 200), wrist
    # (200, 200): a right angle at the elbow. The upper arm hangs straight down, in line
    # with the hip below it: 0 degrees at the shoulder. Left leg: hip (100, 300), knee
    # (100, 400), ankle (100, 500): straight, and the hip is straight too (shoulder above).
    # Right side: the knee goes forward to (160, 380), from hip (200, 300) and ankle
    # (200, 460): vectors (40, -80) and (40, 80), cos = (1600 - 6400) / 8000 = -0.6.
    points, scores = _pose({
        'left_shoulder': (100, 100), 'left_elbow': (100, 200), 'left_wrist': (200, 200),
        'left_hip': (100, 300), 'left_knee': (100, 400), 'left_ankle': (100, 500),
        'right_shoulder': (200, 100), 'right_elbow': (300, 100), 'right_wrist': (400, 100),
        'right_hip': (200, 300), 'right_knee': (160, 380), 'right_ankle': (200, 460)})
    angles = joint_angles(points, scores, 0.2)
    assert tuple(angles) == JOINT_NAMES
    assert angles['left_elbow'] == pytest.approx(90.0)
    assert angles['left_shoulder'] == pytest.approx(0.0)
    assert angles['left_hip'] == pytest.approx(180.0)
    assert angles['left_knee'] == pytest.approx(180.0)
    assert angles['right_elbow'] == pytest.approx(180.0)
    assert angles['right_shoulder'] == pytest.approx(90.0)  # arm out sideways
    assert angles['right_knee'] == pytest.approx(math.degrees(math.acos(-0.6)))
    # Hip: shoulder (0, -200) and knee (-40, 80) from the hip: cos = -16000 / (200 * 89.44).
    assert angles['right_hip'] == pytest.approx(
        math.degrees(math.acos(-16000 / (200 * math.hypot(40, 80)))))


def test_3d_angles_use_depth_that_the_image_cannot_show():
    # Seen from the front the leg looks straight (same x, y), but the knee is 0.3 m
    # nearer the camera: hip (0, 0, 2), knee (0, 0.4, 1.7), ankle (0, 0.8, 2).
    points, scores = _pose({'left_hip': (0, 0, 2.0), 'left_knee': (0, 0.4, 1.7),
                            'left_ankle': (0, 0.8, 2.0)}, dims=3)
    angles = joint_angles(points, scores, 0.2)
    assert angles['left_knee'] == pytest.approx(2 * math.degrees(math.atan2(0.4, 0.3)))
    assert joint_angles(points[:, :2], scores, 0.2)['left_knee'] == pytest.approx(180.0)


def test_an_angle_is_valid_only_when_its_three_keypoints_are():
    points, scores = _pose({'left_hip': (0, 0), 'left_knee': (0, 1), 'left_ankle': (1, 1),
                            'right_hip': (5, 0), 'right_knee': (5, 1), 'right_ankle': (6, 1)})
    scores[KEYPOINT_INDEX['left_ankle']] = 0.2   # exactly the threshold: valid
    scores[KEYPOINT_INDEX['right_ankle']] = 0.19
    angles = joint_angles(points, scores, 0.2)
    assert angles['left_knee'] == pytest.approx(90.0)
    assert angles['right_knee'] is None
    valid = np.ones(17, bool)
    valid[KEYPOINT_INDEX['left_knee']] = False  # 3D point without depth
    assert joint_angles(points, scores, 0.2, valid)['left_knee'] is None
    points[KEYPOINT_INDEX['left_hip']] = (np.nan, 0)
    assert joint_angles(points, scores, 0.2)['left_knee'] is None


def test_side_less_names_average_the_valid_sides():
    angles = {'left_knee': 100.0, 'right_knee': 120.0, 'left_elbow': None,
              'right_elbow': 90.0, 'left_hip': None, 'right_hip': None}
    assert select_angle(angles, 'knee') == pytest.approx(110.0)
    assert select_angle(angles, 'elbow') == pytest.approx(90.0)
    assert select_angle(angles, 'hip') is None
    assert select_angle(angles, 'left_knee') == 100.0
    assert check_angle_name('knee') == '' and check_angle_name('right_hip') == ''
    assert 'must be one of' in check_angle_name('neck')
