# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
MoveNet's intelligent cropping: where to look in the next frame, and the crop itself.

Regions are normalized to the source image (0..1 on each axis, y first as in MoveNet) and
may extend past it; the part outside the image is filled with zeros, which keeps the
person undistorted while the crop stays square in pixels.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from .constants import BODY_EXPANSION_RATIO, MIN_CROP_KEYPOINT_SCORE, TORSO_EXPANSION_RATIO
from .keypoints import KEYPOINT_INDEX

_TORSO = tuple(KEYPOINT_INDEX[n] for n in
               ('left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'))
_HIPS = (KEYPOINT_INDEX['left_hip'], KEYPOINT_INDEX['right_hip'])
_SHOULDERS = (KEYPOINT_INDEX['left_shoulder'], KEYPOINT_INDEX['right_shoulder'])


@dataclass(frozen=True)
class CropRegion:
    """A box in normalized source-image coordinates."""

    y_min: float
    x_min: float
    y_max: float
    x_max: float

    @property
    def height(self):
        return self.y_max - self.y_min

    @property
    def width(self):
        return self.x_max - self.x_min

    def to_image(self, points):
        """Map (y, x) normalized to this crop onto (y, x) normalized to the image, in place."""
        points[:, 0] = self.y_min + points[:, 0] * self.height
        points[:, 1] = self.x_min + points[:, 1] * self.width
        return points


def init_crop_region(width, height):
    """Crop used when there is no pose to follow: the whole frame, padded to a square."""
    if width > height:
        box_h, box_w = width / height, 1.0
    else:
        box_h, box_w = 1.0, height / width
    y_min = (1.0 - box_h) / 2.0
    x_min = (1.0 - box_w) / 2.0
    return CropRegion(y_min, x_min, y_min + box_h, x_min + box_w)


def torso_visible(scores, min_score=MIN_CROP_KEYPOINT_SCORE):
    """Tell whether a hip and a shoulder are both confident."""
    return (max(scores[i] for i in _HIPS) > min_score
            and max(scores[i] for i in _SHOULDERS) > min_score)


def next_crop_region(keypoints, width, height, min_score=MIN_CROP_KEYPOINT_SCORE):
    """
    Square crop around the person for the next frame, or the padded full frame.

    ``keypoints`` is (17, 3) of (y, x, score) normalized to the image. The crop is centred
    on the hips, large enough for the torso times TORSO_EXPANSION_RATIO and every confident
    keypoint times BODY_EXPANSION_RATIO, never larger than reaches the farthest image edge;
    when that would be larger than the image itself, or the torso is not visible, the full
    frame is used.
    """
    # Plain floats: for 17 points, Python arithmetic costs less than numpy's per-call
    # overhead, and gives the same doubles.
    rows = np.asarray(keypoints, np.float64).tolist()
    scores = [row[2] for row in rows]
    if not torso_visible(scores, min_score):
        return init_crop_region(width, height)
    ys = [row[0] * height for row in rows]
    xs = [row[1] * width for row in rows]
    center_y = (ys[_HIPS[0]] + ys[_HIPS[1]]) / 2.0
    center_x = (xs[_HIPS[0]] + xs[_HIPS[1]]) / 2.0
    dy = [abs(y - center_y) for y in ys]
    dx = [abs(x - center_x) for x in xs]
    torso_range = max(max(dy[i], dx[i]) for i in _TORSO)
    body = [max(dy[i], dx[i]) for i, score in enumerate(scores) if score >= min_score]
    body_range = max(body) if body else 0.0
    half = max(torso_range * TORSO_EXPANSION_RATIO, body_range * BODY_EXPANSION_RATIO)
    half = min(half, max(center_x, width - center_x, center_y, height - center_y))
    if half > max(width, height) / 2.0:
        return init_crop_region(width, height)
    return CropRegion((center_y - half) / height, (center_x - half) / width,
                      (center_y + half) / height, (center_x + half) / width)


def crop_and_resize(image, region, out, reduction=1, source_size=None):
    """
    Bilinear crop of ``region`` from ``image`` into ``out`` (h, w, 3), zeros outside.

    Samples the same points as TensorFlow's crop_and_resize: output row i reads source row
    y_min * (H - 1) + i * height * (H - 1) / (h - 1), likewise for columns. When ``image``
    is the source decoded at 1/``reduction`` (libjpeg's DCT scaling, ``source_size`` the
    source's (W, H)), the same source points are read from it: decoded pixel j covers
    source pixels j*r .. j*r + r - 1, so source x is decoded x * r + (r - 1) / 2.
    """
    src_w, src_h = source_size or (image.shape[1], image.shape[0])
    dst_h, dst_w = out.shape[:2]
    scale_x = region.width * (src_w - 1) / max(dst_w - 1, 1)
    scale_y = region.height * (src_h - 1) / max(dst_h - 1, 1)
    matrix = np.array([[scale_x, 0.0, region.x_min * (src_w - 1)],
                       [0.0, scale_y, region.y_min * (src_h - 1)]])
    if reduction != 1:
        matrix /= reduction
        matrix[:, 2] -= (reduction - 1) / (2.0 * reduction)
    cv2.warpAffine(image, matrix, (dst_w, dst_h), dst=out,
                   flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                   borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return out
