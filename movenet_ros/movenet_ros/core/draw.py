# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Skeleton overlay for the annotated image."""

import cv2
import numpy as np

from .keypoints import SKELETON_EDGES

_EDGE_COLOR = (255, 255, 0)   # cyan in BGR, yellow in RGB: visible either way
_POINT_COLOR = (255, 0, 255)  # magenta in both orders
_BOX_COLOR = (0, 255, 0)


def draw_poses(image, poses, min_keypoint_score=0.2, draw_box=False, thickness=None):
    """
    Draw ``poses`` onto a copy of ``image`` (H, W, 3 uint8, any channel order).

    Keypoints below ``min_keypoint_score`` and bones touching them are left out; poses
    that were not detected draw nothing.
    """
    canvas = np.array(image, dtype=np.uint8, copy=True, order='C')
    if thickness is None:
        thickness = max(1, round(max(canvas.shape[:2]) / 320))
    for pose in poses:
        if pose.detected:
            _draw(canvas, pose, min_keypoint_score, draw_box, thickness)
    return canvas


def _draw(canvas, pose, min_keypoint_score, draw_box, thickness):
    points = pose.keypoints
    visible = points[:, 2] > min_keypoint_score
    for a, b in SKELETON_EDGES:
        if visible[a] and visible[b]:
            cv2.line(canvas, _pixel(points[a]), _pixel(points[b]), _EDGE_COLOR, thickness,
                     cv2.LINE_AA)
    for point, show in zip(points, visible):
        if show:
            cv2.circle(canvas, _pixel(point), thickness + 2, _POINT_COLOR, -1, cv2.LINE_AA)
    if draw_box and pose.bbox[2] > pose.bbox[0]:
        x0, y0, x1, y1 = pose.bbox
        cv2.rectangle(canvas, (int(x0), int(y0)), (int(x1), int(y1)), _BOX_COLOR, thickness)


def _pixel(point):
    return int(round(float(point[0]))), int(round(float(point[1])))
