# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Unit tests of core.image_io: raw sensor_msgs/Image-like buffers to frames."""

import re

from movenet_ros.core.image_io import (
    Frame, frame_from_array, frame_from_buffer, ImageError, pixels_from_buffer)
import numpy as np
import pytest

# A 2x3 (height x width) colour image, three distinct bytes per pixel.
RGB = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 9]],
                [[11, 12, 13], [14, 15, 16], [17, 18, 19]]], np.uint8)


def test_rgb8():
    frame = frame_from_buffer(RGB.tobytes(), 'rgb8', 3, 2, 9)
    assert frame.order == 'rgb'
    assert (frame.width, frame.height) == (3, 2)
    assert frame.pixels.dtype == np.uint8
    np.testing.assert_array_equal(frame.pixels, RGB)
    np.testing.assert_array_equal(frame.rgb(), RGB)


def test_bgr8_keeps_pixels_and_reports_order():
    # Bytes stored B, G, R: the frame keeps them as they are and says 'bgr'.
    frame = frame_from_buffer(RGB.tobytes(), 'bgr8', 3, 2, 9)
    assert frame.order == 'bgr'
    np.testing.assert_array_equal(frame.pixels, RGB)
    # rgb() swaps: the pixel stored (1, 2, 3) as B, G, R is R, G, B = (3, 2, 1).
    rgb = frame.rgb()
    assert rgb[0, 0].tolist() == [3, 2, 1]
    assert rgb[1, 2].tolist() == [19, 18, 17]


def test_frame_rgb_of_bgr_frame_swaps_channels():
    pixels = np.array([[[10, 20, 30]]], np.uint8)
    assert Frame(pixels, 'bgr').rgb().tolist() == [[[30, 20, 10]]]
    assert Frame(pixels, 'rgb').rgb().tolist() == [[[10, 20, 30]]]


def test_mono8_becomes_three_equal_channels():
    grey = bytes([0, 50, 255, 7, 8, 9])
    frame = frame_from_buffer(grey, 'mono8', 3, 2, 3)
    assert frame.pixels.shape == (2, 3, 3)
    assert frame.order == 'rgb'
    for c in range(3):
        assert frame.pixels[..., c].tolist() == [[0, 50, 255], [7, 8, 9]]


def test_rgba8_drops_alpha():
    rgba = np.array([[[1, 2, 3, 200], [4, 5, 6, 201]]], np.uint8)
    frame = frame_from_buffer(rgba.tobytes(), 'rgba8', 2, 1, 8)
    assert frame.order == 'rgb'
    assert frame.pixels.tolist() == [[[1, 2, 3], [4, 5, 6]]]


def test_bgra8_drops_alpha_and_keeps_bgr_order():
    bgra = np.array([[[1, 2, 3, 200], [4, 5, 6, 201]]], np.uint8)
    frame = frame_from_buffer(bgra.tobytes(), 'bgra8', 2, 1, 8)
    assert frame.order == 'bgr'
    assert frame.pixels.tolist() == [[[1, 2, 3], [4, 5, 6]]]
    assert frame.rgb().tolist() == [[[3, 2, 1], [6, 5, 4]]]


def test_mono16_little_endian_keeps_high_byte():
    # 0x1234 little-endian is bytes 34 12; 0xff00 is 00 ff. High bytes: 0x12, 0xff.
    data = bytes([0x34, 0x12, 0x00, 0xff])
    frame = frame_from_buffer(data, 'mono16', 2, 1, 4, is_bigendian=False)
    assert frame.pixels.dtype == np.uint8
    assert frame.pixels.tolist() == [[[0x12] * 3, [0xff] * 3]]


def test_mono16_big_endian_keeps_high_byte():
    # 0x8234 big-endian is bytes 82 34; 0x00ff is 00 ff. All 16 bits used: high bytes.
    data = bytes([0x82, 0x34, 0x00, 0xff])
    frame = frame_from_buffer(data, 'mono16', 2, 1, 4, is_bigendian=True)
    assert frame.pixels.tolist() == [[[0x82] * 3, [0x00] * 3]]
    # The same bytes read as little-endian are 0x3482 and 0xff00.
    frame = frame_from_buffer(data, 'mono16', 2, 1, 4, is_bigendian=False)
    assert frame.pixels.tolist() == [[[0x34] * 3, [0xff] * 3]]


