# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""MoveNet's constants: the derived ones by hand, and the configurations that use them."""

from movenet_ros.core import constants
from movenet_ros.core.estimator import EstimatorConfig
from movenet_ros.core.filters import OneEuroConfig
from movenet_ros.core.multipose import MultiPoseConfig
from movenet_ros.core.tracker import TrackerConfig


def test_multipose_row_layout_by_hand():
    # 17 keypoints x (y, x, score) = 51 values, then the box (4) and the score: 56.
    assert constants.MULTIPOSE_BOX_IDX == 51
    assert constants.MULTIPOSE_INSTANCE_SIZE == 56


def test_configurations_default_to_movenets_values():
    # TF.js pose-detection's movenet/constants.ts and DEFAULT_*_TRACKER_CONFIG.
    assert OneEuroConfig() == OneEuroConfig(30.0, 2.5, 300.0, 2.5, 0.5, 5.0)
    single = EstimatorConfig()
    assert (single.min_pose_score, single.min_keypoint_score) == (0.25, 0.2)
    assert not single.smoothing_scale_by_object  # TF.js: disableValueScaling: true
    multi = MultiPoseConfig()
    assert (multi.min_pose_score, multi.max_dimension) == (0.25, 256)
    assert TrackerConfig() == TrackerConfig('bounding_box', 18, 1.0, 0.15, 0.3, 4)
    assert len(constants.COCO_FALLOFF) == 17
