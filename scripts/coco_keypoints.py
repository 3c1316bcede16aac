# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
COCO keypoint evaluation of a pose estimator on photos with ground truth (pycocotools).

Each photo is processed on its own: the estimator is reset, then given the photo stamped
0 s, so nothing carries over between photos. A set is a folder with images/ and a
COCO-format person_keypoints.json. Sets with CrowdPose's 14 keypoints are mapped onto
COCO's 17 (their first 12 are COCO's keypoints 5-16; head and neck have no counterpart and
are dropped), so every set is scored with COCO's 17 falloff constants; keypoints a set does
not label do not count, as in any COCO evaluation.
"""

import contextlib
import copy
from dataclasses import dataclass
import io
import json
from pathlib import Path
import time

import cv2
from movenet_ros.core.image_io import frame_from_array
from movenet_ros.core.keypoints import KEYPOINT_NAMES, NUM_KEYPOINTS
import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

#: CrowdPose keypoint i is COCO keypoint CROWDPOSE_TO_COCO[i] (None: no counterpart).
CROWDPOSE_TO_COCO = tuple(range(5, 17)) + (None, None)
#: A ground-truth person counts as found when a pose reaches more than this OKS with them,
#: among the people with at least FOUND_KEYPOINTS labelled keypoints (a person a user
#: would count: mostly in view).
FOUND_OKS = 0.5
FOUND_KEYPOINTS = 10
#: Without a segmentation area, a person's area is their box's times this (the ratio of
#: mask to box area over COCO people, which mmpose also uses).
BOX_TO_AREA = 0.53


@dataclass
class SetResult:
    """Scores of one configuration on one set, and its cost."""

    ap: float
    ap50: float
    ar: float
    mean_best_oks: float
    found: int
    people: int
    poses: int
    ms_per_photo: float


def load_ground_truth(folder):
    """Return a COCO object for a set, its keypoints mapped onto COCO's 17."""
    with open(Path(folder) / 'person_keypoints.json') as f:
        dataset = json.load(f)
    dataset = to_coco17(dataset)
    gt = COCO()
    gt.dataset = dataset
    with contextlib.redirect_stdout(io.StringIO()):
        gt.createIndex()
    return gt


def to_coco17(dataset):
    """Return a copy of ``dataset`` whose people have COCO's 17 keypoints and an area."""
    dataset = copy.deepcopy(dataset)
    category = dataset['categories'][0]
    names = category['keypoints']
    if len(names) != NUM_KEYPOINTS:
        if len(names) != len(CROWDPOSE_TO_COCO):
            raise ValueError(f'cannot map {len(names)} keypoints onto COCO 17')
        for ann in dataset['annotations']:
            source = np.array(ann['keypoints'], np.float64).reshape(-1, 3)
            target = np.zeros((NUM_KEYPOINTS, 3))
            for i, j in enumerate(CROWDPOSE_TO_COCO):
                if j is not None:
                    target[j] = source[i]
            ann['keypoints'] = target.ravel().tolist()
            ann['num_keypoints'] = int((target[:, 2] > 0).sum())
        category['keypoints'] = list(KEYPOINT_NAMES)
    for ann in dataset['annotations']:
        ann.setdefault('iscrowd', 0)
        if 'area' not in ann:
            ann['area'] = ann['bbox'][2] * ann['bbox'][3] * BOX_TO_AREA
    dataset.setdefault('info', {})
    dataset.setdefault('licenses', [])
    return dataset


def run_photos(folder, gt, estimator):
    """Run ``estimator`` on each photo of a set; (COCO results, seconds per photo)."""
    results, seconds = [], []
    for image_id in sorted(gt.getImgIds()):
        info = gt.loadImgs(image_id)[0]
        pixels = cv2.imread(str(Path(folder) / 'images' / info['file_name']))
        if pixels is None:
            raise OSError(f"cannot read {info['file_name']}")
        frame = frame_from_array(pixels, 'bgr')
        estimator.reset()
        start = time.perf_counter()
        poses = estimator.estimate(frame, 0.0)
        seconds.append(time.perf_counter() - start)
        for pose in poses:
            if pose.detected:
                results.append({'image_id': image_id, 'category_id': 1,
                                'keypoints': pose.keypoints.astype(float).ravel().tolist(),
                                'score': float(pose.score)})
    return results, seconds


def score(gt, results):
    """
    (AP, AP at OKS 0.5, AR, mean best OKS, people found, people to find) of ``results``.

    The mean best OKS is over every labelled person; found and to find count those with
    at least FOUND_KEYPOINTS labelled keypoints.
    """
    people = [a for a in gt.loadAnns(gt.getAnnIds())
              if not a['iscrowd'] and a['num_keypoints'] > 0]
    if not results:
        return 0.0, 0.0, 0.0, 0.0, 0, sum(a['num_keypoints'] >= FOUND_KEYPOINTS for a in people)
    with contextlib.redirect_stdout(io.StringIO()):
        dt = gt.loadRes(copy.deepcopy(results))
        evaluation = COCOeval(gt, dt, 'keypoints')
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    stats = evaluation.stats
    best = []
    for ann in people:
        ious = evaluation.ious.get((ann['image_id'], 1))
        gt_ids = [a['id'] for a in evaluation._gts[ann['image_id'], 1]]
        if ious is None or len(ious) == 0:
            best.append(0.0)
            continue
        best.append(float(np.max(np.asarray(ious)[:, gt_ids.index(ann['id'])])))
    best = np.array(best)
    countable = np.array([a['num_keypoints'] >= FOUND_KEYPOINTS for a in people], bool)
    return (max(float(stats[0]), 0.0), max(float(stats[1]), 0.0), max(float(stats[5]), 0.0),
            float(best.mean()) if len(best) else 0.0,
            int((best[countable] > FOUND_OKS).sum()) if len(best) else 0, int(countable.sum()))


def evaluate(folder, estimator, gt=None):
    """Run ``estimator`` on every photo of the set in ``folder`` and score it."""
    gt = gt or load_ground_truth(folder)
    results, seconds = run_photos(folder, gt, estimator)
    ap, ap50, ar, oks, found, people = score(gt, results)
    return SetResult(ap, ap50, ar, oks, found, people, len(results),
                     1000.0 * float(np.median(seconds)))
