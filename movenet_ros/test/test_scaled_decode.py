# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
JPEG decoded at the model's scale (core.image_io): which reduction, and what it gives.

The last test runs the real model on pose_1.mp4 scaled to 1080p: decoding at scale must
cost no accuracy against TF.js's reference keypoints.
"""

import types

import cv2
from movenet_ros.core.evaluation import load_reference
from movenet_ros.core.image_io import (frame_at_model_scale, frame_from_compressed,
                                       ImageError, reduction_for)
from movenet_ros.core.parameters import create_estimator, defaults
from movenet_ros.runtime.model_loading import load_runner
import numpy as np
import pytest


def _jpeg(width, height, quality=95):
    ramp = np.tile(np.linspace(0, 255, width, dtype=np.uint8)[np.newaxis, :, np.newaxis],
                   (height, 1, 3))
    return cv2.imencode('.jpg', ramp, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()


def test_the_largest_reduction_that_keeps_the_model_input():
    # The whole 1080p frame padded to a 1920-px square: 1920 / 8 = 240 >= 192.
    assert reduction_for(1920, 192) == 8
    # Thunder's 256 px: 1920 / 8 = 240 < 256, 1920 / 4 = 480.
    assert reduction_for(1920, 256) == 4
    # A tracked crop of 1000 px: 1000 / 4 = 250 >= 192, 1000 / 8 = 125 is not.
    assert reduction_for(1000, 192) == 4
    assert reduction_for(384, 192) == 2 and reduction_for(383, 192) == 1
    assert reduction_for(100, 192) == 1  # a crop smaller than the input: never reduced


def test_a_reduced_jpeg_keeps_the_source_size():
    frame = frame_from_compressed(_jpeg(1920, 1080), reduction=4)
    assert frame.pixels.shape == (270, 480, 3)
    assert (frame.width, frame.height, frame.reduction) == (1920, 1080, 4)
    # libjpeg rounds up: 1918 / 8 = 239.75 -> 240 columns, 1078 / 8 -> 135 rows.
    frame = frame_from_compressed(_jpeg(1918, 1078), reduction=8)
    assert frame.pixels.shape[:2] == (135, 240) and (frame.width, frame.height) == (1918, 1078)
    full = frame_from_compressed(_jpeg(64, 48))
    assert full.pixels.shape == (48, 64, 3) and full.reduction == 1


def test_png_is_decoded_whole_and_a_bad_reduction_is_refused():
    png = cv2.imencode('.png', np.zeros((48, 64, 3), np.uint8))[1].tobytes()
    frame = frame_from_compressed(png, reduction=4)
    assert frame.pixels.shape == (48, 64, 3) and frame.reduction == 1
    with pytest.raises(ValueError, match='reduction must be one of'):
        frame_from_compressed(_jpeg(64, 48), reduction=3)


def test_a_truncated_jpeg_is_refused_at_any_scale():
    data = _jpeg(640, 480)
    with pytest.raises(ImageError, match='could not be decoded'):
        frame_from_compressed(data[:len(data) // 2], reduction=2)


def test_the_estimator_decides_the_scale_from_its_next_crop():
    data = _jpeg(1920, 1080)
    wants = types.SimpleNamespace(crop_side=lambda w, h: 700.0, input_side=192)
    assert frame_at_model_scale(data, wants).reduction == 2  # 700 / 2 = 350, / 4 = 175
    wants.crop_side = lambda w, h: float(max(w, h))
    assert frame_at_model_scale(data, wants).reduction == 8
    wants.input_side = 256
    assert frame_at_model_scale(data, wants).reduction == 4
    with pytest.raises(ImageError, match='exceeds the pixel cap'):
        frame_at_model_scale(data, wants, max_pixels=1000)


@pytest.fixture(scope='module')
def pose_1_at_1080p(data_dir):
    capture = cv2.VideoCapture(str(data_dir / 'video' / 'pose_1.mp4'))
    jpegs = []
    while True:
        ok, bgr = capture.read()
        if not ok:
            break
        scaled = cv2.resize(bgr, (1920, 1080), interpolation=cv2.INTER_LINEAR)
        jpegs.append(cv2.imencode('.jpg', scaled, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes())
    capture.release()
    return jpegs


def test_decoding_at_scale_costs_no_accuracy_on_pose_1_at_1080p(pose_1_at_1080p, data_dir):
    # Both paths track through the whole video as the node does, one decoding every frame
    # whole, the other at the model's scale; each is compared with TF.js's reference
    # keypoints for pose_1.mp4, scaled to 1080p, per coordinate as upstream compares.
    values = dict(defaults(), model_type='lightning')
    runner = load_runner(values)
    full, scaled = create_estimator(runner, values), create_estimator(runner, values)
    whole, at_scale, reductions = [], [], set()
    for index, data in enumerate(pose_1_at_1080p):
        stamp = index / 30.0
        whole.append(full.estimate(frame_from_compressed(data), stamp)[0].keypoints[:, :2])
        frame = frame_at_model_scale(data, scaled)
        reductions.add(frame.reduction)
        at_scale.append(scaled.estimate(frame, stamp)[0].keypoints[:, :2])
    reference = load_reference(data_dir / 'reference' / 'pose_1_tfjs_lightning.json')
    reference = reference * [1920 / 576, 1080 / 576]
    error_whole = np.abs(np.array(whole) - reference).mean()
    error_at_scale = np.abs(np.array(at_scale) - reference).mean()
    assert max(reductions) > 1, reductions  # the test decodes reduced frames at all
    assert error_at_scale <= error_whole + 1.0, (error_at_scale, error_whole)
