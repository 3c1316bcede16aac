# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""core/frame_path: one frame from a received image to the poses to publish."""

import cv2
from movenet_ros.core.estimator import PoseEstimator
from movenet_ros.core.frame_path import Encoded, FramePath, RawBuffer
from movenet_ros.core.image_io import MAX_PIXELS


def _jpeg(read_image, size):
    pixels = cv2.resize(read_image('squat.bmp').pixels, size, interpolation=cv2.INTER_LINEAR)
    return Encoded(cv2.imencode('.jpg', pixels)[1].tobytes())


def test_live_values_are_read_for_every_frame(runner, read_image):
    # A node's parameter change replaces its mapping of values: the frame path must see
    # the new one, not the one it was made with.
    live = {'values': {'jpeg_scaled_decode': True, 'max_pixels': MAX_PIXELS}}
    path = FramePath(PoseEstimator(runner), lambda: live['values'])
    image = _jpeg(read_image, (1920, 1080))
    assert path.process(image, 10**9).frame.reduction > 1
    live['values'] = {'jpeg_scaled_decode': False, 'max_pixels': MAX_PIXELS}
    assert path.process(image, 2 * 10**9).frame.reduction == 1


def test_the_whole_image_is_decoded_when_asked_and_a_raw_buffer_as_it_is(runner, read_image):
    path = FramePath(PoseEstimator(runner), {'jpeg_scaled_decode': True})
    result = path.process(_jpeg(read_image, (1920, 1080)), 10**9, whole=True)
    assert result.frame.reduction == 1 and (result.frame.width, result.frame.height) == (
        1920, 1080)
    pixels = read_image('squat.bmp').pixels
    raw = RawBuffer(pixels.tobytes(), 'bgr8', pixels.shape[1], pixels.shape[0],
                    pixels.shape[1] * 3)
    result = path.process(raw, 2 * 10**9)
    assert (result.frame.width, result.frame.height) == (pixels.shape[1], pixels.shape[0])
    assert result.main is result.poses[0] and result.detected == [result.main]


def test_an_unstamped_image_is_timed_by_its_fallback(runner, read_image):
    path = FramePath(PoseEstimator(runner), {})
    pixels = read_image('squat.bmp')
    stamped = path.process(pixels, 5 * 10**9, fallback_ns=7)
    assert (stamped.stamp_ns, stamped.stamped) == (5 * 10**9, True)
    unstamped = path.process(pixels, 0, fallback_ns=6 * 10**9)
    assert (unstamped.stamp_ns, unstamped.stamped, unstamped.stamp) == (6 * 10**9, False, 6.0)
