# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Detector tiles: the grid, seams, new people and the sweep, by hand; then a real crowd."""

import json

import cv2
from movenet_ros.core.image_io import Frame, frame_from_array
from movenet_ros.core.keypoints import Pose
from movenet_ros.core.multiperson import MultiPersonConfig, MultiPersonEstimator
from movenet_ros.core.runner import ModelRunner
from movenet_ros.core.tiles import (
    cut_by_seam, inside_fraction, new_people, sweep, Tile, tile_grid)
from movenet_ros.runtime.model_cache import find_model
import numpy as np
import pytest


def test_a_landscape_frame_gets_three_by_two_tiles_sharing_a_quarter():
    tiles = tile_grid(640, 480, 3)
    # Along 640: 3 tiles of 640 / (3 - 2 * 0.25) = 256 px, each starting 192 px on.
    # Along 480: round(3 * 480 / 640) = 2 tiles of 480 / 1.75 = 274.29 px, 205.71 px on.
    assert len(tiles) == 6
    assert [v for t in tiles[:3] for v in (t.x0, t.x1)] == pytest.approx(
        [0, 256, 192, 448, 384, 640])
    assert [v for t in tiles[::3] for v in (t.y0, t.y1)] == pytest.approx(
        [0, 480 / 1.75, 480 / 1.75 * 0.75, 480])
    assert tiles[0].inner == (False, False, True, True)
    assert tiles[4].inner == (True, True, True, False)
    assert tiles[5].inner == (True, True, False, False)


def test_a_portrait_frame_is_tiled_along_its_long_side():
    tiles = tile_grid(480, 640, 3)
    assert len(tiles) == 6
    assert {(round(t.x0), round(t.x1)) for t in tiles} == {(0, 274), (206, 480)}
    assert {(round(t.y0), round(t.y1)) for t in tiles} == {(0, 256), (192, 448), (384, 640)}


def test_one_tile_means_the_whole_frame_only():
    assert tile_grid(640, 480, 1) == [] and tile_grid(640, 480, 0) == []
    # A wide strip keeps one tile across its short side.
    assert len(tile_grid(1000, 100, 2)) == 2


def test_a_box_at_a_seam_is_cut_but_not_at_the_frames_edge():
    tile = Tile(0.0, 0.0, 256.0, 200.0, (False, False, True, True))  # reach 0.05 * 256
    assert cut_by_seam(tile, (200, 20, 250, 120))  # within 12.8 px of the right seam
    assert cut_by_seam(tile, (20, 20, 60, 190))  # of the bottom seam
    assert not cut_by_seam(tile, (0, 0, 60, 120))  # the frame's own left and top edges
    assert not cut_by_seam(tile, (20, 20, 243, 187))


