# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Unit tests of core.crop: initial crop, torso check, next crop and the crop itself."""

import cv2
from movenet_ros.core.crop import (
    crop_and_resize, CropRegion, init_crop_region, next_crop_region, torso_visible)
from movenet_ros.core.keypoints import KEYPOINT_INDEX
import numpy as np
import pytest

L_SHOULDER = KEYPOINT_INDEX['left_shoulder']
R_SHOULDER = KEYPOINT_INDEX['right_shoulder']
L_HIP = KEYPOINT_INDEX['left_hip']
R_HIP = KEYPOINT_INDEX['right_hip']
L_WRIST = KEYPOINT_INDEX['left_wrist']
NOSE = KEYPOINT_INDEX['nose']

# Non-square on purpose, so that a swapped axis shows.
WIDTH, HEIGHT = 640, 480


def box(region):
    return (region.y_min, region.x_min, region.y_max, region.x_max)


def assert_box(region, expected):
    assert box(region) == pytest.approx(expected, abs=1e-9)


def scores_with(**named):
    scores = np.zeros(17)
    for name, score in named.items():
        scores[KEYPOINT_INDEX[name]] = score
    return scores


def keypoints_px(points, width=WIDTH, height=HEIGHT, rest_score=0.1):
    """
    (17, 3) of normalized (y, x, score) from {index: (y_px, x_px, score)}.

    Keypoints not given sit at the image corner (0, 0) with ``rest_score``: far enough from
    the hips that counting them by mistake would change every expected crop below.
    """
    keypoints = np.zeros((17, 3))
    keypoints[:, 2] = rest_score
    for index, (y, x, score) in points.items():
        keypoints[index] = (y / height, x / width, score)
    return keypoints


# Torso used by the next_crop_region tests, in pixels of a 640x480 image:
# hips at (y=300, x=300) and (300, 340) -> centre (300, 320);
# shoulders at (200, 290) and (200, 350) -> |dy| = 100, |dx| = 30; hips |dx| = 20.
# Torso range = max(100, 30, 20) = 100, times 1.9 = 190.
TORSO = {
    L_HIP: (300.0, 300.0, 0.9),
    R_HIP: (300.0, 340.0, 0.9),
    L_SHOULDER: (200.0, 290.0, 0.9),
    R_SHOULDER: (200.0, 350.0, 0.9),
}


# --- init_crop_region -------------------------------------------------------------------

def test_init_crop_landscape_is_padded_full_frame():
    # 640x480: square side 640 px = 640/480 = 4/3 of the height, centred:
    # y_min = (1 - 4/3) / 2 = -1/6, y_max = 7/6; x spans the width 0..1.
    assert_box(init_crop_region(640, 480), (-1 / 6, 0.0, 7 / 6, 1.0))


def test_init_crop_portrait_is_padded_full_frame():
    # 480x640: side 640 px = 4/3 of the width -> x = -1/6..7/6, y = 0..1.
    assert_box(init_crop_region(480, 640), (0.0, -1 / 6, 1.0, 7 / 6))


def test_init_crop_square_is_whole_image():
    assert_box(init_crop_region(300, 300), (0.0, 0.0, 1.0, 1.0))


def test_init_crop_is_square_in_pixels():
    # 1280x720: padded side = 1280 px; height 1280/720 = 16/9, width 1.
    region = init_crop_region(1280, 720)
    assert region.height * 720 == pytest.approx(1280)
    assert region.width * 1280 == pytest.approx(1280)


# --- torso_visible ----------------------------------------------------------------------

def test_torso_visible_with_confident_hip_and_shoulder():
    assert torso_visible(scores_with(left_hip=0.9, right_shoulder=0.9))
    assert torso_visible(scores_with(right_hip=0.21, left_shoulder=0.21))


def test_torso_not_visible_without_shoulders_or_hips():
    assert not torso_visible(scores_with(left_hip=0.9, right_hip=0.9))
    assert not torso_visible(scores_with(left_shoulder=0.9, right_shoulder=0.9))
    # Confident arms and face do not make a torso.
    assert not torso_visible(scores_with(nose=0.9, left_wrist=0.9, right_elbow=0.9,
                                         left_hip=0.1, left_shoulder=0.1))


