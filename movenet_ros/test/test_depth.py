# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""3D keypoints from depth: a plane at a known distance, holes, outliers, stamp pairing."""

from movenet_ros.core.depth import (depth_from_buffer, Intrinsics, keypoints_3d,
                                    StampPairer)
from movenet_ros.core.image_io import ImageError
import numpy as np
import pytest

K = Intrinsics(fx=500.0, fy=500.0, cx=320.0, cy=240.0, width=640, height=480)


def _keypoints(*pixels):
    return np.array([[x, y, 0.9] for x, y in pixels], np.float32)


def test_a_plane_at_two_metres_gives_hand_computed_points():
    depth = depth_from_buffer(np.full((480, 640), 2000, '<u2').tobytes(), '16UC1', 640, 480,
                              1280)
    points = keypoints_3d(_keypoints((420.0, 290.0), (320.0, 240.0), (70.0, 40.0)),
                          (640, 480), depth, K)
    # X = (u - cx) z / fx = (420 - 320) * 2 / 500 = 0.4; Y = (290 - 240) * 2 / 500 = 0.2.
    np.testing.assert_allclose(points[0], [0.4, 0.2, 2.0, 1.0], atol=0.01)
    np.testing.assert_allclose(points[1], [0.0, 0.0, 2.0, 1.0], atol=0.01)
    np.testing.assert_allclose(points[2], [-1.0, -0.8, 2.0, 1.0], atol=0.01)


def test_metres_in_float_and_big_endian():
    plane = np.full((480, 640), 1.5, '>f4')
    depth = depth_from_buffer(plane.tobytes(), '32FC1', 640, 480, 2560, is_bigendian=True)
    (point,) = keypoints_3d(_keypoints((320.0, 240.0)), (640, 480), depth, K)
    np.testing.assert_allclose(point, [0.0, 0.0, 1.5, 1.0], atol=1e-6)


def test_missing_depth_gives_nan_and_clears_the_flag():
    raw = np.full((480, 640), 2000, '<u2')
    raw[200:280, 300:340] = 0  # a hole around the centre
    depth = depth_from_buffer(raw.tobytes(), '16UC1', 640, 480, 1280)
    hole, outside, fine = keypoints_3d(
        _keypoints((320.0, 240.0), (700.0, 240.0), (100.0, 100.0)), (640, 480), depth, K)
    assert np.isnan(hole[:3]).all() and hole[3] == 0.0
    assert np.isnan(outside[:3]).all() and outside[3] == 0.0
    assert fine[3] == 1.0 and fine[2] == pytest.approx(2.0)


def test_the_median_ignores_a_few_outliers_and_scales_to_the_depth_size():
    raw = np.full((240, 320), 3000, '<u2')
    raw[120, 160] = 500   # one wild pixel under the keypoint
    depth = depth_from_buffer(raw.tobytes(), '16UC1', 320, 240, 640)
    half = Intrinsics(250.0, 250.0, 160.0, 120.0, 320, 240)
    # Colour 640x480, depth 320x240: pixel (320, 240) maps to (160, 120).
    (point,) = keypoints_3d(_keypoints((320.0, 240.0)), (640, 480), depth, half, window=5)
    np.testing.assert_allclose(point, [0.0, 0.0, 3.0, 1.0], atol=0.01)


def test_bad_depth_buffers_are_refused():
    with pytest.raises(ImageError, match='not 16UC1 or 32FC1'):
        depth_from_buffer(b'\0' * 100, 'rgb8', 10, 10, 10)
    with pytest.raises(ImageError, match='expected 200'):
        depth_from_buffer(b'\0' * 100, '16UC1', 10, 10, 20)
    with pytest.raises(ImageError, match='no focal length'):
        Intrinsics.from_k([0.0] * 9, 640, 480)


def test_unsynchronised_depth_is_not_paired():
    pairer = StampPairer(slop=0.05)
    assert pairer.match(1.0) is None
    pairer.add(1.00, 'a')
    pairer.add(1.10, 'b')
    assert pairer.match(1.02) == 'a'
    assert pairer.match(1.07) == 'b'
    assert pairer.match(1.20) is None    # 0.1 s from the nearest depth
    assert pairer.match(0.90) is None


def test_pairing_follows_a_bag_that_loops_back_in_time():
    pairer = StampPairer(slop=0.05, capacity=3)
    for stamp in (100.0, 100.1, 100.2):
        pairer.add(stamp, f'first pass {stamp}')
    pairer.add(0.0, 'second pass 0.0')
    assert pairer.match(0.01) == 'second pass 0.0'


def test_camera_info_of_another_resolution_is_scaled_to_the_depth_image():
    # Depth 320x240 but camera info for 640x480: fx 500 -> 250, cx 320 -> 160.
    depth = depth_from_buffer(np.full((240, 320), 2000, '<u2').tobytes(), '16UC1', 320, 240,
                              640)
    (point,) = keypoints_3d(_keypoints((420.0, 290.0)), (640, 480), depth, K)
    # u = 420 / 2 = 210: x = (210 - 160) * 2 / 250 = 0.4; y = (145 - 120) * 2 / 250 = 0.2.
    np.testing.assert_allclose(point, [0.4, 0.2, 2.0, 1.0], atol=0.01)


def test_pairing_waits_for_depth_that_arrives_after_its_colour_image():
    import threading
    pairer = StampPairer(slop=0.05)
    pairer.add(0.967, 'previous depth')  # one frame earlier, inside the slop
    later = threading.Timer(0.02, pairer.add, args=(1.0, 'matching depth'))
    later.start()
    assert pairer.match(1.0, wait=0.5) == 'matching depth'
    # Without waiting, the previous frame is the best there is.
    only_previous = StampPairer(slop=0.05)
    only_previous.add(0.967, 'previous depth')
    assert only_previous.match(1.0) == 'previous depth'
    # Waiting ends as soon as a depth frame at or after the colour stamp is there.
    assert only_previous.match(0.95, wait=5.0) == 'previous depth'


def test_a_stopped_depth_stream_is_not_waited_for():
    import time
    pairer = StampPairer(slop=0.05)
    pairer.add(0.5, 'old depth')
    pairer.LIVE = 0.0  # the stream counts as stopped at once
    start = time.monotonic()
    assert pairer.match(1.0, wait=5.0) is None
    assert time.monotonic() - start < 4.0  # returned at once rather than after 5 s


def test_cancel_ends_a_wait_for_depth_at_once():
    import threading
    pairer = StampPairer(slop=0.05)
    pairer.add(0.967, 'previous depth')  # live stream, older than the colour stamp
    result = []
    waiting = threading.Thread(target=lambda: result.append(pairer.match(1.0, wait=60.0)))
    waiting.start()
    pairer.cancel()  # deactivate: the worker must not wait out the minute
    waiting.join(30.0)
    assert not waiting.is_alive() and result == ['previous depth']
    assert pairer.match(1.0, wait=60.0) == 'previous depth'  # later waits end at once too
