# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Stable identities for several people across frames (as TF.js pose-detection's trackers).

A detection joins the live track it resembles most, if that similarity reaches
``min_similarity``; otherwise it starts a new track with a fresh id (ids are never
reused). Tracks not seen for ``max_age`` seconds of stamp time are forgotten, and at
most ``max_tracks`` of the most recently seen are kept. Similarity is box IoU
('bounding_box') or object keypoint similarity ('keypoint'), both on normalized
image coordinates. Stamps are expected in time order: MultiPoseEstimator resets the
tracker when time goes backwards (timeline.StampClock).
"""

from dataclasses import dataclass

import numpy as np

from .constants import (
    COCO_FALLOFF, TRACKER_KEYPOINT_CONFIDENCE, TRACKER_MAX_AGE, TRACKER_MAX_TRACKS,
    TRACKER_MIN_KEYPOINTS, TRACKER_MIN_SIMILARITY, TRACKER_TYPES)

_FALLOFF = np.array(COCO_FALLOFF)


@dataclass(frozen=True)
class TrackerConfig:
    """Tracker choice and limits (TF.js defaults; min_similarity is the IoU tracker's)."""

    tracker_type: str = TRACKER_TYPES[0]
    max_tracks: int = TRACKER_MAX_TRACKS
    max_age: float = TRACKER_MAX_AGE
    min_similarity: float = TRACKER_MIN_SIMILARITY
    keypoint_confidence: float = TRACKER_KEYPOINT_CONFIDENCE
    min_keypoints: int = TRACKER_MIN_KEYPOINTS


@dataclass
class Track:
    """One person's last appearance: (17, 3) y/x/score keypoints and a y/x box."""

    track_id: int
    keypoints: np.ndarray
    box: np.ndarray
    last_stamp: float


def iou(a, b):
    """Intersection over union of two (y_min, x_min, y_max, x_max) boxes."""
    height = min(a[2], b[2]) - max(a[0], b[0])
    width = min(a[3], b[3]) - max(a[1], b[1])
    if height <= 0 or width <= 0:
        return 0.0
    inter = height * width
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


def keypoint_similarity(detection, track, confidence=TRACKER_KEYPOINT_CONFIDENCE,
                        min_keypoints=TRACKER_MIN_KEYPOINTS):
    """
    Object keypoint similarity of two (17, 3) y/x/score keypoint sets.

    The area is that of the track's confident keypoints' box; keypoints count when both
    sides are confident; fewer than ``min_keypoints`` such keypoints give 0.
    """
    both = (detection[:, 2] >= confidence) & (track[:, 2] >= confidence)
    if both.sum() < min_keypoints:
        return 0.0
    confident = track[track[:, 2] > confidence, :2]
    extent = confident.max(axis=0) - confident.min(axis=0) if len(confident) else np.zeros(2)
    area = float(extent[0] * extent[1]) + 1e-6
    distance2 = ((detection[both, :2] - track[both, :2]) ** 2).sum(axis=1)
    falloff = 2.0 * _FALLOFF[both]
    return float(np.mean(np.exp(-distance2 / (2.0 * area * falloff ** 2))))


class Tracker:
    """Assigns track ids to each frame's detections."""

    def __init__(self, config=TrackerConfig()):
        if config.tracker_type not in TRACKER_TYPES:
            raise ValueError(f"tracker_type must be one of {', '.join(TRACKER_TYPES)}")
        self.config = config
        self.tracks = []
        self._next_id = 1

    def reset(self):
        """Forget every track; new ids continue from where they were (never reused)."""
        self.tracks = []

    def continue_ids_from(self, other):
        """Take over another tracker's id counter, so no id is handed out twice."""
        self._next_id = max(self._next_id, other._next_id)

    def _similarity(self, keypoints, box, track):
        if self.config.tracker_type == 'bounding_box':
            return iou(box, track.box)
        return keypoint_similarity(keypoints, track.keypoints, self.config.keypoint_confidence,
                                   self.config.min_keypoints)

    def apply(self, detections, stamp):
        """
        Return one track id per detection.

        ``detections`` is a list of (keypoints (17, 3) y/x/score, box (4,) y/x), both
        normalized to the image, in the order to assign them (highest score first).
        """
        config = self.config
        self.tracks = [t for t in self.tracks if stamp - t.last_stamp <= config.max_age]
        unmatched = list(self.tracks)
        ids = []
        for keypoints, box in detections:
            best, best_similarity = None, config.min_similarity
            for track in unmatched:
                similarity = self._similarity(keypoints, box, track)
                if similarity >= best_similarity:
                    best, best_similarity = track, similarity
            if best is None:
                best = Track(self._next_id, keypoints, box, stamp)
                self._next_id += 1
                self.tracks.append(best)
            else:
                unmatched.remove(best)
                best.keypoints, best.box, best.last_stamp = keypoints, box, stamp
            ids.append(best.track_id)
        self.tracks.sort(key=lambda t: t.last_stamp, reverse=True)
        del self.tracks[config.max_tracks:]
        return ids