@pytest.mark.parametrize('bits', [10, 12])
def test_mono16_from_a_10_or_12_bit_camera_keeps_its_top_eight_bits(bits):
    # Values 0, mid and full scale of a `bits`-bit sensor, little-endian.
    full = (1 << bits) - 1
    values = np.array([[0, full // 2, full]], '<u2')
    frame = frame_from_buffer(values.tobytes(), 'mono16', 3, 1, 6)
    # Shifted by bits - 8: full scale is 255, half scale 127, not 3 or 15 (>> 8).
    assert frame.pixels[..., 0].tolist() == [[0, 127, 255]]


def test_mono16_dark_frame_is_not_amplified_below_eight_bits():
    frame = frame_from_buffer(np.array([[3, 200]], '<u2').tobytes(), 'mono16', 2, 1, 4)
    assert frame.pixels[..., 0].tolist() == [[3, 200]]


def test_mono16_pixels_from_buffer_values():
    data = bytes([0x34, 0x12, 0xcd, 0xab])
    pixels = pixels_from_buffer(data, '16UC1', 2, 1, 4)
    assert pixels.shape == (1, 2, 1)
    assert pixels[..., 0].tolist() == [[0x1234, 0xabcd]]


def test_row_padding_is_ignored():
    # Width 3 rgb8 = 9 bytes per row, step 12: three padding bytes (0xee) after each row.
    padded = np.full((2, 12), 0xee, np.uint8)
    padded[:, :9] = RGB.reshape(2, 9)
    frame = frame_from_buffer(padded.tobytes(), 'rgb8', 3, 2, 12)
    np.testing.assert_array_equal(frame.pixels, RGB)
    assert not (frame.pixels == 0xee).any()


def test_row_padding_mono16():
    # Width 1 mono16 = 2 bytes per row, step 4: rows 0x1234 and 0xd678 big-endian + padding.
    data = bytes([0x12, 0x34, 0xee, 0xee, 0xd6, 0x78, 0xee, 0xee])
    frame = frame_from_buffer(data, 'mono16', 1, 2, 4, is_bigendian=True)
    assert frame.pixels.tolist() == [[[0x12] * 3], [[0xd6] * 3]]


def test_extra_bytes_after_last_row_are_ignored():
    frame = frame_from_buffer(RGB.tobytes() + b'\xee' * 5, 'rgb8', 3, 2, 9)
    np.testing.assert_array_equal(frame.pixels, RGB)


def error_message(*args, **kwargs):
    with pytest.raises(ImageError) as info:
        frame_from_buffer(*args, **kwargs)
    return str(info.value)


def test_unknown_encoding_is_named_with_supported_ones():
    message = error_message(RGB.tobytes(), 'bayer_rggb8', 3, 2, 9)
    assert "unsupported encoding 'bayer_rggb8'" in message
    for encoding in ('rgb8', 'bgr8', 'mono8', 'mono16', 'rgba8', 'bgra8'):
        assert encoding in message


def test_step_too_small():
    # Width 3 rgb8 needs 9 bytes per row.
    message = error_message(RGB.tobytes(), 'rgb8', 3, 2, 8)
    assert message == 'step 8 is smaller than width x pixel size = 9'


def test_step_too_small_mono16():
    # Width 3 mono16 needs 3 x 2 = 6 bytes per row.
    message = error_message(bytes(12), 'mono16', 3, 2, 5)
    assert message == 'step 5 is smaller than width x pixel size = 6'


def test_data_too_short():
    # Step 9 x height 2 = 18 bytes expected, 17 given.
    message = error_message(RGB.tobytes()[:17], 'rgb8', 3, 2, 9)
    assert message == 'data has 17 bytes, expected step x height = 18'


def test_data_too_short_for_padded_rows():
    # Step 12 x height 2 = 24 expected; the 18 bytes of unpadded rows are not enough.
    message = error_message(RGB.tobytes(), 'rgb8', 3, 2, 12)
    assert message == 'data has 18 bytes, expected step x height = 24'


@pytest.mark.parametrize('width, height', [(0, 2), (3, 0), (-1, 2)])
def test_empty_image(width, height):
    message = error_message(b'', 'rgb8', width, height, 9)
    assert re.fullmatch(re.escape(f'empty image ({width}x{height})'), message)


def test_frame_from_array_grey_and_bgra():
    grey = np.array([[5, 6]], np.uint8)
    frame = frame_from_array(grey)
    assert frame.order == 'rgb'
    assert frame.pixels.tolist() == [[[5, 5, 5], [6, 6, 6]]]
    bgra = np.array([[[1, 2, 3, 4]]], np.uint8)
    frame = frame_from_array(bgra, 'bgr')
    assert frame.order == 'bgr'
    assert frame.pixels.tolist() == [[[1, 2, 3]]]


def test_frame_from_array_rejects_non_uint8():
    with pytest.raises(ImageError, match='expected uint8 pixels, got float32'):
        frame_from_array(np.zeros((2, 2, 3), np.float32))
