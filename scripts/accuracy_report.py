# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Write docs/accuracy.md: single-person error against TF.js's reference, multi-person COCO AP.

Usage (in the project environment): python scripts/accuracy_report.py [--data DIR] [--out FILE]
[--quick] [--skip-single] [--skip-multi] [--sets NAME,...]. --quick compares only the
multi-person baseline and the shipped default; --skip-single / --skip-multi keep that part
of the existing report as it is.
"""

import argparse
import os
from pathlib import Path
import platform

from movenet_ros.core.estimator import EstimatorConfig, PoseEstimator
from movenet_ros.core.evaluation import coordinate_errors, load_reference, play_video, summarize
from movenet_ros.core.models import MODELS
from movenet_ros.core.multipose import MultiPoseEstimator
from movenet_ros.core.runner import ModelRunner
from movenet_ros.runtime.model_cache import find_model
import multiperson_report
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MODELS_COMPARED = ('lightning', 'lightning_f16', 'thunder')
MULTI_VARIANT = 'whole frame, tracking + smoothing'
VARIANTS = (
    ('no crop', EstimatorConfig(enable_cropping=False, enable_smoothing=False)),
    ('crop', EstimatorConfig(enable_smoothing=False)),
    ('crop + smoothing', EstimatorConfig()),
    ('crop + smoothing scaled by person size', EstimatorConfig(smoothing_scale_by_object=True)),
)


def measure(data_dir):
    """Rows of (model, variant, ErrorSummary, worst keypoint description)."""
    from movenet_ros.core.keypoints import KEYPOINT_NAMES
    reference = load_reference(data_dir / 'reference' / 'pose_1_tfjs_lightning.json')
    rows = []
    for model in MODELS_COMPARED + ('multipose',):
        runner = ModelRunner(find_model(model), num_threads=2)
        variants = VARIANTS if runner.kind == 'singlepose' else (
            (MULTI_VARIANT, None),)
        for variant, config in variants:
            estimator = (PoseEstimator(runner, config) if config is not None
                         else MultiPoseEstimator(runner))
            poses = play_video(data_dir / 'video' / 'pose_1.mp4', estimator, fps=30.0)
            errors = coordinate_errors(poses, reference)
            frame, keypoint, _ = np.unravel_index(errors.argmax(), errors.shape)
            worst = (f'{KEYPOINT_NAMES[keypoint]} in frame {frame} '
                     f'(score {poses[frame].keypoints[keypoint, 2]:.2f})')
            rows.append((model, variant, summarize(errors), worst))
    return rows


def render(rows):
    """Markdown report."""
    by_key = {(model, variant): summary for model, variant, summary, _ in rows}
    lines = [
        '# Accuracy against the TF.js MoveNet reference',
        '',
        'Written by `scripts/accuracy_report.py` (`make accuracy`). Input: `pose_1.mp4` (120 frames,',
        '576x576, stamped at 1/30 s steps from 0), compared with the keypoints that TensorFlow.js',
        "pose-detection's own MoveNet video test expects (`pose_1_tfjs_lightning.json`, TF.js float",
        'Lightning with smoothing; upstream accepts 60 px). Errors are absolute, per coordinate (x and',
        'y separately, as upstream compares them), in pixels, over all 17 keypoints of all frames.',
        '',
        '| model | file | pipeline | mean px | p95 px | max px | worst keypoint |',
        '|---|---|---|---|---|---|---|',
    ]
    for model, variant, summary, worst in rows:
        lines.append(f'| {model} | `{MODELS[model].filename}` | {variant} | {summary.mean:.2f} | '
                     f'{summary.p95:.2f} | {summary.maximum:.2f} | {worst} |')
    lines += [
        '',
        'Reading it:',
        '- Cropping around the person found in the previous frame more than halves the error.',
        '- Smoothing barely moves these numbers: it removes frame-to-frame jitter, which a',
        '  per-frame comparison hardly sees. The largest errors are low-confidence wrists.',
        '- MultiPose (last row: its best person per frame, 256 px input, no cropping) is at',
        f'  mean {by_key[("multipose", MULTI_VARIANT)].mean:.2f} px against '
        f'{by_key[("lightning", "no crop")].mean:.2f} px for SinglePose Lightning on the whole',
        f'  frame and {by_key[("lightning", "crop + smoothing")].mean:.2f} px with cropping '
        '(one person filling about a third of the frame).',
        '- Thunder is a different, larger model; the reference comes from Lightning, so its',
        '  error here measures disagreement between models, not Thunder being worse.',
        '- The maximum is fragile: it comes from a wrist the model is unsure of, which jumps',
        '  between two places on small pixel changes. Decoding the same video with ffmpeg and',
        '  eight YUV-to-RGB conversions (BT.601/709, limited/full range, two chroma upsamplings)',
        '  moved the Lightning int8 crop+smoothing maximum between 27.6 and 77.9 px while the',
        '  mean stayed within 3.10-3.15 px (one-off measurement, not rerun by this script).',
        '- TF.js pose-detection itself does not reach the reference either. Its own MoveNet',
        '  pipeline (pose-detection 2.x, the same Lightning graph model, smoothing on, the',
        "  upstream test's timestamps) run under Node.js on the same decoded frames is at mean",
        '  2.96 px, max 37.9 px by this metric; on four other decodes of the video, 2.86-2.95',
        '  and 33.3-40.5 px. Its worst points are the same left wrist in frames 108-119. Against',
        '  that TF.js run, this pipeline with the f16 model (the same weights) differs by 0.48 px',
        '  mean (Euclidean), about what two TF.js backends (cpu, wasm) differ from each other',
        '  (0.39 px). Two small differences remain, both kept on purpose: the crop rounds to the',
        '  nearest value where TF.js truncates (the model input is 0.42 levels brighter on',
        '  average), and TF.js never smooths a frame stamped exactly 0. With both emulated, the',
        '  gap to TF.js shrinks to 0.40 px and the error against the reference does not improve.',
        '  So the remaining gap to the reference (and a maximum over 30 px) lies in how the',
        '  reference was made, not in this pipeline (one-off measurement, not rerun here).',
        "- TensorFlow's Python example (raspberry_pi pose_estimation) was reported at mean 5.9 px",
        '  and max 40 px on this video without smoothing (not re-measured by this script). Its',
        '  body-range loop reads a stale variable, so its 1.2x body rule never applies; the crop',
        '  here applies it.',
        '',
        machine_line(),
        '',
    ]
    return '\n'.join(lines)


def machine_line():
    """Where the figures were measured."""
    return (f'Machine: {platform.machine()}, {os.cpu_count()} cores, '
            f'Python {platform.python_version()}.')


def split_report(text):
    """(single-person part, multi-person part) of an existing report."""
    heading = '\n' + multiperson_report.render([])[0] + '\n'
    if heading not in text:
        return text, ''
    single, multi = text.split(heading, 1)
    return single, heading.lstrip('\n') + multi


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--data', type=Path, default=Path(
        os.environ.get('MOVENET_DATA', ROOT.parent / 'shared' / 'data')))
    parser.add_argument('--out', type=Path, default=ROOT / 'docs' / 'accuracy.md')
    parser.add_argument('--quick', action='store_true',
                        help='multi-person: only the baseline and the shipped default')
    parser.add_argument('--skip-single', action='store_true',
                        help='keep the single-person part of the existing report')
    parser.add_argument('--skip-multi', action='store_true',
                        help='keep the multi-person part of the existing report')
    parser.add_argument('--sets', default=','.join(multiperson_report.SETS),
                        help='comma-separated evaluation sets (folders of DATA/eval)')
    args = parser.parse_args()
    old_single, old_multi = split_report(args.out.read_text() if args.out.exists() else '')
    single = old_single.rstrip('\n') if args.skip_single else render(measure(args.data))
    if args.skip_multi:
        multi = old_multi.rstrip('\n')
    else:
        sets = tuple(args.sets.split(','))
        rows = multiperson_report.measure(args.data, find_model, args.quick, sets)
        multi = '\n'.join(multiperson_report.render(rows, sets) + [machine_line()])
    report = single.rstrip('\n') + '\n\n' + multi.rstrip('\n') + '\n'
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)


if __name__ == '__main__':
    main()
