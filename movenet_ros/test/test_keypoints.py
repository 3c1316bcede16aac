# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""published_poses: what the keypoints topic and the pose arrays carry of an estimate."""

from movenet_ros.core.keypoints import NUM_KEYPOINTS, Pose, published_poses
import numpy as np


def _pose(score, detected, track_id=-1):
    keypoints = np.full((NUM_KEYPOINTS, 3), score, np.float32)
    return Pose(keypoints, score, detected, 640, 480, track_id=track_id)


def test_a_detected_single_pose_is_main_and_the_only_member():
    pose = _pose(0.6, True)
    main, members = published_poses([pose], 640, 480)
    assert main is pose and members == [pose]


def test_an_undetected_single_pose_is_main_and_no_member():
    pose = _pose(0.1, False)
    main, members = published_poses([pose], 640, 480)
    assert main is pose and members == []


def test_nobody_gives_an_empty_undetected_main_pose_of_the_image_size():
    main, members = published_poses([], 320, 240)
    assert members == []
    assert not main.detected and main.score == 0.0
    assert (main.image_width, main.image_height) == (320, 240)
    np.testing.assert_array_equal(main.keypoints, np.zeros((NUM_KEYPOINTS, 3)))


def test_several_people_keep_their_order_and_the_best_is_main():
    best, second = _pose(0.8, True, 1), _pose(0.4, True, 2)
    main, members = published_poses([best, second], 640, 480)
    assert main is best and members == [best, second]
