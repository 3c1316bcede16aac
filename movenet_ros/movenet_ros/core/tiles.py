# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Detector tiles: overlapping parts of the frame that MultiPose also sweeps, and their people.

MultiPose reports at most six people per image and sees a whole 640x480 frame at 256 px,
where someone 60 px tall is 24 px. On tiles it sees each part of the frame at a finer
scale, with six people of its own. A tile's person is kept only when new: not cut by one
of the tile's inner edges (a neighbouring tile or the whole frame sees them whole), not
as similar as a duplicate to someone already found, and not mostly inside someone's box
(a part of them).
"""

from dataclasses import dataclass

from .image_io import Frame
from .keypoints import Pose

#: Fraction of a tile shared with its neighbour, so that a person on a seam is whole in one.
TILE_OVERLAP = 0.25
#: A person whose box comes this close to an inner edge of their tile (a fraction of the
#: tile's long side) is cut there.
EDGE_MARGIN = 0.05
#: A tile's person with this fraction of their box inside the box of someone already found
#: is a part of them.
MAX_INSIDE = 0.6


@dataclass(frozen=True)
class Tile:
    """A tile in source pixels, and which of its edges lie inside the frame."""

    x0: float
    y0: float
    x1: float
    y1: float
    #: (left, top, right, bottom): True where the edge is inside the frame (a seam).
    inner: tuple

    @property
    def width(self):
        return self.x1 - self.x0

    @property
    def height(self):
        return self.y1 - self.y0


def tile_grid(width, height, count, overlap=TILE_OVERLAP):
    """
    Tiles covering a ``width`` x ``height`` frame, row by row.

    ``count`` tiles along the frame's long side and as many along the short side as keeps
    them about square (at least one); neighbours share ``overlap`` of a tile. A count
    of 1 or less gives no tiles: the whole frame is enough.
    """
    if count <= 1:
        return []
    long_side, short_side = max(width, height), min(width, height)
    across = max(1, round(count * short_side / long_side))
    columns, rows = (count, across) if width >= height else (across, count)
    xs, ys = _spans(width, columns, overlap), _spans(height, rows, overlap)
    return [Tile(x0, y0, x1, y1, (i > 0, j > 0, i < columns - 1, j < rows - 1))
            for j, (y0, y1) in enumerate(ys) for i, (x0, x1) in enumerate(xs)]


def _spans(length, count, overlap):
    """``count`` spans of one length covering [0, length], neighbours sharing ``overlap``."""
    if count == 1:
        return [(0.0, float(length))]
    side = length / (count - (count - 1) * overlap)
    step = side * (1.0 - overlap)
    return [(i * step, min(float(length), i * step + side)) for i in range(count)]


def cut_by_seam(tile, bbox, margin=EDGE_MARGIN):
    """Tell whether ``bbox`` (x0, y0, x1, y1, frame pixels) touches one of the tile's seams."""
    reach = margin * max(tile.width, tile.height)
    left, top, right, bottom = tile.inner
    x0, y0, x1, y1 = bbox
    return ((left and x0 < tile.x0 + reach) or (top and y0 < tile.y0 + reach)
            or (right and x1 > tile.x1 - reach) or (bottom and y1 > tile.y1 - reach))


def inside_fraction(box, other):
    """Fraction of ``box``'s area inside ``other`` (both x0, y0, x1, y1); 0 for no area."""
    area = (box[2] - box[0]) * (box[3] - box[1])
    if area <= 0:
        return 0.0
    w = min(box[2], other[2]) - max(box[0], other[0])
    h = min(box[3], other[3]) - max(box[1], other[1])
    return max(w, 0.0) * max(h, 0.0) / area


def sweep(detector, frame, tiles):
    """
    Run ``detector`` (a MultiPoseEstimator) on each tile: (people, seconds in the model).

    The people are those not cut by a seam, as Poses in the frame's pixels, best first.
    The frame's pixels may be decoded at a reduced scale (frame.reduction); tiles are in
    source pixels.
    """
    pixels = frame.pixels
    scale_x, scale_y = pixels.shape[1] / frame.width, pixels.shape[0] / frame.height
    people, seconds = [], 0.0
    for tile in tiles:
        px0, px1 = round(tile.x0 * scale_x), round(tile.x1 * scale_x)
        py0, py1 = round(tile.y0 * scale_y), round(tile.y1 * scale_y)
        x0, y0 = px0 / scale_x, py0 / scale_y
        part = Frame(pixels[py0:py1, px0:px1], frame.order, frame.reduction,
                     ((px1 - px0) / scale_x, (py1 - py0) / scale_y))
        found = detector.estimate(part, None)
        seconds += detector.runner.invoke_seconds
        for pose in found:
            keypoints = pose.keypoints.copy()
            keypoints[:, 0] += x0
            keypoints[:, 1] += y0
            bx0, by0, bx1, by1 = pose.bbox
            bbox = (bx0 + x0, by0 + y0, bx1 + x0, by1 + y0)
            if not cut_by_seam(tile, bbox):
                people.append(Pose(keypoints, pose.score, True, frame.width, frame.height,
                                   bbox, -1))
    people.sort(key=lambda p: -p.score)
    return people, seconds


def new_people(found, candidates, similarity, max_similarity, max_inside=MAX_INSIDE):
    """
    Return the ``candidates`` (best first) who are nobody in ``found`` nor in each other.

    ``similarity(a, b)`` compares two Poses; a candidate is somebody already kept when it
    reaches ``max_similarity`` with them, or when ``max_inside`` of its box is inside theirs.
    """
    kept = list(found)
    new = []
    for candidate in candidates:
        if any(similarity(candidate, other) >= max_similarity
               or inside_fraction(candidate.bbox, other.bbox) >= max_inside for other in kept):
            continue
        kept.append(candidate)
        new.append(candidate)
    return new
