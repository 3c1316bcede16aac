# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""MultiPersonEstimator: the agreement rule, scheduling, budget and crops, then real photos."""

import math

import cv2
from movenet_ros.core.image_io import frame_from_array, reduction_for
from movenet_ros.core.multiperson import (
    DetectorSchedule, distinct, MultiPersonConfig, MultiPersonEstimator,
    object_keypoint_similarity, person_crop_region, pose_similarity)
from movenet_ros.core.runner import ModelRunner
from movenet_ros.runtime.model_cache import find_model
import numpy as np
import pytest

#: Width two_people.bmp is cut to, through the right walker.
CUT = 375
FALLOFF = (0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072,
           0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089)


# -- the agreement rule, by hand ---------------------------------------------------------

def test_identical_poses_agree_fully():
    points = np.random.default_rng(1).uniform(0, 100, (17, 2))
    assert object_keypoint_similarity(points, points, np.ones(17), 1000.0, 0.2) == 1.0


def test_one_keypoint_off_by_a_known_distance():
    reference = np.zeros((17, 2))
    points = reference.copy()
    points[0] = (3.0, 4.0)  # nose 5 px off
    scores = np.zeros(17)
    scores[0] = 0.9  # only the nose counts
    area = 400.0
    expected = math.exp(-25.0 / (2.0 * area * (2 * FALLOFF[0]) ** 2))
    assert object_keypoint_similarity(points, reference, scores, area, 0.2) == pytest.approx(
        expected)
    # With every keypoint counted, 16 agree exactly: mean of 16 ones and that value.
    assert object_keypoint_similarity(points, reference, np.ones(17), area, 0.2) == (
        pytest.approx((16 + expected) / 17))


def test_nothing_to_compare_is_disagreement():
    points = np.zeros((17, 2))
    assert object_keypoint_similarity(points, points, np.zeros(17), 100.0, 0.2) == 0.0
    assert object_keypoint_similarity(points, points, np.ones(17), 0.0, 0.2) == 0.0


def test_a_pose_on_someone_else_disagrees():
    rng = np.random.default_rng(2)
    here = np.column_stack((rng.uniform(100, 200, (17, 2)), np.ones(17)))
    there = here.copy()
    there[:, 0] += 150  # the person beside
    assert pose_similarity(here, here, 0.2) == 1.0
    assert pose_similarity(there, here, 0.2) < 0.01


def test_distinct_keeps_the_first_of_two_similar_poses():
    base = np.column_stack((np.linspace(0, 160, 17), np.linspace(0, 320, 17), np.ones(17)))
    near = base.copy()
    near[:, :2] += 1.0
    far = base.copy()
    far[:, 0] += 400
    kept = distinct([('best', base), ('copy', near), ('other', far)], lambda i: i[1], 0.7, 0.2)
    assert [name for name, _ in kept] == ['best', 'other']


# -- scheduling ----------------------------------------------------------------------------

def test_schedule_runs_first_then_every_interval():
    schedule = DetectorSchedule(0.5)
    assert schedule.due(0.0)
    schedule.ran(0.0, True)
    assert not schedule.due(0.1) and not schedule.due(0.49)
    assert schedule.due(0.5)
    schedule.ran(0.5, True)
    schedule.request()  # someone was lost: the whole frame, not a sweep
    assert schedule.due(0.6) and not schedule.sweep_due(0.6)
    schedule.ran(0.6, False)
    assert not schedule.due(0.7)
    assert schedule.sweep_due(1.0)  # sweeps keep their own clock


def test_schedule_without_stamps_or_interval_runs_every_frame():
    schedule = DetectorSchedule(0.5)
    schedule.ran(0.0, True)
    assert schedule.due(None)
    every = DetectorSchedule(0.0)
    every.ran(0.0, True)
    assert every.due(0.01)


# -- crops -------------------------------------------------------------------------------

def _person(y0, x0, height, width, score=0.9):
    """(17, 3) y, x, score of an upright person in the box, normalized."""
    layout = np.array([[0.05, 0.5], [0.03, 0.45], [0.03, 0.55], [0.05, 0.4], [0.05, 0.6],
                       [0.2, 0.25], [0.2, 0.75], [0.35, 0.15], [0.35, 0.85], [0.5, 0.1],
                       [0.5, 0.9], [0.55, 0.35], [0.55, 0.65], [0.75, 0.35], [0.75, 0.65],
                       [0.95, 0.35], [0.95, 0.65]])
    return np.column_stack((y0 + layout[:, 0] * height, x0 + layout[:, 1] * width,
                            np.full(17, score)))


