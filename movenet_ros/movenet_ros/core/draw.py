# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Skeleton overlay for the annotated image, coloured as the MoveNet demos colour it.

Keypoints by side, as in TF.js pose-detection's demo: centre red, left green, right
orange. Bones of one side take that side's colour and bones across the body white; a
tracked person (MultiPose) has every bone in a colour of its own from the demo's palette
and the track id written above it. Colours are defined in RGB and written in the canvas's
own channel order, so an rgb8 topic, a bgr8 topic and the CLI's video look the same.
"""

import cv2
import numpy as np

from .keypoints import KEYPOINT_NAMES, SKELETON_EDGES

CENTRE_COLOR = (255, 0, 0)     # RGB red
LEFT_COLOR = (0, 255, 0)       # RGB green
RIGHT_COLOR = (255, 165, 0)    # RGB orange
ACROSS_COLOR = (255, 255, 255)  # bones joining left and right
BOX_COLOR = (0, 255, 255)      # RGB cyan

#: TF.js pose-detection demo's COLOR_PALETTE: one colour per track id.
TRACK_PALETTE = tuple(tuple(int(h[i:i + 2], 16) for i in (0, 2, 4)) for h in (
    'ffffff', '800000', '469990', 'e6194b', '42d4f4', 'fabed4', 'aaffc3', '9a6324',
    '000075', 'f58231', '4363d8', 'ffd8b1', 'dcbeff', '808000', 'ffe119', '911eb4',
    'bfef45', 'f032e6', '3cb44b', 'a9a9a9'))


def side(index):
    """'left', 'right' or 'centre' for a COCO keypoint index."""
    name = KEYPOINT_NAMES[index]
    if name.startswith('left'):
        return 'left'
    return 'right' if name.startswith('right') else 'centre'


_SIDE_COLOR = {'left': LEFT_COLOR, 'right': RIGHT_COLOR, 'centre': CENTRE_COLOR}


def keypoint_color(index):
    """RGB colour of a keypoint."""
    return _SIDE_COLOR[side(index)]


def bone_color(a, b, track_id=-1):
    """RGB colour of the bone a-b: the track's colour, else its side's, else white."""
    if track_id >= 0:
        return track_color(track_id)
    sides = {side(a), side(b)} - {'centre'}  # nose to eye: the eye's side
    return _SIDE_COLOR[sides.pop()] if len(sides) == 1 else ACROSS_COLOR


def track_color(track_id):
    """RGB colour of a track id."""
    return TRACK_PALETTE[track_id % len(TRACK_PALETTE)]


def draw_poses(image, poses, min_keypoint_score=0.2, draw_box=False, thickness=None,
               order='rgb'):
    """
    Draw ``poses`` onto a copy of ``image`` (H, W, 3 uint8 in channel ``order``).

    ``order`` is 'rgb' or 'bgr'. Keypoints below ``min_keypoint_score`` and bones touching
    them are left out; poses that were not detected draw nothing.
    """
    canvas = np.array(image, dtype=np.uint8, copy=True, order='C')
    if thickness is None:
        thickness = max(1, round(max(canvas.shape[:2]) / 320))
    paint = (lambda rgb: rgb) if order == 'rgb' else (lambda rgb: rgb[::-1])
    for pose in poses:
        if pose.detected:
            _draw(canvas, pose, min_keypoint_score, draw_box, thickness, paint)
    return canvas


def _draw(canvas, pose, min_keypoint_score, draw_box, thickness, paint):
    points = pose.keypoints
    visible = points[:, 2] > min_keypoint_score
    for a, b in SKELETON_EDGES:
        if visible[a] and visible[b]:
            cv2.line(canvas, _pixel(points[a]), _pixel(points[b]),
                     paint(bone_color(a, b, pose.track_id)), thickness, cv2.LINE_AA)
    for index, (point, show) in enumerate(zip(points, visible)):
        if show:
            cv2.circle(canvas, _pixel(point), thickness + 2, paint(keypoint_color(index)), -1,
                       cv2.LINE_AA)
    has_box = pose.bbox[2] > pose.bbox[0]
    if draw_box and has_box:
        x0, y0, x1, y1 = pose.bbox
        cv2.rectangle(canvas, (int(x0), int(y0)), (int(x1), int(y1)), paint(BOX_COLOR),
                      thickness)
    if pose.track_id >= 0 and (has_box or visible.any()):
        _label(canvas, f'id {pose.track_id}', pose, visible, thickness,
               paint(track_color(pose.track_id)))


def _label(canvas, text, pose, visible, thickness, color):
    """Write ``text`` above the person (box top, else the highest visible keypoint)."""
    if pose.bbox[2] > pose.bbox[0]:
        x, y = pose.bbox[0], pose.bbox[1]
    else:
        top = pose.keypoints[visible][np.argmin(pose.keypoints[visible][:, 1])]
        x, y = top[0], top[1]
    scale = 0.5 * thickness
    (width, height), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    x = int(min(max(0, x), max(0, canvas.shape[1] - width)))
    y = int(max(height + 2, y - 4))
    # A dark outline keeps light palette colours readable on any background.
    cv2.putText(canvas, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0),
                thickness + 2, cv2.LINE_AA)
    cv2.putText(canvas, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, color, thickness,
                cv2.LINE_AA)


def _pixel(point):
    return int(round(float(point[0]))), int(round(float(point[1])))
