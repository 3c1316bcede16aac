# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make bench's multi-person rows: 1, 3 and 6 people at 640x480 through the frame path.

Each scene (bench/lib/people_frames.py) plays as a 30 fps stream through the node's own
frame path (core/frame_path.py) with the shipped multipose parameters. A row sets the
frame time against the bare invokes that frame needed, timed in the same run, so the
pipeline's own cost shows as a ratio whatever the machine's speed.
"""

import argparse
import os
from pathlib import Path
import sys
import time

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'movenet_ros'))

from lib.docs_section import replace_section, store_figures  # noqa: E402
from lib.invokes import median_invoke_ms  # noqa: E402
from lib.people_frames import SCENES  # noqa: E402
from movenet_ros.core.frame_path import FramePath  # noqa: E402
from movenet_ros.core.image_io import frame_from_array  # noqa: E402
from movenet_ros.core.multipose import input_size  # noqa: E402
from movenet_ros.core.parameters import defaults  # noqa: E402
from movenet_ros.core.tiles import tile_grid  # noqa: E402
from movenet_ros.runtime.allocator import keep_freed_image_buffers  # noqa: E402
from movenet_ros.runtime.model_loading import load_estimator  # noqa: E402

BEGIN = '<!-- multi-person benchmark: written by bench/multiperson.py -->'
END = '<!-- end of multi-person benchmark -->'
FPS = 30.0
#: Frames per play; the first sixth warm the interpreters and are not counted.
FRAMES = 90
#: (label, refine_model, people, other parameters) of each row; the shipped default first.
ROWS = [('shipped', 'thunder', people, {}) for people in SCENES] + [
    ('no tiles', 'thunder', 3, {'detect_tiles': 1}),
    ('lightning_f16 refiner', 'lightning_f16', 3, {}), ('no refiner', 'none', 3, {})]


def play(path, frame):
    """Play ``frame`` once as a stream; per counted frame: ms, invokes of each stage, people."""
    path.reset()
    estimator = path.estimator
    rows = []
    for index in range(FRAMES):
        start = time.perf_counter()
        result = path.process(frame, 10**9 + round(index * 1e9 / FPS))
        elapsed = time.perf_counter() - start
        if index >= FRAMES // 6:
            rows.append((1e3 * elapsed, estimator.invokes['detect'],
                         estimator.invokes['sweep'], estimator.invokes['refine'],
                         len(result.detected), 1e3 * result.invoke_seconds,
                         result.people_over_budget))
    return np.array(rows)


def bench_row(refine_model, people, data_dir, threads, rounds, changes=None):
    """
    One row: of ``rounds`` plays, each between two timings of the bare invokes, the one
    with the median ratio (the machine's speed drifts: each play is set against the bare
    invokes timed around it).
    """
    values = dict(defaults(), **(changes or {}), model_type='multipose',
                  refine_model=refine_model, num_threads=threads)
    path = FramePath(load_estimator(values), values)
    frame = frame_from_array(SCENES[people](data_dir), 'bgr')
    estimator = path.estimator
    play(path, frame)  # sizes the detector's input to this scene, warms both models
    measured = []
    for _ in range(rounds):
        before = _bare(estimator, frame)
        rows = play(path, frame)
        after = _bare(estimator, frame)
        detector, tile, refiner = ((b + a) / 2 for b, a in zip(before, after))
        ms, detects, sweeps, refines, found, in_models, over = rows.mean(axis=0)
        bare = detects * detector + sweeps * tile + refines * refiner
        measured.append({
            'people': people, 'refine_model': refine_model, 'changes': changes or {},
            'found': round(float(found), 2),
            'frame_ms': round(float(ms), 2),
            'frame_ms_median': round(float(np.median(rows[:, 0])), 2),
            'frame_ms_max': round(float(rows[:, 0].max()), 2),
            'fps': round(1e3 / float(ms), 1),
            'detector_runs_per_frame': round(float(detects), 3),
            'tile_runs_per_frame': round(float(sweeps), 3),
            'refines_per_frame': round(float(refines), 2),
            'detector_bare_ms': round(detector, 2), 'tile_bare_ms': round(tile, 2),
            'refiner_bare_ms': round(refiner, 2),
            'bare_sum_ms': round(float(bare), 2), 'ratio_to_bare': round(float(ms) / bare, 3),
            'in_models_ms': round(float(in_models), 2),
            'over_budget_per_frame': round(float(over), 2)})
    measured.sort(key=lambda row: row['ratio_to_bare'])
    return dict(measured[len(measured) // 2], rounds_ratio=[r['ratio_to_bare'] for r in measured])


def _bare(estimator, frame):
    """
    Bare invoke medians in ms: (detector on the whole frame, on a tile, refiner).

    Each at the input size the frame gives it; the detector is left at the whole frame's.
    """
    detector, refiner, side = estimator.runner, estimator.refiner, estimator.detectors[0]
    tiles = tile_grid(frame.width, frame.height, estimator.config.tiles)
    timed = []
    for width, height in [(t.width, t.height) for t in tiles[:1]] + [
            (frame.width, frame.height)]:
        if detector.dynamic_input:
            _, _, padded_width, padded_height = input_size(
                width, height, side.config.max_dimension)
            detector.set_input_size(padded_height, padded_width)
        timed.append(median_invoke_ms(detector, 40, warmup=5))
    tile = timed[0] if tiles else 0.0
    return (timed[-1], tile,
            median_invoke_ms(refiner, 40, warmup=5) if refiner is not None else 0.0)


def _refiner(row):
    """The refiner column: the refine_model, and any other parameter the row changes."""
    return ', '.join([row['refine_model']] + [f'{k} {v}' for k, v in row['changes'].items()])


def section(rows, threads):
    """The Markdown section of docs/benchmarks.md."""
    lines = [BEGIN, '## Multi-person at 640x480 (make bench, bench/multiperson.py)', '',
             f'Still frames of 1, 3 and 6 people played at {FPS:.0f} fps through the frame '
             f'path, {threads} interpreter threads, `model_type: multipose` with the shipped '
             'parameters unless the row says otherwise. *detector runs*: on the whole frame '
             '+ on tiles (a sweep of 6 tiles every detect_interval), per frame. *bare sum*: '
             'the detector, tile and refiner invokes the frame needed, each timed bare '
             '(random pixels, same input size) in the same run; *ratio*: frame time over '
             'that sum. Targets: ratio <= 1.2; 3 people at >= 10 fps. Each row is the '
             'median of three plays by ratio.', '',
             '| people | refiner | found | frame ms (mean / median / max) | fps | detector runs '
             '/ frame | refines / frame | bare sum ms | ratio |',
             '|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        ratio = f"{r['ratio_to_bare']:.2f}"
        lines.append(
            f"| {r['people']} | {_refiner(r)} | {r['found']:g} | {r['frame_ms']:.1f} / "
            f"{r['frame_ms_median']:.1f} / {r['frame_ms_max']:.0f} | {r['fps']:.1f} | "
            f"{r['detector_runs_per_frame']:.2f} "
            f"+ {r['tile_runs_per_frame']:.2f} | {r['refines_per_frame']:.2f} | "
            f"{r['bare_sum_ms']:.1f} | {ratio} |")
    shipped = {r['people']: r for r in rows
               if r['refine_model'] == 'thunder' and not r['changes']}
    lines += ['', f"Bare invokes: MultiPose {rows[0]['detector_bare_ms']:.1f} ms at this "
              f"frame's input, {rows[0]['tile_bare_ms']:.1f} ms at a tile's, Thunder "
              f"{rows[0]['refiner_bare_ms']:.1f} ms. With the shipped "
              f"parameters 3 people run at {shipped[3]['fps']:.1f} fps; the worst ratio is "
              f"{max(r['ratio_to_bare'] for r in shipped.values()):.2f}.", END]
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--write', action='store_true',
                        help='write docs/benchmarks.md and the multiperson key of '
                             'bench/results.json')
    args = parser.parse_args()
    keep_freed_image_buffers()  # as the node does
    data_dir = Path(os.environ.get('MOVENET_DATA', ROOT.parent / 'shared' / 'data'))
    rows = []
    for label, refine_model, people, changes in ROWS:
        print(f'multi-person: {people} people, {label} ...', flush=True)
        rows.append(bench_row(refine_model, people, data_dir, args.threads, args.rounds,
                              changes))
    text = section(rows, args.threads)
    print(text)
    if args.write:
        store_figures(ROOT / 'bench' / 'results.json', 'multiperson',
                      {'threads': args.threads, 'fps': FPS, 'rows': rows})
        replace_section(ROOT / 'docs' / 'benchmarks.md', BEGIN, END, text)


if __name__ == '__main__':
    main()