def test_crop_at_the_left_border_reaches_past_it_and_stays_square():
    # A person whose hips are 32 px from the left edge of a 640x480 frame.
    keypoints = _person(0.2, -0.0125, 0.6, 0.125)
    region = person_crop_region(keypoints, None, 640, 480)
    assert region.x_min < 0.0 < region.x_max < 1.0
    assert region.width * 640 == pytest.approx(region.height * 480)
    hips_x = (keypoints[11, 1] + keypoints[12, 1]) / 2
    assert (region.x_min + region.x_max) / 2 == pytest.approx(hips_x)


def test_crop_without_a_torso_is_around_the_box_not_the_whole_frame():
    keypoints = _person(0.1, 0.6, 0.3, 0.1)
    keypoints[5:13, 2] = 0.05  # shoulders and hips hidden
    box = (0.1, 0.6, 0.4, 0.7)
    region = person_crop_region(keypoints, box, 640, 480)
    # Square around the box centre (416, 120) px, half side 1.2 * 144 / 2 = 86.4 px.
    assert region.x_min * 640 == pytest.approx(416 - 86.4)
    assert region.y_max * 480 == pytest.approx(120 + 86.4)
    assert region.width * 640 == pytest.approx(region.height * 480)


# -- the estimator on scripted models ------------------------------------------------------

class ScriptedDetector:
    """A MultiPose runner whose output is set by the test: rows of (y, x, s)*17 + box + score."""

    kind = 'multipose'
    dynamic_input = True
    model_path = 'scripted-multipose'

    def __init__(self):
        self.people = []  # (keypoints (17, 3) normalized, score)
        self.runs = 0
        self.invoke_seconds = 0.0
        self.input_height = self.input_width = 0

    def set_input_size(self, height, width):
        self.input_height, self.input_width = height, width

    def run(self, image):
        self.runs += 1
        rows = np.zeros((6, 56), np.float32)
        for i, (keypoints, score) in enumerate(self.people[:6]):
            rows[i, :51] = keypoints.ravel()
            rows[i, 51:55] = (*keypoints[:, :2].min(axis=0), *keypoints[:, :2].max(axis=0))
            rows[i, 55] = score
        # The estimator's input pads to multiples of 32; 640x480 at 256 needs none.
        return rows


class ScriptedRefiner:
    """A SinglePose runner that finds, in each crop, the scripted person nearest its centre."""

    kind = 'singlepose'
    input_height = input_width = 192
    model_path = 'scripted-singlepose'

    def __init__(self, detector):
        self.detector = detector
        self.runs = 0
        self.invoke_seconds = 0.0
        self.region = None
        self.score = 0.8
        self.always = None  # keypoints found in every crop, whoever the crop is around
        self.sequence = []  # keypoints found in the next crops, one each, before `always`

    def run(self, image):
        self.runs += 1
        region = self.region
        centre = ((region.y_min + region.y_max) / 2, (region.x_min + region.x_max) / 2)
        if not self.detector.people:
            return np.zeros((17, 3), np.float32)
        keypoints = self.sequence.pop(0) if self.sequence else self.always
        keypoints = keypoints if keypoints is not None else min(
            (k for k, _ in self.detector.people), key=lambda k: np.hypot(
                k[11:13, 0].mean() - centre[0], k[11:13, 1].mean() - centre[1]))
        out = keypoints.copy()
        out[:, 0] = (keypoints[:, 0] - region.y_min) / region.height
        out[:, 1] = (keypoints[:, 1] - region.x_min) / region.width
        out[:, 2] = self.score
        return out.astype(np.float32)


@pytest.fixture
def scripted(monkeypatch):
    """(estimator factory, detector, refiner, frame): scripted models on a 640x480 frame."""
    import movenet_ros.core.multiperson as multiperson
    detector = ScriptedDetector()
    refiner = ScriptedRefiner(detector)
    original = multiperson.crop_and_resize

    def crop_and_resize(image, region, out, reduction=1, source_size=None):
        refiner.region = region
        return original(image, region, out, reduction, source_size)
    monkeypatch.setattr(multiperson, 'crop_and_resize', crop_and_resize)
    frame = frame_from_array(np.zeros((480, 640, 3), np.uint8))

    def make(**changes):
        # The scripted people are placed in the whole frame: no tiles unless asked for.
        return MultiPersonEstimator(detector, refiner, MultiPersonConfig(**{
            'tiles': 1, **changes}))
    return make, detector, refiner, frame


