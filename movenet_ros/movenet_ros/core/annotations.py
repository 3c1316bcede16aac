# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The skeleton as vector annotations over the camera image, for Foxglove's Image panel.

The same picture as the annotated image (core/draw.py): keypoints coloured by side, bones
by side or by track, the track id above a tracked person; but as points, line segments and
a label in image pixels, a few hundred bytes instead of a rendered frame. The ROS layer
turns these into foxglove_msgs/ImageAnnotations.
"""

from dataclasses import dataclass

import numpy as np

from .draw import bone_color, keypoint_color, track_color
from .keypoints import SKELETON_EDGES


@dataclass(frozen=True)
class Shape:
    """Points in image pixels: 'points' (one dot each) or 'line_list' (pairs)."""

    kind: str
    points: tuple
    #: One RGBA colour (components 0..1) per point.
    colors: tuple
    thickness: float


@dataclass(frozen=True)
class Label:
    """Text at a position in image pixels (its bottom-left corner)."""

    position: tuple
    text: str
    color: tuple
    font_size: float


def _rgba(rgb):
    return tuple(c / 255.0 for c in rgb) + (1.0,)


def pose_annotations(poses, min_keypoint_score, image_size):
    """
    Return (shapes, labels) drawing ``poses`` as the annotated image draws them.

    Keypoints at or below ``min_keypoint_score`` and bones touching them are left out,
    and poses that were not detected give nothing. ``image_size`` (width, height) sets
    the line thickness as the annotated image does.
    """
    thickness = float(max(1, round(max(image_size) / 320)))
    shapes, labels = [], []
    for pose in poses:
        if not pose.detected:
            continue
        points = pose.keypoints
        visible = points[:, 2] > min_keypoint_score
        ends, colors = [], []
        for a, b in SKELETON_EDGES:
            if visible[a] and visible[b]:
                color = _rgba(bone_color(a, b, pose.track_id))
                ends += [_xy(points[a]), _xy(points[b])]
                colors += [color, color]
        if ends:
            shapes.append(Shape('line_list', tuple(ends), tuple(colors), thickness))
        shown = np.flatnonzero(visible)
        if len(shown):
            shapes.append(Shape('points', tuple(_xy(points[i]) for i in shown),
                                tuple(_rgba(keypoint_color(i)) for i in shown),
                                thickness + 2.0))
        if pose.track_id >= 0 and len(shown):
            top = points[shown][np.argmin(points[shown][:, 1])]
            labels.append(Label((float(top[0]), max(0.0, float(top[1]) - 4.0 * thickness)),
                                f'id {pose.track_id}', _rgba(track_color(pose.track_id)),
                                12.0 * thickness))
    return shapes, labels


def _xy(point):
    return float(point[0]), float(point[1])