def test_torso_visible_threshold_is_strict():
    # Exactly 0.2 is not above MIN_CROP_KEYPOINT_SCORE (strict >).
    assert not torso_visible(scores_with(left_hip=0.2, left_shoulder=0.9))
    assert not torso_visible(scores_with(left_hip=0.9, right_shoulder=0.2))
    assert torso_visible(scores_with(left_hip=0.2001, left_shoulder=0.2001))


def test_torso_visible_custom_threshold():
    scores = scores_with(left_hip=0.4, left_shoulder=0.4)
    assert torso_visible(scores, min_score=0.3)
    assert not torso_visible(scores, min_score=0.4)


# --- next_crop_region -------------------------------------------------------------------

def test_next_crop_torso_range_wins():
    # Nose at (150, 320): |dy| = 150 -> body range 150 * 1.2 = 180 < torso 190.
    # Cap: max(320, 640 - 320, 300, 480 - 300) = 320, not reached; 190 <= 640 / 2.
    # Box: y (300 -+ 190) / 480, x (320 -+ 190) / 640.
    keypoints = keypoints_px({**TORSO, NOSE: (150.0, 320.0, 0.8)})
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT),
               (110 / 480, 130 / 640, 490 / 480, 510 / 640))


def test_next_crop_body_range_wins_for_raised_wrist():
    # Left wrist raised to (100, 330): |dy| = 200 -> body 200 * 1.2 = 240 > torso 190.
    # Half side 240: y (300 -+ 240) / 480 = 60/480..540/480, x (320 -+ 240) / 640.
    keypoints = keypoints_px({**TORSO, L_WRIST: (100.0, 330.0, 0.7)})
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT),
               (60 / 480, 80 / 640, 540 / 480, 560 / 640))


def test_next_crop_body_range_along_x():
    # Wrist far to the side at (300, 520): |dx| = 200 -> 240 as above, now from x.
    keypoints = keypoints_px({**TORSO, L_WRIST: (300.0, 520.0, 0.7)})
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT),
               (60 / 480, 80 / 640, 540 / 480, 560 / 640))


def test_next_crop_keypoint_with_score_exactly_threshold_counts_in_body_range():
    # Same raised wrist with score exactly 0.2: counted (>=), so half side 240 again.
    keypoints = keypoints_px({**TORSO, L_WRIST: (100.0, 330.0, 0.2)})
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT),
               (60 / 480, 80 / 640, 540 / 480, 560 / 640))


def test_next_crop_keypoint_below_threshold_is_ignored():
    # Wrist score 0.19: ignored, the torso's 190 decides (see test_next_crop_torso_range_wins).
    keypoints = keypoints_px({**TORSO, L_WRIST: (100.0, 330.0, 0.19)})
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT),
               (110 / 480, 130 / 640, 490 / 480, 510 / 640))


def test_next_crop_torso_range_ignores_torso_scores():
    # The right shoulder has score 0.05 but still defines the torso range (as in MoveNet;
    # the torso is visible through the left shoulder). At (150, 350): |dy| = 150 -> 285
    # (if its score were honoured, the left shoulder's 100 would give 190).
    # Cap max(320, 320, 300, 180) = 320 not reached; 285 <= 320.
    # Box: y (300 -+ 285) / 480, x (320 -+ 285) / 640.
    torso = dict(TORSO)
    torso[R_SHOULDER] = (150.0, 350.0, 0.05)
    keypoints = keypoints_px(torso)
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT),
               (15 / 480, 35 / 640, 585 / 480, 605 / 640))


def test_next_crop_without_torso_is_padded_full_frame():
    # Hips confident, shoulders at 0.2 (not > 0.2): padded full frame, as init_crop_region.
    torso = dict(TORSO)
    torso[L_SHOULDER] = (200.0, 290.0, 0.2)
    torso[R_SHOULDER] = (200.0, 350.0, 0.2)
    keypoints = keypoints_px(torso)
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT), (-1 / 6, 0.0, 7 / 6, 1.0))