def test_an_empty_scene_runs_the_detector_only_on_schedule(scripted):
    make, detector, refiner, frame = scripted
    estimator = make(detect_interval=0.5)
    for i in range(30):  # one second at 30 fps
        assert estimator.estimate(frame, i / 30) == []
    # Frames 0 and 15 (0.5 s): twice, and no refinement at all.
    assert detector.runs == 2 and refiner.runs == 0


def test_people_are_followed_between_detections_with_stable_ids(scripted):
    make, detector, refiner, frame = scripted
    detector.people = [(_person(0.2, 0.1, 0.6, 0.2), 0.6), (_person(0.2, 0.6, 0.6, 0.2), 0.5)]
    estimator = make(detect_interval=0.5)
    first = estimator.estimate(frame, 0.0)
    assert len(first) == 2 and estimator.detected and estimator.refined == 2
    ids = {p.track_id for p in first}
    assert len(ids) == 2 and min(ids) > 0
    for i in range(1, 10):
        poses = estimator.estimate(frame, i / 30)
        assert not estimator.detected
        assert {p.track_id for p in poses} == ids
    assert detector.runs == 1 and refiner.runs == 20
    # Each refined pose is where its person is (the crop maps back to the image).
    left = min(poses, key=lambda p: p.keypoints[0, 0])
    assert left.keypoints[0, 0] == pytest.approx(0.2 * 640, abs=0.5)
    assert left.keypoints[0, 1] == pytest.approx((0.2 + 0.05 * 0.6) * 480, abs=0.5)


def test_a_person_leaving_brings_the_detector_back_next_frame(scripted):
    make, detector, refiner, frame = scripted
    detector.people = [(_person(0.2, 0.4, 0.6, 0.2), 0.6)]
    estimator = make(detect_interval=10.0)
    assert len(estimator.estimate(frame, 0.0)) == 1
    refiner.score = 0.1  # the refiner no longer sees them: they left mid-refinement
    detector.people = []
    assert estimator.estimate(frame, 1 / 30) == [] and not estimator.detected
    assert estimator.estimate(frame, 2 / 30) == [] and estimator.detected
    assert detector.runs == 2


def test_a_refined_pose_on_someone_else_keeps_the_detected_pose(scripted):
    make, detector, refiner, frame = scripted
    front = _person(0.2, 0.4, 0.6, 0.2)
    behind = _person(0.25, 0.5, 0.5, 0.16)
    detector.people = [(front, 0.7), (behind, 0.4)]
    refiner.always = front  # the crop around the one behind holds the one in front
    estimator = make(min_agreement=0.5)
    poses = estimator.estimate(frame, 0.0)
    assert len(poses) == 2 and estimator.refined == 1
    kept = min(poses, key=lambda p: p.score)
    assert kept.score == pytest.approx(0.4)  # the detection, with its own score
    assert kept.keypoints[0, 1] == pytest.approx((0.25 + 0.05 * 0.5) * 480, abs=0.5)
    # Only the detector sees that person right: it runs again on the next frame.
    estimator.estimate(frame, 1 / 30)
    assert estimator.detected


def test_a_refined_pose_goes_to_the_person_it_agrees_with(scripted):
    # The crop around the one in front holds the one behind, whom the model follows; the
    # crop around the one behind misses them (a pose far off). The one behind takes the
    # pose found in the other's crop; the one in front keeps their detection.
    make, detector, refiner, frame = scripted
    front = _person(0.2, 0.3, 0.6, 0.2)
    behind = _person(0.25, 0.45, 0.5, 0.16)
    elsewhere = _person(0.2, 0.8, 0.4, 0.1)
    detector.people = [(front, 0.7), (behind, 0.4)]
    refiner.sequence = [behind, elsewhere]
    estimator = make(min_agreement=0.5)
    poses = estimator.estimate(frame, 0.0)
    assert refiner.runs == 2 and estimator.refined == 1
    by_score = sorted(poses, key=lambda p: p.score)
    assert [p.score for p in by_score] == pytest.approx([0.7, 0.8])  # detected, refined
    refined = by_score[1]
    assert refined.keypoints[0, 0] == pytest.approx((0.45 + 0.5 * 0.16) * 640, abs=0.5)
    assert by_score[0].keypoints[0, 0] == pytest.approx((0.3 + 0.5 * 0.2) * 640, abs=0.5)
    # Judged by its own detection alone, nobody is refined.
    refiner.sequence = [behind, elsewhere]
    judged_alone = make(agreement_rule='own')
    judged_alone.estimate(frame, 0.0)
    assert judged_alone.refined == 0


