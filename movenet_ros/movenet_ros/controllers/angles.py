# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Joint angles from keypoints: 180 degrees is a straight limb, valid only when seen."""

import math

import numpy as np

from ..core.keypoints import KEYPOINT_INDEX

#: Each joint as (name, first keypoint, vertex keypoint, last keypoint).
JOINTS = tuple(
    (f'{side}_{joint}', f'{side}_{a}', f'{side}_{b}', f'{side}_{c}')
    for joint, a, b, c in (('elbow', 'shoulder', 'elbow', 'wrist'),
                           ('shoulder', 'hip', 'shoulder', 'elbow'),
                           ('hip', 'shoulder', 'hip', 'knee'),
                           ('knee', 'hip', 'knee', 'ankle'))
    for side in ('left', 'right'))
JOINT_NAMES = tuple(joint[0] for joint in JOINTS)
#: Side-less names ('knee') that stand for the mean of the left and right joint.
BILATERAL_NAMES = tuple(sorted({name.split('_', 1)[1] for name in JOINT_NAMES}))


def angle_degrees(first, vertex, last):
    """
    Angle at ``vertex`` between the segments to ``first`` and ``last``, in degrees.

    Works for 2D and 3D points alike; None when a segment has no length (no direction).
    """
    u = np.asarray(first, np.float64) - np.asarray(vertex, np.float64)
    v = np.asarray(last, np.float64) - np.asarray(vertex, np.float64)
    norms = float(np.linalg.norm(u) * np.linalg.norm(v))
    if not math.isfinite(norms) or norms <= 1e-12:
        return None
    cosine = float(np.dot(u, v)) / norms
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def joint_angles(points, scores, min_keypoint_score, valid=None):
    """
    Every joint's angle as {name: degrees or None}, in JOINTS order.

    ``points`` is (17, 2) pixels or (17, 3) metres in COCO order, ``scores`` the keypoint
    scores; ``valid`` optionally marks which points were measured (3D keypoints without
    depth). An angle is None unless its three keypoints score at least
    ``min_keypoint_score`` and are valid.
    """
    points = np.asarray(points, np.float64)
    scores = np.asarray(scores, np.float64)
    seen = scores >= min_keypoint_score
    seen &= np.all(np.isfinite(points), axis=1)
    if valid is not None:
        seen &= np.asarray(valid, bool)
    angles = {}
    for name, a, b, c in JOINTS:
        ids = (KEYPOINT_INDEX[a], KEYPOINT_INDEX[b], KEYPOINT_INDEX[c])
        angles[name] = (angle_degrees(*(points[i] for i in ids))
                        if all(seen[i] for i in ids) else None)
    return angles


def check_angle_name(name):
    """Return '' when ``name`` is a joint or a side-less joint, else the reason."""
    if name in JOINT_NAMES or name in BILATERAL_NAMES:
        return ''
    return f"angle '{name}' must be one of {', '.join(JOINT_NAMES + BILATERAL_NAMES)}"


def select_angle(angles, name):
    """
    Return the angle an exercise watches: one joint ('left_knee'), or a side-less name ('knee').

    A side-less name takes the mean of the valid sides, so a person seen from the side,
    whose far leg is hidden, still has a knee angle; None when no side is valid.
    """
    if name in angles:
        return angles[name]
    sides = [angles.get(f'{side}_{name}') for side in ('left', 'right')]
    sides = [value for value in sides if value is not None]
    return sum(sides) / len(sides) if sides else None