def test_next_crop_larger_than_image_falls_back_to_full_frame():
    # Hips at (440, 580) and (440, 620) -> centre (440, 600), near the bottom-right corner.
    # Shoulders at y = 240: torso |dy| = 200 -> 380. Cap max(600, 40, 440, 40) = 600 keeps 380,
    # which is > 640 / 2 = 320: the crop would exceed the image -> padded full frame.
    keypoints = keypoints_px({
        L_HIP: (440.0, 580.0, 0.9), R_HIP: (440.0, 620.0, 0.9),
        L_SHOULDER: (240.0, 580.0, 0.9), R_SHOULDER: (240.0, 620.0, 0.9),
    })
    assert_box(next_crop_region(keypoints, WIDTH, HEIGHT), (-1 / 6, 0.0, 7 / 6, 1.0))


def test_next_crop_is_capped_at_farthest_edge():
    # 400x400, hips centred at (200, 200); shoulders at y = 50: torso |dy| = 150 -> 285.
    # Cap max(200, 200, 200, 200) = 200 -> half 200, not > 400 / 2 -> exactly the image.
    keypoints = keypoints_px({
        L_HIP: (200.0, 180.0, 0.9), R_HIP: (200.0, 220.0, 0.9),
        L_SHOULDER: (50.0, 180.0, 0.9), R_SHOULDER: (50.0, 220.0, 0.9),
    }, width=400, height=400)
    assert_box(next_crop_region(keypoints, 400, 400), (0.0, 0.0, 1.0, 1.0))


def test_next_crop_portrait_is_square_in_pixels():
    # 480x640 portrait; hips (400, 220) and (400, 260) -> centre (400, 240);
    # shoulders at y = 300: torso |dy| = 100 -> half 190 px.
    # Box: y (400 -+ 190) / 640 = 210/640..590/640, x (240 -+ 190) / 480 = 50/480..430/480.
    keypoints = keypoints_px({
        L_HIP: (400.0, 220.0, 0.9), R_HIP: (400.0, 260.0, 0.9),
        L_SHOULDER: (300.0, 220.0, 0.9), R_SHOULDER: (300.0, 260.0, 0.9),
    }, width=480, height=640)
    assert_box(next_crop_region(keypoints, 480, 640),
               (210 / 640, 50 / 480, 590 / 640, 430 / 480))


# --- CropRegion -------------------------------------------------------------------------

def test_crop_region_to_image_maps_centre_and_corners():
    region = CropRegion(0.1, 0.2, 0.5, 0.8)
    # Centre: y 0.1 + 0.5 * 0.4 = 0.3, x 0.2 + 0.5 * 0.6 = 0.5; corners are the box's.
    points = np.array([[0.5, 0.5], [0.0, 0.0], [1.0, 1.0]])
    result = region.to_image(points)
    assert result is points  # in place
    np.testing.assert_allclose(result, [[0.3, 0.5], [0.1, 0.2], [0.5, 0.8]], atol=1e-12)


def test_crop_region_size():
    region = CropRegion(-0.25, 0.125, 1.25, 0.625)
    assert region.height == 1.5
    assert region.width == 0.5


# --- crop_and_resize --------------------------------------------------------------------

def gradient(height, width):
    """uint8 image with pixel (y, x, c) = 10 y + x + 50 c."""
    y, x, c = np.mgrid[0:height, 0:width, 0:3]
    return (10 * y + x + 50 * c).astype(np.uint8)


def test_crop_full_region_same_size_reproduces_image():
    image = gradient(5, 5)
    out = np.full((5, 5, 3), 255, np.uint8)
    result = crop_and_resize(image, CropRegion(0.0, 0.0, 1.0, 1.0), out)
    assert result is out
    np.testing.assert_array_equal(out, image)


def test_crop_region_partly_outside_is_zero_there():
    # x from -0.5 to 0.5 of a 5-wide image into 5 columns: source column
    # -0.5 * 4 + j * (1.0 * 4 / 4) = j - 2 -> columns -2, -1 (outside: 0), then 0, 1, 2.
    image = gradient(5, 5)
    out = np.full((5, 5, 3), 255, np.uint8)
    crop_and_resize(image, CropRegion(0.0, -0.5, 1.0, 0.5), out)
    np.testing.assert_array_equal(out[:, :2], 0)
    np.testing.assert_array_equal(out[:, 2:], image[:, 0:3])