def test_a_poorly_detected_person_keeps_the_refinement_unless_it_is_someone_else(scripted):
    # MultiPose placed the person's body off (shoulders down, 0.15 of the frame to the
    # right); the refiner finds them where they are. Own agreement is then below 0.5, but
    # no other detection is nearer: the closest rule keeps the refined pose, the own rule
    # the detected one.
    make, detector, refiner, frame = scripted
    person = _person(0.2, 0.3, 0.6, 0.2)
    placed = person.copy()
    placed[5:, 1] += 0.15
    detector.people = [(placed, 0.6)]
    refiner.always = person

    def pixels(points):
        return np.column_stack((points[:, 1] * 640, points[:, 0] * 480, points[:, 2]))
    assert pose_similarity(pixels(person), pixels(placed), 0.2) < 0.5  # below min_agreement
    closest = make()
    closest.estimate(frame, 0.0)
    assert closest.refined == 1
    judged_alone = make(agreement_rule='own')
    judged_alone.estimate(frame, 0.0)
    assert judged_alone.refined == 0


def test_a_person_scores_the_higher_of_the_two_models_but_is_lost_by_the_refiners(scripted):
    make, detector, refiner, frame = scripted
    detector.people = [(_person(0.2, 0.4, 0.6, 0.2), 0.6)]
    refiner.score = 0.3  # half hidden: the refiner is less sure of the keypoints
    estimator = make(detect_interval=10.0)
    assert [p.score for p in estimator.estimate(frame, 0.0)] == pytest.approx([0.6])
    # Followed between detections, they keep the detector's score.
    assert [p.score for p in estimator.estimate(frame, 1 / 30)] == pytest.approx([0.6])
    assert not estimator.detected
    refiner.score = 0.9
    assert [p.score for p in estimator.estimate(frame, 2 / 30)] == pytest.approx([0.9])
    # When the refiner no longer sees them, they are lost whatever the detector said.
    refiner.score = 0.1
    assert estimator.estimate(frame, 3 / 30) == []


def test_people_beyond_the_budget_are_counted_and_cost_stays_bounded(scripted):
    make, detector, refiner, frame = scripted
    detector.people = [(_person(0.2, 0.02 + 0.16 * i, 0.5, 0.1), 0.9 - 0.1 * i)
                       for i in range(5)]
    estimator = make(max_people=2, detect_interval=0.5)
    for i in range(5):
        poses = estimator.estimate(frame, i / 30)
        assert len(poses) == 5 and estimator.over_budget == 3 and estimator.refined == 2
    # The detector runs every frame while people wait, and never more than 2 refinements.
    assert detector.runs == 5 and refiner.runs == 10


def test_without_a_stamp_every_frame_is_detected_and_ids_are_unset(scripted):
    make, detector, refiner, frame = scripted
    detector.people = [(_person(0.2, 0.4, 0.6, 0.2), 0.6)]
    estimator = make()
    for _ in range(3):
        poses = estimator.estimate(frame)
        assert [p.track_id for p in poses] == [-1]
    assert detector.runs == 3


def test_wrong_kinds_of_model_are_refused(scripted):
    from movenet_ros.core.models import ModelError
    _, detector, refiner, _ = scripted
    with pytest.raises(ModelError, match='not a MultiPose model'):
        MultiPersonEstimator(refiner, refiner)
    with pytest.raises(ModelError, match='not a SinglePose model'):
        MultiPersonEstimator(detector, detector)
    with pytest.raises(ValueError, match='max_people'):
        MultiPersonEstimator(detector, refiner, MultiPersonConfig(max_people=0))


# -- real models on real photos ------------------------------------------------------------

@pytest.fixture(scope='module')
def detector_runner():
    return ModelRunner(find_model('multipose'), num_threads=2)


@pytest.fixture(scope='module')
def thunder_runner():
    return ModelRunner(find_model('thunder'), num_threads=2)


