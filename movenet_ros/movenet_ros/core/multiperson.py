# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
MultiPersonEstimator: everyone in view, each refined by a SinglePose model on their own crop.

MultiPose finds the people; each of them (up to ``max_people``) is then run through a
SinglePose model on a square crop around them, chosen by MoveNet's crop rule from their
keypoints, as the single-person path does for its one person. A refined pose replaces
the detected one unless it looks like someone else: when people overlap, the crop can
hold another person, and the SinglePose model then follows them; such a refined pose is
more similar (object keypoint similarity) to the other person's detection than to its
own. Between detections each person's crop follows them from their last refined pose,
with their own crop filter, One Euro filter and track id, so the detector runs only when
it is due (every ``detect_interval`` seconds, for people who may have entered), when a
person was lost, when there are more people than the budget, or when time gives no
schedule (no stamp).
"""

from dataclasses import dataclass, field
import time

import numpy as np

from .constants import (
    BODY_EXPANSION_RATIO, COCO_FALLOFF, CROP_FILTER_ALPHA, DEFAULT_MAX_GAP,
    MIN_CROP_KEYPOINT_SCORE, MULTIPOSE_DEFAULT_MAX_DIMENSION)
from .crop import crop_and_resize, CropRegion, next_crop_region, torso_visible
from .filters import KeypointsFilter, LowPassFilter, OneEuroConfig
from .keypoints import keypoint_bbox, NUM_KEYPOINTS, Pose, pose_score
from .models import ModelError
from .multipose import MultiPoseConfig, MultiPoseEstimator
from .tiles import new_people, sweep, tile_grid
from .timeline import StampClock
from .tracker import Tracker, TrackerConfig

_VARIANCES = (2.0 * np.array(COCO_FALLOFF)) ** 2


@dataclass(frozen=True)
class MultiPersonConfig:
    """What the detector keeps, how people are refined and followed, and the budget."""

    #: A MultiPose detection below this score is nobody.
    min_detection_score: float = 0.05
    #: Long sides the dynamic MultiPose model sees the frame at (multiples of 32); with
    #: several, their detections are pooled (a larger size finds smaller people).
    max_dimensions: tuple = (MULTIPOSE_DEFAULT_MAX_DIMENSION,)
    #: Tiles along the frame's long side that the detector also sweeps on its scheduled
    #: runs (tiles.py), as many along the short side as keeps them about square; 1: the
    #: whole frame only. Tiles find small people, and more than MultiPose's six.
    tiles: int = 3
    #: A tile's detection below this score is nobody: a sweep looks in many more places
    #: than the whole frame, so it needs more evidence per person.
    min_tile_detection_score: float = 0.15
    #: Keypoints above this score count for crops, boxes and agreement.
    min_keypoint_score: float = MIN_CROP_KEYPOINT_SCORE
    #: Object keypoint similarity between the refined and the detected pose from which
    #: the refined one is kept without further question; 0 keeps every refined pose.
    min_agreement: float = 0.5
    #: Below min_agreement: 'closest' keeps the refined pose unless another detection is
    #: more similar to it than its own (the crop drew the model onto someone else);
    #: 'own' keeps the detected pose.
    agreement_rule: str = 'closest'
    #: Poses scoring below this are dropped; a followed person is lost when the refiner's
    #: score for them falls below it. A refined pose scores the higher of the refiner's
    #: score (as SinglePose scores, the mean of its confident keypoints' scores) and the
    #: detector's at their last detection; a detected one keeps the detector's score.
    min_pose_score: float = 0.25
    #: Most people refined per frame; those beyond it keep their detected pose.
    max_people: int = 6
    #: Seconds between detector runs while everyone is followed (0: every frame).
    detect_interval: float = 0.5
    #: Two poses at least this similar (object keypoint similarity) are one person.
    max_duplicate_similarity: float = 0.7
    enable_smoothing: bool = True
    smoothing: OneEuroConfig = field(default_factory=OneEuroConfig)
    max_gap: float = DEFAULT_MAX_GAP
    tracker: TrackerConfig = field(default_factory=TrackerConfig)


def object_keypoint_similarity(points, reference, reference_scores, area, min_score):
    """
    Return COCO's object keypoint similarity of ``points`` to ``reference`` (17, 2) pixels.

    Counts the keypoints whose reference score is above ``min_score``; ``area`` is the
    reference person's area in square pixels. No counted keypoint gives 0.
    """
    counted = np.asarray(reference_scores) > min_score
    if not counted.any() or area <= 0:
        return 0.0
    d2 = ((np.asarray(points, np.float64) - np.asarray(reference, np.float64)) ** 2).sum(axis=1)
    e = d2[counted] / (2.0 * area * _VARIANCES[counted])
    return float(np.exp(-e).mean())


def pose_similarity(keypoints, reference, min_score):
    """
    Object keypoint similarity of two (17, 3) x, y, score poses in pixels.

    The area is that of the box around the reference's keypoints above ``min_score``.
    """
    confident = reference[reference[:, 2] > min_score, :2]
    if len(confident) < 2:
        return 0.0
    extent = confident.max(axis=0) - confident.min(axis=0)
    return object_keypoint_similarity(keypoints[:, :2], reference[:, :2], reference[:, 2],
                                      float(extent[0] * extent[1]), min_score)


def distinct(items, keypoints, max_similarity, min_score):
    """
    Items, best first, without those whose pose is a better one's.

    ``keypoints(item)`` gives an item's (17, 3) x, y, score pose in pixels; an item is
    dropped when its similarity to one already kept reaches ``max_similarity``.
    """
    kept = []
    for item in items:
        pose = keypoints(item)
        if all(pose_similarity(pose, keypoints(other), min_score) < max_similarity
               for other in kept):
            kept.append(item)
    return kept


def person_crop_region(keypoints, box, width, height, min_score=MIN_CROP_KEYPOINT_SCORE):
    """
    Square crop around one of several people, normalized to the image.

    ``keypoints`` is (17, 3) of (y, x, score) normalized to the image, ``box`` their
    (y_min, x_min, y_max, x_max), normalized, or None. With the torso visible this is
    MoveNet's crop rule (crop.next_crop_region); without it that rule falls back to the
    whole frame, which holds everyone else too, so the crop is instead a square around the
    box (the confident keypoints' box when there is none), its half side the box's longer
    half side times BODY_EXPANSION_RATIO. The crop may reach past the image's edges.
    """
    keypoints = np.asarray(keypoints, np.float64)
    if torso_visible(keypoints[:, 2], min_score):
        return next_crop_region(keypoints, width, height, min_score)
    if box is None:
        confident = keypoints[keypoints[:, 2] > min_score, :2]
        if not len(confident):
            confident = keypoints[:, :2]
        box = (*confident.min(axis=0), *confident.max(axis=0))
    y0, x0, y1, x1 = (float(v) for v in box)
    center_y, center_x = (y0 + y1) / 2.0 * height, (x0 + x1) / 2.0 * width
    half = max((y1 - y0) * height, (x1 - x0) * width, 1.0) / 2.0 * BODY_EXPANSION_RATIO
    return CropRegion((center_y - half) / height, (center_x - half) / width,
                      (center_y + half) / height, (center_x + half) / width)


class DetectorSchedule:
    """
    When the detector runs: on a sweep every ``interval`` seconds, or when asked for.

    A sweep (the whole frame and its tiles) is due ``interval`` seconds of stamp time after
    the last one (0: every frame), on the first frame, and on a frame without a stamp.
    request() asks for a run of the whole frame on the next frame (a person was lost, or
    too many people to follow).
    """

    def __init__(self, interval):
        self.interval = interval
        self.reset()

    def reset(self):
        self.last_sweep = None
        self.requested = True

    def request(self):
        self.requested = True

    def sweep_due(self, stamp):
        """Tell whether the frame at ``stamp`` seconds is swept."""
        if stamp is None or self.last_sweep is None or self.interval <= 0:
            return True
        return stamp - self.last_sweep >= self.interval

    def due(self, stamp):
        """Tell whether the detector runs on the frame at ``stamp`` seconds."""
        return self.requested or self.sweep_due(stamp)

    def ran(self, stamp, swept):
        if swept:
            self.last_sweep = stamp
        self.requested = False


class _Person:
    """One followed person: where to crop next, their filters, and their last pose."""

    def __init__(self, track_id, config):
        self.track_id = track_id
        self.crop = None
        self.crop_filter = LowPassFilter(CROP_FILTER_ALPHA)
        self.smoother = KeypointsFilter(config.smoothing, config.max_gap)
        self.points = None  # (17, 3) y, x, score normalized to the image
        self.box = None  # y_min, x_min, y_max, x_max normalized to the image
        self.score = 0.0
        self.detection_score = 0.0  # the detector's score for them when last detected
        self.refined = False

    def follow(self, region):
        box = self.crop_filter.apply((region.y_min, region.x_min, region.y_max, region.x_max))
        self.crop = CropRegion(*(float(v) for v in box))


class MultiPersonEstimator:
    """
    Runs MultiPose and, per person, a SinglePose refiner on the frames of one stream.

    ``detector`` is a MultiPose ModelRunner; ``refiner`` a SinglePose ModelRunner, or None
    for MultiPose alone (then the detector runs on every frame). estimate() returns poses
    best first, each with a track id (-1 without a stamp). After each frame,
    ``over_budget`` counts the people found beyond ``max_people``, ``detected`` tells
    whether the detector ran, ``refined`` counts the refined poses returned, and
    ``stage_seconds`` holds the seconds spent in the models ('detect' on the whole frame,
    'sweep' on its tiles, 'refine') and in all of estimate() ('total'), ``invokes`` how
    often each ran.
    """

    def __init__(self, detector, refiner=None, config=MultiPersonConfig()):
        if detector.kind != 'multipose':
            raise ModelError(f'{detector.model_path} is not a MultiPose model')
        if refiner is not None and refiner.kind != 'singlepose':
            raise ModelError(f'{refiner.model_path} is not a SinglePose model')
        #: The detector's runner: the model a node reports and describes.
        self.runner = detector
        self.refiner = refiner
        if refiner is not None:
            self._crop_buffer = np.zeros(
                (refiner.input_height, refiner.input_width, 3), np.uint8)
        self._size = None
        self._clock = StampClock()
        self.over_budget = 0
        self.detected = False
        self.refined = 0
        self.stage_seconds = {}
        self.invokes = {}
        self.config = config

    @property
    def config(self):
        """Return the configuration."""
        return self._config

    @config.setter
    def config(self, config):
        """Use ``config`` from the next frame on: everyone is looked for afresh."""
        if config.max_people < 1:
            raise ValueError('max_people must be at least 1')
        if not config.max_dimensions:
            raise ValueError('max_dimensions needs at least one size')
        if config.tiles < 1:
            raise ValueError('tiles must be at least 1')
        detector = self.runner
        sizes = config.max_dimensions if detector.dynamic_input else config.max_dimensions[:1]
        self.detectors = [MultiPoseEstimator(detector, MultiPoseConfig(
            min_pose_score=config.min_detection_score,
            min_keypoint_score=config.min_keypoint_score,
            max_dimension=size, enable_smoothing=False)) for size in sizes]
        self._tile_detector = MultiPoseEstimator(detector, MultiPoseConfig(
            min_pose_score=config.min_tile_detection_score,
            min_keypoint_score=config.min_keypoint_score,
            max_dimension=sizes[0], enable_smoothing=False))
        self._config = config
        self._tracker = Tracker(config.tracker)
        self._schedule = DetectorSchedule(config.detect_interval)
        self._people = {}

    @property
    def invoke_seconds(self):
        """Return the seconds the models' invokes took for the last frame, all together."""
        return sum(self.stage_seconds.get(stage, 0.0) for stage in ('detect', 'sweep', 'refine'))

    def crop_side(self, width, height):
        """
        Side in source pixels of the smallest square the next frame is seen at.

        Measured against input_side, so a decoder may reduce the frame only as far as
        both the detector (the whole frame, or a tile of it) and the refiner (each
        followed person's crop) still get their full input. Before anyone is followed, or
        with a detection asked for, the people to refine are not known yet: the whole
        frame, undecimated.
        """
        tiles = tile_grid(width, height, self.config.tiles)
        whole = float(max(tiles[0].width, tiles[0].height) if tiles else max(width, height))
        if self.refiner is None:
            return whole
        if not self._people or self._schedule.requested or self._size != (width, height):
            return float(self.input_side)  # no reduction: new people may be anywhere
        refiner_side = max(self.refiner.input_width, self.refiner.input_height)
        detector_side = max(d.input_side for d in self.detectors)
        sides = [max(p.crop.width * width, p.crop.height * height)
                 for p in self._people.values() if p.crop is not None]
        return min([whole * refiner_side / detector_side] + sides)

    @property
    def input_side(self):
        """Return the input side crop_side is measured against: the refiner's, if any."""
        if self.refiner is not None:
            return max(self.refiner.input_width, self.refiner.input_height)
        return max(d.input_side for d in self.detectors)

    def reset(self):
        """Forget every person (ids are not reused); the next frame runs the detector."""
        self._tracker.reset()
        self._schedule.reset()
        self._people = {}

    def estimate(self, frame, stamp=None):
        """Return the poses in ``frame`` (highest score first) taken at ``stamp`` seconds."""
        start = time.perf_counter()
        if self._size != (frame.width, frame.height) or self._clock.went_backwards(stamp):
            self._size = (frame.width, frame.height)
            self.reset()
        self.stage_seconds = {'detect': 0.0, 'sweep': 0.0, 'refine': 0.0}
        self.invokes = {'detect': 0, 'sweep': 0, 'refine': 0}
        self.detected = self.refiner is None or self._schedule.due(stamp)
        people = self._detect(frame, stamp) if self.detected else self._follow(frame, stamp)
        self._people = {p.track_id: p for p in people if p.track_id >= 0}
        self.refined = sum(1 for p in people if p.refined)
        poses = [self._pose(person, frame, stamp) for person in people]
        poses.sort(key=lambda p: -p.score)
        self.stage_seconds['total'] = time.perf_counter() - start
        return poses

    def _detect(self, frame, stamp):
        """People of a detector frame: detected, the best ``max_people`` refined."""
        config = self.config
        width, height = frame.width, frame.height
        swept = self._schedule.sweep_due(stamp)
        detections = self._detections(frame, swept)
        self._schedule.ran(stamp, swept)
        refined_poses = self._refine_detections(frame, detections)
        self.over_budget = 0
        found = []
        for index, detection in enumerate(detections):
            points = _normalized(detection.keypoints, width, height)
            box = _normalized_box(detection.bbox, width, height)
            score, refined = detection.score, False
            if index in refined_poses:
                points, refined = refined_poses[index], True
                score = _person_score(points, detection.score, config)
            elif self.refiner is not None and index < config.max_people:
                self._schedule.request()  # only the detector sees this person right
            elif self.refiner is not None and score >= config.min_pose_score:
                self.over_budget += 1
                self._schedule.request()
            if score >= config.min_pose_score:
                found.append((points, box, score, refined, detection.score))
        found = distinct(found, lambda f: _pixel_pose(f[0], width, height),
                         config.max_duplicate_similarity, config.min_keypoint_score)
        ids = (self._tracker.apply([(f[0], f[1]) for f in found], stamp)
               if stamp is not None else [-1] * len(found))
        people = []
        for (points, box, score, refined, detected), track_id in zip(found, ids):
            person = self._people.get(track_id) or _Person(track_id, config)
            person.points, person.box, person.score, person.refined = (
                points, box, score, refined)
            person.detection_score = detected
            person.crop_filter.reset()
            people.append(person)
        return people

    def _detections(self, frame, swept):
        """
        People the detector finds in ``frame``, best first, without duplicates.

        On a sweep, the tiles' new people join those of the whole frame.
        """
        config = self.config
        detections = []
        for detector in self.detectors:
            detections += detector.estimate(frame, None)
            self.stage_seconds['detect'] += detector.runner.invoke_seconds
            self.invokes['detect'] += 1
        detections = distinct(sorted(detections, key=lambda d: -d.score),
                              lambda d: d.keypoints, config.max_duplicate_similarity,
                              config.min_keypoint_score)
        tiles = tile_grid(frame.width, frame.height, config.tiles) if swept else []
        if tiles:
            people, seconds = sweep(self._tile_detector, frame, tiles)
            self.stage_seconds['sweep'] += seconds
            self.invokes['sweep'] += len(tiles)
            detections += new_people(detections, people, lambda a, b: pose_similarity(
                a.keypoints, b.keypoints, config.min_keypoint_score),
                config.max_duplicate_similarity)
            detections.sort(key=lambda d: -d.score)
        return detections

    def _refine_detections(self, frame, detections):
        """
        Refined poses of a detector frame: {index of the detection: (17, 3) pose}.

        The best max_people detections are refined on their own crops. A refined pose
        belongs to its own detection when their similarity (OKS) reaches min_agreement.
        Below that, with the closest rule, it belongs to the detection it is most similar
        to: its own (the detector placed the person poorly), or another person's when the
        crop drew the model onto them and it agrees with theirs (their own crop may have
        missed them). A detection takes the pose from its own crop when that agrees, else
        the one most similar to it; one offered none keeps its detected pose.
        """
        if self.refiner is None:
            return {}
        config = self.config
        width, height = frame.width, frame.height
        offers = {}
        for index, detection in enumerate(detections[:config.max_people]):
            points = _normalized(detection.keypoints, width, height)
            box = _normalized_box(detection.bbox, width, height)
            candidate = self._refine(frame, person_crop_region(
                points, box, width, height, config.min_keypoint_score))
            pixels = _pixels(candidate, width, height)
            similarity = [_similarity(pixels, other, config.min_keypoint_score)
                          for other in detections]
            owner, agrees = index, similarity[index] >= config.min_agreement
            if not agrees:
                if config.agreement_rule != 'closest':
                    continue
                owner = int(np.argmax(similarity))
                if similarity[owner] <= similarity[index]:
                    owner = index  # placed poorly by the detector, but nobody else
                elif similarity[owner] < config.min_agreement:
                    continue  # someone else's, but not theirs for sure either
            offers.setdefault(owner, []).append(((agrees, similarity[owner]), candidate))
        return {owner: max(poses, key=lambda p: p[0])[1] for owner, poses in offers.items()}

    def _follow(self, frame, stamp):
        """People of a frame between detections: each refined on their own crop."""
        config = self.config
        width, height = frame.width, frame.height
        self.over_budget = 0
        kept = []
        for person in self._people.values():
            refined = self._refine(frame, person.crop)
            if pose_score(refined[:, 2], config.min_keypoint_score) < config.min_pose_score:
                self._schedule.request()  # gone, or hidden: look for them again
                continue
            person.points, person.refined = refined, True
            person.score = _person_score(refined, person.detection_score, config)
            box = keypoint_bbox(_pixel_pose(refined, width, height), config.min_keypoint_score)
            person.box = np.array([box[1] / height, box[0] / width,
                                   box[3] / height, box[2] / width])
            kept.append(person)
        kept.sort(key=lambda p: -p.score)
        people = distinct(kept, lambda p: _pixel_pose(p.points, width, height),
                          config.max_duplicate_similarity, config.min_keypoint_score)
        if len(people) < len(kept):  # two crops met on one person
            self._schedule.request()
        for track in self._tracker.tracks:
            person = self._people.get(track.track_id)
            if person is not None and person in people:
                track.keypoints, track.box, track.last_stamp = person.points, person.box, stamp
        return people

    def _refine(self, frame, region):
        """Run the refiner on ``region``; (17, 3) y, x, score normalized to the image."""
        crop_and_resize(frame.pixels, region, self._crop_buffer, frame.reduction,
                        (frame.width, frame.height))
        crop = self._crop_buffer if frame.order == 'rgb' else self._crop_buffer[..., ::-1]
        raw = self.refiner.run(crop).astype(np.float64)
        self.stage_seconds['refine'] += self.refiner.invoke_seconds
        self.invokes['refine'] += 1
        region.to_image(raw[:, :2])
        return raw

    def _pose(self, person, frame, stamp):
        """Return the person's pose in pixels (smoothed); choose their crop for the next frame."""
        width, height = frame.width, frame.height
        config = self.config
        if self.refiner is not None:
            person.follow(person_crop_region(person.points, person.box, width, height,
                                             config.min_keypoint_score))
        points = person.points[:, :2]
        if config.enable_smoothing and stamp is not None and person.track_id >= 0:
            points = person.smoother.apply(points, stamp)
        keypoints = _pixel_pose(np.column_stack((points, person.points[:, 2])), width, height)
        return Pose(keypoints, float(person.score), True, width, height,
                    keypoint_bbox(keypoints, config.min_keypoint_score), person.track_id)


def _person_score(refined, detection_score, config):
    """
    Score of a refined pose: the higher of the refiner's and the detector's.

    The refiner's is SinglePose's (the mean of the confident keypoints' scores). It judges
    the keypoints of someone it assumes is there, the detector whether someone is; a
    person half hidden can be sure for one and not the other.
    """
    return max(pose_score(refined[:, 2], config.min_keypoint_score), detection_score)


def _similarity(points, detection, min_score):
    """OKS of (17, 2) pixel ``points`` to a detected Pose, its area from its box."""
    x0, y0, x1, y1 = detection.bbox
    return object_keypoint_similarity(points, detection.keypoints[:, :2],
                                      detection.keypoints[:, 2], (x1 - x0) * (y1 - y0),
                                      min_score)


def _normalized(keypoints, width, height):
    """(17, 3) x, y, score in pixels -> (17, 3) y, x, score normalized to the image."""
    return np.column_stack((keypoints[:, 1] / height, keypoints[:, 0] / width,
                            keypoints[:, 2])).astype(np.float64)


def _normalized_box(bbox, width, height):
    """(x_min, y_min, x_max, y_max) pixels -> (y_min, x_min, y_max, x_max) normalized."""
    x0, y0, x1, y1 = bbox
    return np.array([y0 / height, x0 / width, y1 / height, x1 / width])


def _pixels(points, width, height):
    """(17, >=2) y, x normalized -> (17, 2) x, y pixels."""
    return np.column_stack((points[:, 1] * width, points[:, 0] * height))


def _pixel_pose(points, width, height):
    """(17, 3) y, x, score normalized -> (17, 3) float32 x, y, score pixels."""
    keypoints = np.empty((NUM_KEYPOINTS, 3), np.float32)
    keypoints[:, 0] = points[:, 1] * width
    keypoints[:, 1] = points[:, 0] * height
    keypoints[:, 2] = points[:, 2]
    return keypoints
