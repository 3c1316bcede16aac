# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
640x480 frames with 1, 3 and 6 people, composed from the real photos of the data folder.

No footage at hand has that many people at that size, so the bench and the accuracy
report play these still frames as a 30 fps stream: people whose poses, sizes and
backgrounds are real, at known counts.
"""

import cv2
import numpy as np

WIDTH, HEIGHT = 640, 480
#: The grey of the areas no photo covers.
GREY = 128


def _scaled_to_height(pixels, height):
    width = round(pixels.shape[1] * height / pixels.shape[0])
    return cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA)


def one_person(data_dir):
    """squat.bmp scaled to 480 rows, centred on grey."""
    squat = _scaled_to_height(cv2.imread(str(data_dir / 'images' / 'squat.bmp')), HEIGHT)
    frame = np.full((HEIGHT, WIDTH, 3), GREY, np.uint8)
    left = (WIDTH - squat.shape[1]) // 2
    frame[:, left:left + squat.shape[1]] = squat
    return frame


def three_people(data_dir):
    """
    The squatting man beside the two walkers in snow.

    The left 240 columns are squat.bmp scaled to 480 rows, cut around him; the right 400
    are columns 240-639 of two_people.bmp.
    """
    squat = _scaled_to_height(cv2.imread(str(data_dir / 'images' / 'squat.bmp')), HEIGHT)
    two = cv2.imread(str(data_dir / 'images' / 'two_people.bmp'))
    return np.ascontiguousarray(np.concatenate((squat[:, 67:307], two[:, 240:640]), 1))


def six_people(data_dir):
    """Two half-size three-people frames side by side, the second mirrored, over grey."""
    half = cv2.resize(three_people(data_dir), (WIDTH // 2, HEIGHT // 2),
                      interpolation=cv2.INTER_AREA)
    frame = np.full((HEIGHT, WIDTH, 3), GREY, np.uint8)
    top = HEIGHT // 4
    frame[top:top + HEIGHT // 2] = np.concatenate((half, half[:, ::-1]), 1)
    return frame


#: People in view -> the frame that shows them.
SCENES = {1: one_person, 3: three_people, 6: six_people}