def test_two_walkers_are_refined_and_followed(detector_runner, thunder_runner, read_image):
    estimator = MultiPersonEstimator(detector_runner, thunder_runner)
    frame = read_image('two_people.bmp')
    poses = estimator.estimate(frame, 0.0)
    assert len(poses) == 2 and estimator.refined == 2
    left, right = sorted(poses, key=lambda p: p.bbox[0])
    assert left.bbox[2] < right.bbox[2]
    ids = {p.track_id for p in poses}
    again = estimator.estimate(frame, 1 / 30)
    assert not estimator.detected and {p.track_id for p in again} == ids
    for pose in again:
        x0, y0, x1, y1 = pose.bbox
        assert 0 <= x0 < x1 <= 640 and 0 <= y0 < y1 <= 480 and pose.score >= 0.25


def test_refining_beats_multipose_alone_on_a_labelled_photo(detector_runner, thunder_runner,
                                                            data_dir):
    """000000000790.jpg: four people at a table; refined poses are closer to the labels."""
    import json
    folder = data_dir / 'eval' / 'coco_mini_train'
    labels = json.loads((folder / 'person_keypoints.json').read_text())
    image = next(i for i in labels['images'] if i['file_name'] == '000000000790.jpg')
    people = [np.array(a['keypoints'], np.float64).reshape(17, 3) for a in labels['annotations']
              if a['image_id'] == image['id'] and a['num_keypoints'] >= 10]
    frame = frame_from_array(cv2.imread(str(folder / 'images' / image['file_name'])), 'bgr')

    def mean_error(poses):
        errors = []
        for truth in people:
            seen = truth[:, 2] > 0
            errors.append(min(np.linalg.norm(p.keypoints[seen, :2] - truth[seen, :2], axis=1)
                              .mean() for p in poses))
        return float(np.mean(errors))
    alone = MultiPersonEstimator(detector_runner, None).estimate(frame, 0.0)
    refined = MultiPersonEstimator(detector_runner, thunder_runner).estimate(frame, 0.0)
    assert len(refined) >= len(people)
    assert mean_error(refined) < mean_error(alone)


def test_a_person_cut_by_the_border_keeps_keypoints_in_the_image(
        detector_runner, thunder_runner, read_image):
    # The right walker cut down the middle by the frame's right edge.
    frame = read_image('two_people.bmp')
    cut = frame_from_array(np.ascontiguousarray(frame.pixels[:, :CUT]), 'bgr')
    estimator = MultiPersonEstimator(detector_runner, thunder_runner)
    poses = estimator.estimate(cut, 0.0)
    assert len(poses) == 2 and estimator.refined == 2
    right = max(poses, key=lambda p: p.bbox[2])
    assert right.bbox[2] > CUT - 40
    confident = right.keypoints[right.keypoints[:, 2] > 0.3]
    assert len(confident) >= 5 and (confident[:, 0] < CUT + 10).all()


def test_a_frame_without_people(detector_runner, thunder_runner):
    estimator = MultiPersonEstimator(detector_runner, thunder_runner)
    frame = frame_from_array(np.full((480, 640, 3), 127, np.uint8))
    assert estimator.estimate(frame, 0.0) == []
    assert estimator.estimate(frame, 1 / 30) == [] and not estimator.detected


def test_a_jpeg_is_decoded_no_smaller_than_a_followed_persons_crop_needs(
        detector_runner, thunder_runner, read_image):
    # The detector needs each tile at 256 px, the refiner each person's crop at 256 px:
    # the JPEG decoder may reduce a frame only as far as both allow. 2560x1920 in 3 x 2
    # tiles: 1024 x 1097 px each (a quarter shared with a neighbour).
    estimator = MultiPersonEstimator(detector_runner, thunder_runner)
    frame = read_image('two_people.bmp')
    big = cv2.resize(frame.pixels, (2560, 1920), interpolation=cv2.INTER_LINEAR)
    # Before anyone is followed, new people may be anywhere: no reduction.
    assert reduction_for(estimator.crop_side(2560, 1920), estimator.input_side) == 1
    estimator.estimate(frame_from_array(big, 'bgr'), 0.0)
    crops = [max(p.crop.width * 2560, p.crop.height * 1920)
             for p in estimator._people.values()]
    assert len(crops) == 2
    side = estimator.crop_side(2560, 1920)
    assert side == pytest.approx(min(crops + [1920 / 1.75]))
    reduction = reduction_for(side, estimator.input_side)
    assert reduction > 1 and min(crops) / reduction >= 256
    estimator._schedule.request()  # a detection asked for: its people are not known yet
    assert estimator.crop_side(2560, 1920) == estimator.input_side
