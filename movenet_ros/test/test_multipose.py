# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""MultiPose: real images with several people, and the trackers on synthetic motion."""

import math

from movenet_ros.core.image_io import frame_from_array
from movenet_ros.core.multipose import input_size, MultiPoseConfig, MultiPoseEstimator
from movenet_ros.core.runner import ModelRunner
from movenet_ros.core.tracker import iou, keypoint_similarity, Tracker, TrackerConfig
from movenet_ros.runtime.model_cache import find_model
import numpy as np
import pytest

# Relative keypoint layout inside a person's box (y, x), roughly head to feet.
LAYOUT = np.array([[0.05, 0.5], [0.03, 0.45], [0.03, 0.55], [0.05, 0.4], [0.05, 0.6],
                   [0.2, 0.25], [0.2, 0.75], [0.35, 0.15], [0.35, 0.85], [0.5, 0.1],
                   [0.5, 0.9], [0.55, 0.35], [0.55, 0.65], [0.75, 0.35], [0.75, 0.65],
                   [0.95, 0.35], [0.95, 0.65]])


def person(y0, x0, height, width, score=0.9):
    """Keypoints (17, 3) and box of a synthetic person, normalized coordinates."""
    keypoints = np.column_stack([y0 + LAYOUT[:, 0] * height, x0 + LAYOUT[:, 1] * width,
                                 np.full(17, score)])
    return keypoints, np.array([y0, x0, y0 + height, x0 + width])


@pytest.fixture(scope='module')
def multipose_runner():
    return ModelRunner(find_model('multipose'))


def test_input_size_follows_tfjs():
    # 640x480 with long side 256: 256x192, already multiples of 32.
    assert input_size(640, 480, 256) == (256, 192, 256, 192)
    # 1352x900: 256 x round(170.4) = 170, padded to 192.
    assert input_size(1352, 900, 256) == (256, 170, 256, 192)
    # Portrait 500x610: round(209.8) = 210 wide, padded to 224.
    assert input_size(500, 610, 256) == (210, 256, 224, 256)


def test_two_people_are_two_tracks(multipose_runner, read_image):
    estimator = MultiPoseEstimator(multipose_runner)
    frame = read_image('two_people.bmp')
    poses = estimator.estimate(frame, 0.0)
    assert len(poses) == 2
    assert len({p.track_id for p in poses}) == 2 and all(p.track_id > 0 for p in poses)
    left, right = sorted(poses, key=lambda p: p.bbox[0])
    assert left.bbox[2] < right.bbox[2] and left.bbox[0] < right.bbox[0]
    for pose in poses:
        x0, y0, x1, y1 = pose.bbox
        assert 0 <= x0 < x1 <= 640 and 0 <= y0 < y1 <= 480
        assert pose.detected and pose.score >= 0.25
    # The next frame keeps both identities.
    again = estimator.estimate(frame, 1 / 30)
    assert {p.track_id for p in again} == {p.track_id for p in poses}


def test_fixed_size_model_finds_the_same_two(read_image):
    estimator = MultiPoseEstimator(ModelRunner(find_model('multipose_256')))
    assert len(estimator.estimate(read_image('two_people.bmp'), 0.0)) == 2


def test_small_people_need_a_larger_input(multipose_runner, read_image):
    frame = read_image('kite_and_cold.jpg')
    small = MultiPoseEstimator(multipose_runner, MultiPoseConfig(max_dimension=256))
    large = MultiPoseEstimator(multipose_runner, MultiPoseConfig(max_dimension=640))
    assert len(large.estimate(frame, 0.0)) >= 2
    assert len(small.estimate(frame, 0.0)) < len(large.estimate(frame, 1.0))


def test_a_singlepose_model_is_refused_by_the_multipose_estimator(runner):
    from movenet_ros.core.models import ModelError
    with pytest.raises(ModelError, match='not a MultiPose model'):
        MultiPoseEstimator(runner)


def test_iou_and_keypoint_similarity_by_hand():
    # Unit squares overlapping in a 1x1 corner: 1 / (4 + 4 - 1).
    assert iou((0, 0, 2, 2), (1, 1, 3, 3)) == pytest.approx(1 / 7)
    assert iou((0, 0, 1, 1), (2, 2, 3, 3)) == 0.0
    keypoints, _ = person(0.2, 0.2, 0.5, 0.2)
    assert keypoint_similarity(keypoints, keypoints) == pytest.approx(1.0)
    # Move the nose by d: its term is exp(-d^2 / (2 * area * (2 * 0.026)^2)), others 1.
    moved = keypoints.copy()
    moved[0, 0] += 0.01
    spread = keypoints[:, :2].max(axis=0) - keypoints[:, :2].min(axis=0)
    area = spread[0] * spread[1] + 1e-6
    nose = math.exp(-0.01 ** 2 / (2 * area * (2 * 0.026) ** 2))
    assert keypoint_similarity(moved, keypoints) == pytest.approx((16 + nose) / 17)
    unsure = keypoints.copy()
    unsure[4:, 2] = 0.1  # only 4 confident keypoints left: still counted
    assert keypoint_similarity(unsure, keypoints) == pytest.approx(1.0)
    unsure[3, 2] = 0.1  # 3 confident keypoints: too few
    assert keypoint_similarity(unsure, keypoints) == 0.0


