# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Poses as REP-155 bodies: stable ids, the 18-point 2D skeleton and the region of interest.

REP-155 (ROS4HRI) gives every tracked body a unique string id and publishes its skeleton
in hri_msgs/Skeleton2D's 18-joint order (OpenPose's COCO-18, with a neck MoveNet does not
predict), normalized to the image. The ROS layer turns these into hri_msgs messages; the
names here follow the message's joint constants.
"""

from dataclasses import dataclass
import secrets
import string

import numpy as np

from .keypoints import KEYPOINT_INDEX, KEYPOINT_NAMES

#: hri_msgs/Skeleton2D's joints in its order; None is the neck (taken from the shoulders).
SKELETON_2D_JOINTS = (
    'nose', None, 'right_shoulder', 'right_elbow', 'right_wrist', 'left_shoulder',
    'left_elbow', 'left_wrist', 'right_hip', 'right_knee', 'right_ankle', 'left_hip',
    'left_knee', 'left_ankle', 'left_eye', 'right_eye', 'left_ear', 'right_ear')


@dataclass(frozen=True)
class Body:
    """One person as REP-155 sees it, in normalized image coordinates."""

    body_id: str
    #: 18 (x, y, c) in hri_msgs/Skeleton2D order, x and y in [0, 1], c 0 where unseen.
    skeleton: tuple
    #: (x_min, y_min, x_max, y_max) in [0, 1], and the pose score.
    roi: tuple
    confidence: float


class BodyIds:
    """
    A unique REP-155 id per tracked person, the same for as long as the track lasts.

    Ids are a random prefix drawn once per run plus a counter, so a restarted node never
    gives a new person an id an old one had. A MultiPose track keeps its id; a SinglePose
    person gets a new id each time detection starts again after a loss.
    """

    def __init__(self, prefix=None):
        self._prefix = prefix or ''.join(secrets.choice(string.ascii_lowercase)
                                         for _ in range(5))
        self._ids = {}
        self._count = 0

    def ids_for(self, keys):
        """Return the id of each key in ``keys`` (track ids); forget keys not among them."""
        fresh = {}
        for key in keys:
            if key not in self._ids:
                self._count += 1
                self._ids[key] = f'{self._prefix}{self._count}'
            fresh[key] = self._ids[key]
        self._ids = fresh
        return [fresh[key] for key in keys]


def _normalized(x, y, width, height):
    return min(max(x / width, 0.0), 1.0), min(max(y / height, 0.0), 1.0)


def skeleton_2d(pose, min_keypoint_score):
    """
    Return the 18 hri_msgs/Skeleton2D points of ``pose``: (x, y, c), x and y normalized.

    A keypoint at or below ``min_keypoint_score`` is unseen: c = 0. The neck is the middle
    of the shoulders, seen when both are, with the lower of their scores.
    """
    points = pose.keypoints
    width, height = pose.image_width, pose.image_height
    out = []
    for name in SKELETON_2D_JOINTS:
        if name is None:
            left = points[KEYPOINT_INDEX['left_shoulder']]
            right = points[KEYPOINT_INDEX['right_shoulder']]
            x, y = (left[0] + right[0]) / 2.0, (left[1] + right[1]) / 2.0
            c = min(float(left[2]), float(right[2]))
        else:
            x, y, c = (float(v) for v in points[KEYPOINT_INDEX[name]])
        if c <= min_keypoint_score:
            c = 0.0
        out.append(_normalized(float(x), float(y), width, height) + (c,))
    return tuple(out)


def bodies(poses, ids, min_keypoint_score):
    """
    Return the bodies of the detected ``poses``, with ids from ``ids`` (a BodyIds).

    A pose without a track id (SinglePose) counts as one track while it stays detected.
    """
    detected = [p for p in poses if p.detected]
    keys = [p.track_id if p.track_id >= 0 else 'single' for p in detected]
    found = []
    for pose, body_id in zip(detected, ids.ids_for(keys)):
        x0, y0, x1, y1 = pose.bbox
        roi = (_normalized(x0, y0, pose.image_width, pose.image_height)
               + _normalized(x1, y1, pose.image_width, pose.image_height))
        found.append(Body(body_id, skeleton_2d(pose, min_keypoint_score), roi,
                          float(pose.score)))
    return found


@dataclass(frozen=True)
class Transform:
    """A frame: ``child`` placed in ``parent`` (None: the depth sensor's frame)."""

    parent: str
    child: str
    #: (x, y, z) in metres.
    translation: tuple
    #: Quaternion (x, y, z, w).
    rotation: tuple


_IDENTITY = (0.0, 0.0, 0.0, 1.0)
#: Up in a camera's optical frame (x right, y down, z forward).
_OPTICAL_UP = np.array((0.0, -1.0, 0.0))


def _unit(vector):
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 1e-9 else None


def _quaternion(matrix):
    """Quaternion (x, y, z, w) of a rotation matrix (columns: the frame's axes)."""
    m = matrix
    trace = m[0, 0] + m[1, 1] + m[2, 2]
    if trace > 0.0:
        s = 2.0 * np.sqrt(trace + 1.0)
        q = ((m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s,
             0.25 * s)
    else:
        i = int(np.argmax(np.diag(m)))
        j, k = (i + 1) % 3, (i + 2) % 3
        s = 2.0 * np.sqrt(1.0 + m[i, i] - m[j, j] - m[k, k])
        q = [0.0, 0.0, 0.0, (m[k, j] - m[j, k]) / s]
        q[i] = 0.25 * s
        q[j] = (m[j, i] + m[i, j]) / s
        q[k] = (m[k, i] + m[i, k]) / s
    return tuple(float(v) for v in q)


def body_transforms(points, scores, body_id, min_keypoint_score):
    """
    REP-155 TF frames of one person from (17, 4) keypoints in metres (x, y, z, valid).

    ``body_<id>`` sits at the middle of the hips, in the depth sensor's frame, with x
    forward (out of the chest), y to the person's left and z towards the head; one frame
    per keypoint with valid depth, ``<keypoint>_<id>``, is its child. Nothing when the hips
    have no depth: a person whose depth is lost has no frames rather than stale ones.
    """
    seen = (points[:, 3] > 0) & (np.asarray(scores) > min_keypoint_score)
    hips = [KEYPOINT_INDEX['left_hip'], KEYPOINT_INDEX['right_hip']]
    if not seen[hips].all():
        return []
    xyz = points[:, :3]
    left_hip, right_hip = xyz[hips[0]], xyz[hips[1]]
    origin = (left_hip + right_hip) / 2.0
    shoulders = [KEYPOINT_INDEX['left_shoulder'], KEYPOINT_INDEX['right_shoulder']]
    up = _unit(xyz[shoulders].mean(axis=0) - origin) if seen[shoulders].all() else None
    z = up if up is not None else _OPTICAL_UP
    left = left_hip - right_hip
    y = _unit(left - float(left @ z) * z)
    if y is None:
        return []
    x = np.cross(y, z)
    rotation = np.column_stack((x, y, z))
    body = f'body_{body_id}'
    frames = [Transform(None, body, tuple(float(v) for v in origin), _quaternion(rotation))]
    for index in np.flatnonzero(seen):
        local = rotation.T @ (xyz[index] - origin)
        frames.append(Transform(body, f'{KEYPOINT_NAMES[index]}_{body_id}',
                                tuple(float(v) for v in local), _IDENTITY))
    return frames
