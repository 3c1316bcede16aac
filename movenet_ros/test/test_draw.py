# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Annotated image colours, read back pixel by pixel.

Left, right and centre differ; a tracked person has its own bone colour and its id; and
the colours are the same whatever the channel order of the canvas.
"""

from movenet_ros.core.draw import (ACROSS_COLOR, CENTRE_COLOR, draw_poses, LEFT_COLOR,
                                   RIGHT_COLOR, TRACK_PALETTE)
from movenet_ros.core.keypoints import KEYPOINT_INDEX, Pose
import numpy as np

# A person facing the camera on a 200x200 canvas: (x, y) per keypoint, all confident.
LAYOUT = {
    'nose': (100, 30), 'left_eye': (110, 25), 'right_eye': (90, 25),
    'left_ear': (120, 30), 'right_ear': (80, 30),
    'left_shoulder': (130, 60), 'right_shoulder': (70, 60),
    'left_elbow': (150, 90), 'right_elbow': (50, 90),
    'left_wrist': (160, 120), 'right_wrist': (40, 120),
    'left_hip': (120, 120), 'right_hip': (80, 120),
    'left_knee': (125, 155), 'right_knee': (75, 155),
    'left_ankle': (128, 190), 'right_ankle': (72, 190),
}


def _pose(track_id=-1, bbox=(0.0, 0.0, 0.0, 0.0)):
    points = np.zeros((17, 3), np.float32)
    for name, (x, y) in LAYOUT.items():
        points[KEYPOINT_INDEX[name]] = (x, y, 0.9)
    return Pose(points, 0.9, True, 200, 200, bbox=bbox, track_id=track_id)


def _midpoint(a, b):
    (xa, ya), (xb, yb) = LAYOUT[a], LAYOUT[b]
    return (ya + yb) // 2, (xa + xb) // 2  # row, column


def _rgb(canvas, row, col, order='rgb'):
    pixel = tuple(int(v) for v in canvas[row, col])
    return pixel if order == 'rgb' else pixel[::-1]


def test_keypoints_left_right_and_centre_have_distinct_colours():
    canvas = draw_poses(np.zeros((200, 200, 3), np.uint8), [_pose()], thickness=2)
    assert len({LEFT_COLOR, RIGHT_COLOR, CENTRE_COLOR}) == 3
    assert _rgb(canvas, 30, 100) == CENTRE_COLOR == (255, 0, 0)  # nose
    assert _rgb(canvas, 120, 160) == LEFT_COLOR == (0, 255, 0)  # left wrist
    assert _rgb(canvas, 120, 40) == RIGHT_COLOR == (255, 165, 0)  # right wrist


def test_bones_take_their_side_and_across_the_body_white():
    canvas = draw_poses(np.zeros((200, 200, 3), np.uint8), [_pose()], thickness=3)
    assert _rgb(canvas, *_midpoint('left_knee', 'left_ankle')) == LEFT_COLOR
    assert _rgb(canvas, *_midpoint('right_knee', 'right_ankle')) == RIGHT_COLOR
    assert _rgb(canvas, *_midpoint('left_shoulder', 'right_shoulder')) == ACROSS_COLOR


def test_same_colours_in_bgr_and_rgb_canvases():
    pose = _pose(track_id=4, bbox=(35.0, 20.0, 165.0, 195.0))
    background = np.random.default_rng(1).integers(0, 256, (200, 200, 3), np.uint8)
    rgb = draw_poses(background, [pose], draw_box=True)
    bgr = draw_poses(background[..., ::-1], [pose], draw_box=True, order='bgr')
    # Drawing a BGR image and swapping its channels gives exactly the RGB drawing.
    np.testing.assert_array_equal(bgr[..., ::-1], rgb)
    assert _rgb(bgr, 120, 160, order='bgr') == LEFT_COLOR


def test_tracked_people_have_their_own_colour_and_id():
    first = _pose(track_id=1)
    second = _pose(track_id=2)
    second.keypoints[:, 0] += 0  # same place, drawn on separate canvases
    canvas_1 = draw_poses(np.zeros((200, 200, 3), np.uint8), [first], thickness=3)
    canvas_2 = draw_poses(np.zeros((200, 200, 3), np.uint8), [second], thickness=3)
    shin = _midpoint('left_knee', 'left_ankle')
    assert _rgb(canvas_1, *shin) == TRACK_PALETTE[1]
    assert _rgb(canvas_2, *shin) == TRACK_PALETTE[2]
    assert TRACK_PALETTE[1] != TRACK_PALETTE[2]
    # The keypoints keep their side colours.
    assert _rgb(canvas_1, 120, 160) == LEFT_COLOR
    # "id 1" is written above the head (highest keypoint at y=25) in the track's colour.
    label = canvas_1[:24]
    assert (label == TRACK_PALETTE[1]).all(axis=2).sum() > 10
    untracked = draw_poses(np.zeros((200, 200, 3), np.uint8), [_pose()], thickness=3)
    assert not untracked[:16].any()  # no id on an untracked pose


def test_poses_not_detected_draw_nothing():
    pose = _pose()
    pose.detected = False
    assert not draw_poses(np.zeros((200, 200, 3), np.uint8), [pose]).any()
