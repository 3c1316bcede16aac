# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Keypoints in metres from an aligned depth image, and pairing depth with colour by stamp.

The depth image is assumed aligned to the colour image (same viewpoint, as RealSense
and OAK drivers publish `aligned_depth_to_color`); when the two differ in size, pixel
coordinates are scaled. Each keypoint takes the median of the valid depths in a small
window around it (robust to edges and holes) and is deprojected with the pinhole model.
"""

from collections import deque
from dataclasses import dataclass
import threading
import time

import numpy as np

from .image_io import ImageError


@dataclass(frozen=True)
class Intrinsics:
    """Pinhole intrinsics of the depth image (from CameraInfo.k)."""

    fx: float
    fy: float
    cx: float
    cy: float
    width: int
    height: int

    @classmethod
    def from_k(cls, k, width, height):
        """Build them from a row-major 3x3 camera matrix."""
        if k[0] <= 0 or k[4] <= 0:
            raise ImageError('camera info has no focal length (k is empty or zero)')
        return cls(float(k[0]), float(k[4]), float(k[2]), float(k[5]), int(width),
                   int(height))


_DEPTH_TYPES = {'16UC1': 'u2', 'mono16': 'u2', '32FC1': 'f4'}


def depth_from_buffer(data, encoding, width, height, step, is_bigendian=False):
    """
    (H, W) float32 metres from a raw depth buffer described like sensor_msgs/Image.

    Raises ImageError for other encodings and for buffers that cannot hold the image.
    """
    if encoding not in _DEPTH_TYPES:
        raise ImageError(f"depth encoding '{encoding}' is not 16UC1 or 32FC1")
    kind = _DEPTH_TYPES[encoding]
    size = int(kind[1])
    if width <= 0 or height <= 0:
        raise ImageError(f'empty depth image ({width}x{height})')
    if step < width * size:
        raise ImageError(f'depth step {step} is smaller than width x {size}')
    buffer = np.frombuffer(data, np.uint8)
    if buffer.size < step * height:
        raise ImageError(f'depth data has {buffer.size} bytes, expected {step * height}')
    rows = buffer[:step * height].reshape(height, step)[:, :width * size]
    values = rows.view(('>' if is_bigendian else '<') + kind).reshape(height, width)
    return depth_in_metres(values, encoding)


def depth_in_metres(pixels, encoding):
    """(H, W) float32 metres from 16UC1 millimetres or 32FC1 metres; invalid -> NaN."""
    if encoding in ('16UC1', 'mono16'):
        metres = pixels.astype(np.float32) * 0.001
    elif encoding == '32FC1':
        metres = pixels.astype(np.float32, copy=True)
    else:
        raise ImageError(f"depth encoding '{encoding}' is not 16UC1 or 32FC1")
    metres[~np.isfinite(metres) | (metres <= 0)] = np.nan
    return metres


def keypoints_3d(keypoints, colour_size, depth, intrinsics, window=5):
    """
    Deproject (17, 3) x/y/score pixel keypoints of the colour image into metres.

    Returns (17, 4): x, y, z in metres (NaN where no valid depth lies in the window) and
    a validity flag (1.0 / 0.0).
    """
    height, width = depth.shape
    scale_x = width / colour_size[0]
    scale_y = height / colour_size[1]
    # Camera info for another resolution than the depth image: scale it to the image.
    fx = intrinsics.fx * width / intrinsics.width
    cx = intrinsics.cx * width / intrinsics.width
    fy = intrinsics.fy * height / intrinsics.height
    cy = intrinsics.cy * height / intrinsics.height
    half = max(0, window // 2)
    result = np.full((len(keypoints), 4), np.nan, np.float64)
    result[:, 3] = 0.0
    for i, (x, y, _) in enumerate(keypoints):
        u, v = x * scale_x, y * scale_y
        col, row = int(np.floor(u)), int(np.floor(v))
        if not (0 <= col < width and 0 <= row < height):
            continue
        patch = depth[max(0, row - half):row + half + 1, max(0, col - half):col + half + 1]
        valid = patch[np.isfinite(patch)]
        if not valid.size:
            continue
        z = float(np.median(valid))
        result[i, 0] = (u - cx) * z / fx
        result[i, 1] = (v - cy) * z / fy
        result[i, 2] = z
        result[i, 3] = 1.0
    return result


class StampPairer:
    """
    Keeps the latest depth frames and finds the one closest in time to a colour stamp.

    A pair is made only when the stamps differ by at most ``slop`` seconds.
    """

    #: Seconds since the last depth frame after which the stream counts as stopped.
    LIVE = 1.0

    def __init__(self, slop=0.05, capacity=10):
        self.slop = slop
        # The newest arrivals, whatever their stamps (a looping bag goes back in time).
        self._items = deque(maxlen=capacity)
        self._arrived = threading.Condition()
        self._last_arrival = None
        self._cancelled = False

    def add(self, stamp, item):
        """Remember ``item`` (e.g. depth image and intrinsics) taken at ``stamp``."""
        with self._arrived:
            self._items.append((stamp, item))
            self._last_arrival = time.monotonic()
            self._arrived.notify_all()

    def cancel(self):
        """End every wait in match, now and later (the pipeline is stopping)."""
        with self._arrived:
            self._cancelled = True
            self._arrived.notify_all()

    def match(self, stamp, wait=0.0):
        """
        Return the item closest to ``stamp`` within the slop, or None.

        With ``wait`` (seconds), and while every item is older than ``stamp``, wait that
        long for a closer one: depth often arrives a little after its colour image. A
        depth stream silent for ``LIVE`` seconds is not waited for.
        """
        deadline = time.monotonic() + wait
        if self._last_arrival is None or time.monotonic() - self._last_arrival > self.LIVE:
            deadline = 0.0
        with self._arrived:
            while True:
                best = min(self._items, key=lambda entry: abs(entry[0] - stamp), default=None)
                newest = max((entry[0] for entry in self._items), default=None)
                remaining = deadline - time.monotonic()
                if (newest is not None and newest >= stamp) or remaining <= 0 \
                        or self._cancelled:
                    break
                self._arrived.wait(remaining)
        if best is None or abs(best[0] - stamp) > self.slop:
            return None
        return best[1]
