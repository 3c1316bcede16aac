# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Raw image buffers (as sensor_msgs/Image carries them) to numpy, without ROS.

Colour images stay in their own channel order and are viewed, not copied, whenever the
layout allows: the pose estimator swaps channels on the small model input instead of on
the full frame.
"""

import contextlib
from dataclasses import dataclass

import cv2
import numpy as np

from . import native_output


class ImageError(ValueError):
    """An image buffer that does not match its own description."""


@dataclass(frozen=True)
class Frame:
    """
    Pixels (H, W, 3) uint8 in ``order`` ('rgb' or 'bgr'), as the camera delivered them.

    A JPEG decoded at 1/``reduction`` of its size (libjpeg's DCT scaling) keeps the size
    of the image it came from in ``source_size``: width and height are always the source's,
    so keypoints stay in source pixels whatever scale the pixels were decoded at.
    """

    pixels: np.ndarray
    order: str = 'rgb'
    reduction: int = 1
    source_size: tuple = None

    @property
    def width(self):
        return self.source_size[0] if self.source_size else self.pixels.shape[1]

    @property
    def height(self):
        return self.source_size[1] if self.source_size else self.pixels.shape[0]

    def rgb(self):
        """Return the pixels in RGB order (a view with swapped channels for BGR)."""
        return self.pixels if self.order == 'rgb' else self.pixels[..., ::-1]


# encoding -> (channels, bytes per channel, channel order, conversion to 3 channels)
_ENCODINGS = {
    'rgb8': (3, 1, 'rgb', None),
    'bgr8': (3, 1, 'bgr', None),
    '8UC3': (3, 1, 'bgr', None),
    'rgba8': (4, 1, 'rgb', cv2.COLOR_RGBA2RGB),
    'bgra8': (4, 1, 'bgr', cv2.COLOR_BGRA2BGR),
    '8UC4': (4, 1, 'bgr', cv2.COLOR_BGRA2BGR),
    'mono8': (1, 1, 'rgb', cv2.COLOR_GRAY2RGB),
    '8UC1': (1, 1, 'rgb', cv2.COLOR_GRAY2RGB),
    'mono16': (1, 2, 'rgb', cv2.COLOR_GRAY2RGB),
    '16UC1': (1, 2, 'rgb', cv2.COLOR_GRAY2RGB),
    # ROS's yuv422 is UYVY; yuv422_yuy2 (and yuyv) is YUYV. Two bytes per pixel.
    'yuv422': (2, 1, 'rgb', cv2.COLOR_YUV2RGB_UYVY),
    'uyvy': (2, 1, 'rgb', cv2.COLOR_YUV2RGB_UYVY),
    'yuv422_yuy2': (2, 1, 'rgb', cv2.COLOR_YUV2RGB_YUYV),
    'yuyv': (2, 1, 'rgb', cv2.COLOR_YUV2RGB_YUYV),
}

SUPPORTED_ENCODINGS = tuple(_ENCODINGS)


def pixels_from_buffer(data, encoding, width, height, step, is_bigendian=False):
    """
    View a raw buffer described like sensor_msgs/Image as an (H, W, C) array.

    Rows are cut to width (row padding dropped) without a copy; 16-bit data gets the
    byte order the buffer declares. Raises ImageError naming the first inconsistency
    (unknown encoding, a step too small for the width, a buffer shorter than
    step x height, an empty image).
    """
    check_layout(encoding, width, height, step, len(memoryview(data).cast('B')))
    channels, depth = _layout(encoding)
    row_bytes = width * channels * depth
    buffer = np.frombuffer(data, np.uint8)
    rows = buffer[:step * height].reshape(height, step)[:, :row_bytes]
    if depth == 2:
        rows = rows.view('>u2' if is_bigendian else '<u2')
    return rows.reshape(height, width, channels)


def check_layout(encoding, width, height, step, size):
    """
    Raise ImageError unless a buffer of ``size`` bytes can hold the image described.

    Cheap (no pixel is touched), so a subscriber can refuse bad frames on arrival.
    """
    channels, depth = _layout(encoding)
    if width <= 0 or height <= 0:
        raise ImageError(f'empty image ({width}x{height})')
    row_bytes = width * channels * depth
    if step < row_bytes:
        raise ImageError(f'step {step} is smaller than width x pixel size = {row_bytes}')
    if size < step * height:
        raise ImageError(f'data has {size} bytes, expected step x height = {step * height}')
    if channels == 2 and width % 2:
        raise ImageError(f"'{encoding}' needs an even width, got {width}")


def frame_from_pixels(pixels, encoding):
    """Frame from an (H, W, C) or (H, W) array laid out as ``encoding`` says."""
    _layout(encoding)
    channels, depth, order, conversion = _ENCODINGS[encoding]
    if pixels.ndim == 2:
        pixels = pixels[:, :, np.newaxis]
    if pixels.ndim != 3 or pixels.shape[2] != channels:
        raise ImageError(f"'{encoding}' needs {channels} channels, got shape {pixels.shape}")
    if depth == 2:
        pixels = to_8bit(pixels)
    elif pixels.dtype != np.uint8:
        raise ImageError(f"'{encoding}' needs uint8 pixels, got {pixels.dtype}")
    if channels == 2 and pixels.shape[1] % 2:
        raise ImageError(f"'{encoding}' needs an even width, got {pixels.shape[1]}")
    if conversion is not None:
        pixels = cv2.cvtColor(np.ascontiguousarray(pixels), conversion)
    return Frame(pixels, order)


def to_8bit(pixels):
    """
    16-bit grey to 8 bits by the bit depth the data uses, found from its brightest pixel.

    Many mono16 cameras fill only 10 or 12 bits; dropping the low byte of those would leave
    a nearly black image (a 10-bit maximum of 1023 becomes 3). The shift keeps the top
    eight bits actually used, so 16-bit data is unchanged and 10-bit data is shifted by 2.
    """
    peak = int(pixels.max(initial=0))
    shift = max(peak.bit_length() - 8, 0)
    return (pixels >> shift).astype(np.uint8)


def frame_from_buffer(data, encoding, width, height, step, is_bigendian=False):
    """Frame from a raw buffer described like sensor_msgs/Image (see pixels_from_buffer)."""
    return frame_from_pixels(
        pixels_from_buffer(data, encoding, width, height, step, is_bigendian), encoding)


def _layout(encoding):
    if encoding not in _ENCODINGS:
        raise ImageError(f"unsupported encoding '{encoding}'; supported: "
                         f"{', '.join(SUPPORTED_ENCODINGS)}")
    return _ENCODINGS[encoding][:2]


def frame_from_array(pixels, order='rgb'):
    """Frame from an (H, W, 3) uint8 or (H, W) grey array, e.g. a decoded video frame."""
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8:
        raise ImageError(f'expected uint8 pixels, got {pixels.dtype}')
    if pixels.ndim == 2:
        return Frame(cv2.cvtColor(pixels, cv2.COLOR_GRAY2RGB), 'rgb')
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ImageError(f'expected an (H, W, 3) image, got shape {pixels.shape}')
    return Frame(pixels[..., :3], order)


#: Default cap on the pixels of a compressed image, checked before decoding (a small
#: JPEG can claim a size that would take gigabytes to decode).
MAX_PIXELS = 40_000_000


def compressed_size(data):
    """
    Read (width, height) from a JPEG or PNG header without decoding the image.

    Raises ImageError for other formats and for headers that end early.
    """
    data = memoryview(data).cast('B')
    if bytes(data[:8]) == b'\x89PNG\r\n\x1a\n':
        if len(data) < 24 or bytes(data[12:16]) != b'IHDR':
            raise ImageError('truncated PNG header')
        return (int.from_bytes(data[16:20], 'big'), int.from_bytes(data[20:24], 'big'))
    if bytes(data[:2]) == b'\xff\xd8':
        position = 2
        while position + 4 <= len(data):
            if data[position] != 0xFF:
                raise ImageError('corrupt JPEG: marker expected')
            marker = data[position + 1]
            if marker == 0xFF:
                position += 1
                continue
            length = int.from_bytes(data[position + 2:position + 4], 'big')
            # Start-of-frame markers carry the size: C0-CF except C4 (DHT), C8, CC (DAC).
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                if position + 9 > len(data):
                    break
                height = int.from_bytes(data[position + 5:position + 7], 'big')
                width = int.from_bytes(data[position + 7:position + 9], 'big')
                return width, height
            position += 2 + length
        raise ImageError('truncated JPEG: no frame header')
    raise ImageError('compressed image is neither JPEG nor PNG')


def check_compressed(data, max_pixels=MAX_PIXELS):
    """
    Raise ImageError unless ``data`` is a JPEG or PNG of at most ``max_pixels``.

    Return its (width, height) as the header gives them.
    """
    width, height = compressed_size(data)
    if width <= 0 or height <= 0:
        raise ImageError(f'compressed image claims an empty size ({width}x{height})')
    if width * height > max_pixels:
        raise ImageError(f'compressed image of {width}x{height} exceeds the pixel cap '
                         f'({max_pixels} pixels)')
    return width, height


def is_jpeg(data):
    """Tell whether ``data`` starts like a JPEG (SOI marker)."""
    return bytes(memoryview(data).cast('B')[:2]) == b'\xff\xd8'


#: libjpeg's DCT scaling: decoding at 1/2, 1/4 or 1/8 skips most of the inverse DCT work.
_REDUCED_FLAGS = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2,
                  4: cv2.IMREAD_REDUCED_COLOR_4, 8: cv2.IMREAD_REDUCED_COLOR_8}
REDUCTIONS = tuple(sorted(_REDUCED_FLAGS))


def frame_from_compressed(data, max_pixels=MAX_PIXELS, reduction=1, warnings=None):
    """
    Decode a JPEG or PNG into a BGR Frame, refusing images above ``max_pixels``.

    The size is read from the header first, so a decompression bomb is refused before
    any memory is spent on it. A JPEG is decoded at 1/``reduction`` of its size (1, 2, 4
    or 8); the Frame keeps the source size. PNG has no scaled decoding and is decoded
    whole. With a list as ``warnings``, libjpeg's warnings on a damaged JPEG (which it
    still decodes) are appended to it instead of being printed, for the caller to count
    and throttle.
    """
    width, height = check_compressed(data, max_pixels)
    if reduction not in _REDUCED_FLAGS:
        raise ValueError(f'reduction must be one of {REDUCTIONS}, got {reduction}')
    if not is_jpeg(data):
        reduction = 1
    buffer = np.frombuffer(data, np.uint8)
    with (contextlib.nullcontext() if warnings is None
          else native_output.caught(warnings, native_output.is_libjpeg_warning)):
        pixels = cv2.imdecode(buffer, _REDUCED_FLAGS[reduction])
        if pixels is not None and reduction > 1 and pixels.shape[:2] != (
                -(-height // reduction), -(-width // reduction)):
            # Not the size the header gives (an EXIF rotation): decode whole, as before.
            pixels, reduction = cv2.imdecode(buffer, cv2.IMREAD_COLOR), 1
    if pixels is None:
        raise ImageError('compressed image could not be decoded (corrupt data)')
    if reduction == 1:
        return Frame(pixels, 'bgr')
    return Frame(pixels, 'bgr', reduction, (width, height))


def reduction_for(crop_side, input_side, reductions=REDUCTIONS):
    """
    Largest JPEG reduction at which a crop still gives the model its full input.

    ``crop_side`` is the side of the square the model will see, in source pixels, and
    ``input_side`` the model's input side: a crop of 1000 px for a 192-px input allows
    1/4 (250 px), not 1/8 (125 px).
    """
    best = 1
    for reduction in reductions:
        if crop_side / reduction >= input_side:
            best = max(best, reduction)
    return best


def frame_at_model_scale(data, estimator, max_pixels=MAX_PIXELS, warnings=None):
    """
    Decode a JPEG at the smallest size that still gives ``estimator`` its full input.

    The estimator tells the side of the square its next frame is cut to (the tracked crop,
    or the whole frame after a reset) and its model's input side; keypoints computed from
    the Frame are in source pixels all the same.
    """
    width, height = check_compressed(data, max_pixels)
    reduction = reduction_for(estimator.crop_side(width, height), estimator.input_side)
    return frame_from_compressed(data, max_pixels, reduction, warnings)