@pytest.mark.parametrize('tracker_type', ['bounding_box', 'keypoint'])
def test_people_who_swap_sides_keep_their_ids(tracker_type):
    tracker = Tracker(TrackerConfig(tracker_type=tracker_type, min_similarity=0.15))
    tall_ids, short_ids = [], []
    for step in range(31):
        tall = person(0.2, 0.1 + 0.02 * step, 0.6, 0.2)   # walks right
        short = person(0.3, 0.7 - 0.02 * step, 0.4, 0.2)  # walks left, crossing the tall one
        # Detections come in score order, which changes from frame to frame.
        if step % 2:
            short_id, tall_id = tracker.apply([short, tall], step / 30)
        else:
            tall_id, short_id = tracker.apply([tall, short], step / 30)
        tall_ids.append(tall_id)
        short_ids.append(short_id)
    assert set(tall_ids) == {1} and set(short_ids) == {2}, (tall_ids, short_ids)


def test_a_person_who_returns_within_max_age_keeps_the_id():
    tracker = Tracker(TrackerConfig(max_age=1.0))
    someone = person(0.2, 0.4, 0.6, 0.2)
    assert tracker.apply([someone], 0.0) == [1]
    assert tracker.apply([], 0.5) == []
    assert tracker.apply([someone], 0.9) == [1]      # 0.9 s unseen: same person
    assert tracker.apply([], 1.5) == []
    assert tracker.apply([someone], 2.5) == [2]      # 1.6 s unseen: a new id
    assert tracker.apply([someone, person(0.2, 0.0, 0.6, 0.2)], 2.6) == [2, 3]


def test_a_reset_tracker_starts_new_tracks_without_reusing_ids():
    tracker = Tracker()
    someone = person(0.2, 0.4, 0.6, 0.2)
    assert tracker.apply([someone], 10.0) == [1]
    tracker.reset()
    assert tracker.apply([someone], 5.0) == [2]


def test_time_going_backwards_starts_new_tracks_without_reusing_ids(multipose_runner,
                                                                    read_image):
    estimator = MultiPoseEstimator(multipose_runner)
    frame = read_image('two_people.bmp')
    assert {p.track_id for p in estimator.estimate(frame, 10.0)} == {1, 2}
    assert {p.track_id for p in estimator.estimate(frame, 10.1)} == {1, 2}
    # A looping bag: stamp 5.0 after 10.1 forgets both people (ids are never reused).
    assert {p.track_id for p in estimator.estimate(frame, 5.0)} == {3, 4}
    assert {p.track_id for p in estimator.estimate(frame, 5.1)} == {3, 4}


def test_max_tracks_keeps_the_most_recent():
    tracker = Tracker(TrackerConfig(max_tracks=2))
    for i in range(4):
        tracker.apply([person(0.1, 0.2 * i, 0.3, 0.1)], i * 0.1)
    assert [t.track_id for t in tracker.tracks] == [4, 3]


def test_each_track_has_its_own_filter(multipose_runner, read_image):
    estimator = MultiPoseEstimator(multipose_runner)
    frame = read_image('two_people.bmp')
    estimator.estimate(frame, 0.0)
    assert set(estimator._filters) == {1, 2}
    black = frame_from_array(np.zeros_like(frame.pixels))
    estimator.estimate(black, 0.1)
    estimator.estimate(black, 2.0)  # past max_age: both tracks and their filters go
    assert estimator._filters == {} and estimator.tracker.tracks == []


def test_ids_are_not_reused_after_a_configuration_change(multipose_runner, read_image):
    estimator = MultiPoseEstimator(multipose_runner)
    first = {p.track_id for p in estimator.estimate(read_image('two_people.bmp'), 0.0)}
    # A live parameter change replaces the configuration (and the tracker).
    estimator.config = MultiPoseConfig(tracker=TrackerConfig(min_similarity=0.3))
    again = {p.track_id for p in estimator.estimate(read_image('two_people.bmp'), 0.1)}
    assert first == {1, 2} and again.isdisjoint(first)