def test_inside_fraction():
    assert inside_fraction((0, 0, 10, 10), (5, 0, 20, 10)) == 0.5
    assert inside_fraction((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0
    assert inside_fraction((5, 5, 5, 9), (0, 0, 10, 10)) == 0.0  # no area


def _pose(x0, y0, x1, y1, score=0.5, width=640, height=480):
    """Return a Pose whose keypoints spread evenly over the box."""
    keypoints = np.column_stack((np.linspace(x0, x1, 17), np.linspace(y0, y1, 17),
                                 np.full(17, 0.9))).astype(np.float32)
    return Pose(keypoints, score, True, width, height, (x0, y0, x1, y1), -1)


def test_only_new_people_join():
    found = [_pose(100, 100, 200, 400)]
    again = _pose(101, 101, 201, 401, 0.9)  # the same person, found by a tile
    part = _pose(120, 110, 180, 200, 0.8)  # their head and shoulders: inside their box
    small = _pose(400, 50, 420, 100, 0.4)  # someone new
    small_again = _pose(400, 51, 420, 101, 0.3)  # found by the overlapping tile too

    def similarity(a, b):  # 1 for the same box, else 0
        return float(np.abs(np.subtract(a.bbox, b.bbox)).max() < 2)
    assert new_people(found, [again, part, small, small_again], similarity, 0.7) == [small]


class _TileDetector:
    """Finds one person in the middle of every tile and one on its right edge."""

    def __init__(self):
        self.runner = type('Runner', (), {'invoke_seconds': 0.002})()
        self.parts = []

    def estimate(self, part, stamp):
        self.parts.append((part.pixels.shape, part.width, part.height))
        w, h = part.width, part.height
        return [_pose(0.4 * w, 0.3 * h, 0.6 * w, 0.7 * h, 0.6, w, h),
                _pose(0.9 * w, 0.3 * h, w, 0.7 * h, 0.7, w, h)]


def test_a_sweep_maps_tile_people_into_the_frame_and_drops_those_on_seams():
    detector = _TileDetector()
    tiles = tile_grid(640, 480, 3)
    people, seconds = sweep(detector, frame_from_array(np.zeros((480, 640, 3), np.uint8)),
                            tiles)
    assert seconds == pytest.approx(6 * 0.002)
    # The middle person of each of the 6 tiles, and the right-edge one of the 2 tiles
    # whose right edge is the frame's.
    assert len(people) == 8
    first = tiles[0]
    middles = sorted(p.bbox for p in people if p.score == 0.6)
    # (the tile's pixels end on whole rows: 274 of its 274.29)
    assert middles[0] == pytest.approx((0.4 * first.width, 0.3 * first.height,
                                        0.6 * first.width, 0.7 * first.height), abs=0.25)
    assert sorted(p.bbox[2] for p in people if p.score == 0.7) == pytest.approx([640, 640])
    assert all((p.image_width, p.image_height) == (640, 480) for p in people)


def test_a_sweep_of_a_reduced_frame_stays_in_source_pixels():
    # A 1280x960 JPEG decoded at half size: tiles of 512 x 548.57 source pixels are
    # 256 x 274 decoded ones.
    detector = _TileDetector()
    frame = Frame(np.zeros((480, 640, 3), np.uint8), 'rgb', 2, (1280, 960))
    people, _ = sweep(detector, frame, tile_grid(1280, 960, 3))
    shape, width, height = detector.parts[0]
    assert shape == (274, 256, 3) and width == 512 and height == 548
    last = max(people, key=lambda p: p.bbox[3])
    assert last.bbox[3] == pytest.approx(960 - 0.3 * height, abs=1.0)


# -- real models on a real crowd -------------------------------------------------------------

@pytest.fixture(scope='module')
def runners():
    return (ModelRunner(find_model('multipose'), num_threads=2),
            ModelRunner(find_model('thunder'), num_threads=2))


def test_a_sweep_finds_small_people_the_whole_frame_misses(runners, data_dir):
    # COCO 174375: a tennis court and its stands. MultiPose sees the whole photo at
    # 256 px and returns only the player; a person in the stands 72 px tall (COCO
    # annotation 1292142) is found on a tile.
    folder = data_dir / 'eval' / 'coco_mini_train'
    with open(folder / 'person_keypoints.json') as f:
        dataset = json.load(f)
    image = next(i for i in dataset['images'] if i['id'] == 174375)
    spectator = next(a for a in dataset['annotations'] if a['id'] == 1292142)
    frame = frame_from_array(cv2.imread(str(folder / 'images' / image['file_name'])), 'bgr')
    x, y, w, h = spectator['bbox']

    def near_spectator(poses):
        return [p for p in poses
                if inside_fraction(p.bbox, (x - 0.2 * w, y - 0.2 * h, x + 1.2 * w,
                                            y + 1.2 * h)) > 0.8]
    whole = MultiPersonEstimator(*runners, MultiPersonConfig(tiles=1))
    tiled = MultiPersonEstimator(*runners, MultiPersonConfig(tiles=3))
    alone, swept = whole.estimate(frame, 0.0), tiled.estimate(frame, 0.0)
    assert near_spectator(alone) == []
    assert len(near_spectator(swept)) == 1
    assert len(swept) > len(alone)
    assert tiled.invokes['detect'] == 1 and tiled.invokes['sweep'] == 6
    assert whole.invokes['sweep'] == 0
    # The next frame is not swept (0.5 s apart), and the people found are followed.
    tiled.estimate(frame, 1 / 30)
    assert tiled.invokes['sweep'] == 0