def test_crop_region_outside_at_bottom_is_zero():
    # y from 0.5 to 1.5 of a 5-high image into 5 rows: source row 2 + i -> rows 2, 3, 4, 5, 6.
    image = gradient(5, 5)
    out = np.full((5, 5, 3), 255, np.uint8)
    crop_and_resize(image, CropRegion(0.5, 0.0, 1.5, 1.0), out)
    np.testing.assert_array_equal(out[:3], image[2:5])
    np.testing.assert_array_equal(out[3:], 0)


def test_crop_half_region_samples_exact_pixels():
    # x 0..0.5 of width 9 into width 5: column j reads 0 + j * 0.5 * 8 / 4 = j -> 0, 1, 2, 3, 4.
    image = gradient(5, 9)
    out = np.zeros((5, 5, 3), np.uint8)
    crop_and_resize(image, CropRegion(0.0, 0.0, 1.0, 0.5), out)
    np.testing.assert_array_equal(out, image[:, 0:5])


def test_crop_offset_region_samples_exact_pixels():
    # x 0.5..1 of width 9 into width 5: column j reads 0.5 * 8 + j = 4 + j -> 4..8;
    # y 0.25..0.75 of height 5 into 3 rows: row i reads 0.25 * 4 + i * 0.5 * 4 / 2 = 1 + i.
    image = gradient(5, 9)
    out = np.zeros((3, 5, 3), np.uint8)
    crop_and_resize(image, CropRegion(0.25, 0.5, 0.75, 1.0), out)
    np.testing.assert_array_equal(out, image[1:4, 4:9])


def test_crop_upsampling_interpolates_bilinearly():
    # Image 5x5 with pixel (y, x, c) = 20 y + 2 x + 80 c, full region into 9x9: output (i, j)
    # reads source (i / 2, j / 2), where the bilinear value is 10 i + j + 80 c exactly.
    y, x, c = np.mgrid[0:5, 0:5, 0:3]
    image = (20 * y + 2 * x + 80 * c).astype(np.uint8)
    out = np.zeros((9, 9, 3), np.uint8)
    crop_and_resize(image, CropRegion(0.0, 0.0, 1.0, 1.0), out)
    i, j, c = np.mgrid[0:9, 0:9, 0:3]
    np.testing.assert_array_equal(out, 10 * i + j + 80 * c)


def test_a_reduced_image_is_sampled_at_the_same_source_points():
    # A horizontal ramp: pixel value = column. Decoded at 1/4 (libjpeg's DCT scaling is a
    # box filter), decoded column j holds the mean of source columns 4j..4j+3 = 4j + 1.5,
    # the source value at x = 4j + 1.5. Cropping the reduced image with reduction=4 must
    # read the same values as cropping the full one; a grid off by the half-pixel shift
    # would read values 1.5 too high.
    ramp = np.tile(np.arange(256, dtype=np.float32)[np.newaxis, :, np.newaxis], (64, 1, 3))
    reduced = cv2.resize(ramp, (64, 16), interpolation=cv2.INTER_AREA)
    assert reduced[0, :3, 0].tolist() == [1.5, 5.5, 9.5]
    region = CropRegion(0.25, 0.25, 0.75, 0.75)
    full_out = np.zeros((16, 16, 3), np.float32)
    reduced_out = np.zeros((16, 16, 3), np.float32)
    crop_and_resize(ramp, region, full_out)
    crop_and_resize(reduced, region, reduced_out, reduction=4, source_size=(256, 64))
    np.testing.assert_allclose(reduced_out, full_out, atol=1e-3)
    # Column 0 reads source x = 0.25 * 255 = 63.75; the last, 0.75 * 255 = 191.25.
    assert full_out[0, 0, 0] == pytest.approx(63.75)
    assert full_out[0, -1, 0] == pytest.approx(191.25)
