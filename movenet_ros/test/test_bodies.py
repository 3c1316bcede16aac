# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""REP-155 bodies from poses (core.bodies): ids, the 18-point skeleton, the ROI."""

from movenet_ros.core.bodies import (bodies, body_transforms, BodyIds, skeleton_2d,
                                     SKELETON_2D_JOINTS)
from movenet_ros.core.keypoints import KEYPOINT_INDEX, Pose
import numpy as np


def _pose(track_id=-1, detected=True, score=0.8):
    """Return a pose in a 200x100 image: keypoint i at (10 i, 5 i), score 0.9 (left ear 0.1)."""
    keypoints = np.array([(10.0 * i, 5.0 * i, 0.9) for i in range(17)], np.float32)
    keypoints[KEYPOINT_INDEX['left_ear'], 2] = 0.1
    return Pose(keypoints, score, detected, 200, 100, (20.0, 10.0, 160.0, 80.0), track_id)


def test_the_skeleton_has_hri_msgs_18_joints_in_order():
    assert len(SKELETON_2D_JOINTS) == 18
    assert SKELETON_2D_JOINTS[:3] == ('nose', None, 'right_shoulder')
    assert SKELETON_2D_JOINTS[14:] == ('left_eye', 'right_eye', 'left_ear', 'right_ear')
    named = [n for n in SKELETON_2D_JOINTS if n]
    assert sorted(named) == sorted(KEYPOINT_INDEX)  # each COCO keypoint exactly once


def test_points_are_normalized_the_neck_is_between_the_shoulders_and_unseen_is_zero():
    points = skeleton_2d(_pose(), min_keypoint_score=0.2)
    assert np.allclose(points[0], (0.0, 0.0, 0.9))  # nose at (0, 0)
    # Right shoulder is keypoint 6: (60, 30) in 200x100 -> (0.3, 0.3).
    assert np.allclose(points[2], (0.3, 0.3, 0.9))
    # Neck: shoulders 5 (50, 25) and 6 (60, 30) -> (55, 27.5) -> (0.275, 0.275).
    assert np.allclose(points[1], (0.275, 0.275, 0.9))
    # The left ear (keypoint 3, score 0.1) is unseen.
    assert points[16][2] == 0.0
    # Right ankle is keypoint 16: (160, 80) -> (0.8, 0.8).
    assert np.allclose(points[10], (0.8, 0.8, 0.9))


def test_points_outside_the_image_are_clamped():
    pose = _pose()
    pose.keypoints[0, :2] = (-5.0, 120.0)
    assert skeleton_2d(pose, 0.2)[0][:2] == (0.0, 1.0)


def test_a_body_carries_the_roi_and_score():
    (body,) = bodies([_pose(track_id=3)], BodyIds('abcde'), 0.2)
    assert body.body_id == 'abcde1'
    assert np.allclose(body.roi, (0.1, 0.1, 0.8, 0.8))  # (20, 10, 160, 80) in 200x100
    assert body.confidence == 0.8
    assert bodies([_pose(detected=False)], BodyIds('abcde'), 0.2) == []


def test_ids_are_stable_per_track_and_never_reused():
    ids = BodyIds('xyzzy')
    assert ids.ids_for([4, 7]) == ['xyzzy1', 'xyzzy2']
    assert ids.ids_for([7, 4]) == ['xyzzy2', 'xyzzy1']
    assert ids.ids_for([7]) == ['xyzzy2']  # track 4 left
    assert ids.ids_for([4, 7]) == ['xyzzy3', 'xyzzy2']  # 4 again: a new body


def test_a_single_pose_is_one_body_while_detected():
    ids = BodyIds('solo_')
    assert [b.body_id for b in bodies([_pose()], ids, 0.2)] == ['solo_1']
    assert [b.body_id for b in bodies([_pose()], ids, 0.2)] == ['solo_1']
    assert bodies([_pose(detected=False)], ids, 0.2) == []
    assert [b.body_id for b in bodies([_pose()], ids, 0.2)] == ['solo_2']


def test_each_run_draws_its_own_prefix():
    first, second = BodyIds(), BodyIds()
    assert first.ids_for([1]) != second.ids_for([1])  # 26**5 prefixes; equal 1 in 11.9M


def _points_3d(**where):
    """(17, 4) keypoints in metres, all invalid but those given as name=(x, y, z)."""
    points = np.full((17, 4), np.nan)
    points[:, 3] = 0.0
    for name, xyz in where.items():
        points[KEYPOINT_INDEX[name]] = (*xyz, 1.0)
    return points


# A person 2 m in front of the camera, facing it, in the optical frame (x right, y down,
# z forward): their left is the camera's right.
FACING = {'left_hip': (0.1, 0.0, 2.0), 'right_hip': (-0.1, 0.0, 2.0),
          'left_shoulder': (0.15, -0.5, 2.0), 'right_shoulder': (-0.15, -0.5, 2.0),
          'left_wrist': (0.3, -0.2, 2.0)}


def _matrix(q):
    x, y, z, w = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def test_the_body_frame_sits_at_the_hips_facing_out_of_the_chest():
    points = _points_3d(**FACING)
    body, *joints = body_transforms(points, np.full(17, 0.9), 'abcde1', 0.2)
    assert (body.parent, body.child) == (None, 'body_abcde1')
    assert np.allclose(body.translation, (0.0, 0.0, 2.0))
    # Axes in the optical frame: x (forward) towards the camera (0, 0, -1), y (left) the
    # camera's right (1, 0, 0), z (up) the optical -y. That rotation is (0.5, 0.5, -0.5, 0.5).
    assert np.allclose(body.rotation, (0.5, 0.5, -0.5, 0.5))
    assert np.allclose(_matrix(body.rotation), [[0, 1, 0], [0, 0, -1], [-1, 0, 0]])
    names = [j.child for j in joints]
    assert names == ['left_shoulder_abcde1', 'right_shoulder_abcde1', 'left_wrist_abcde1',
                     'left_hip_abcde1', 'right_hip_abcde1']
    assert all(j.parent == 'body_abcde1' and j.rotation == (0.0, 0.0, 0.0, 1.0)
               for j in joints)
    # The left wrist, (0.3, -0.2, 2) in the camera: 0.3 m to the left, 0.2 m up.
    assert np.allclose(joints[2].translation, (0.0, 0.3, 0.2))


def test_no_frames_without_depth_at_the_hips_or_below_the_score():
    missing_hip = dict(FACING)
    del missing_hip['right_hip']
    assert body_transforms(_points_3d(**missing_hip), np.full(17, 0.9), 'x1', 0.2) == []
    scores = np.full(17, 0.9)
    scores[KEYPOINT_INDEX['left_hip']] = 0.1
    assert body_transforms(_points_3d(**FACING), scores, 'x1', 0.2) == []


def test_without_shoulders_the_camera_up_is_the_bodys_up():
    hips = {k: FACING[k] for k in ('left_hip', 'right_hip')}
    (body, _, _) = body_transforms(_points_3d(**hips), np.full(17, 0.9), 'x1', 0.2)
    assert np.allclose(body.rotation, (0.5, 0.5, -0.5, 0.5))
