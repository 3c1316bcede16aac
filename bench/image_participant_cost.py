# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the annotated image's own DDS participant costs, against the node sending it itself.

Rows as in make bench-stock (bench/stock_middleware.py: stock Fast DDS, the shipped params
file, a reliable camera in a process of its own at 30 fps), for a 640x480 raw camera and a
1920x1080 JPEG one, with and without a viewer of the annotated image (raw and compressed,
bench/chaos_viewer.py), each with annotated_image_participant true and false. Rows run in
turn, round after round; each figure is the median of its rounds. CPU per frame of the
node, the camera and the viewer, from /proc, divided by the frames sent. Prints Markdown;
--write puts it into docs/benchmarks.md and the figures into bench/results.json.
"""

import argparse
from pathlib import Path

from lib.docs_section import replace_section, store_figures
from stock_middleware import latency_cell, median_row, run_row

ROOT = Path(__file__).resolve().parents[1]
MARK_BEGIN = '<!-- image-participant:begin -->'
MARK_END = '<!-- image-participant:end -->'

#: (label, camera size, camera transport, node parameters)
CAMERAS = [
    ('raw 640x480', '640x480', 'raw', {'input_transport': 'raw'}),
    ('JPEG 1920x1080 q95', '1920x1080', 'jpeg', {'input_transport': 'compressed'}),
]


def rows():
    """Every (label, size, transport, parameters, viewer) row, the two settings side by side."""
    return [(f"{camera}, {'viewer' if viewer else 'no viewer'}, participant {own}",
             size, transport, {**parameters, 'annotated_image_participant': own}, viewer)
            for camera, size, transport, parameters in CAMERAS
            for viewer in (False, True) for own in ('true', 'false')]


def table(measured):
    lines = ['| camera, viewer, annotated_image_participant | answered | latency p50 / p95 ms '
             '| rendered | node CPU ms/frame | camera CPU ms/frame | viewer CPU ms/frame | '
             'all three ms/frame |', '|---|---|---|---|---|---|---|---|']
    for label, r in measured:
        viewer = r.get('viewer_cpu_ms_per_frame')
        total = r['node_cpu_ms_per_frame'] + r['camera_cpu_ms_per_frame'] + (viewer or 0.0)
        lines.append(
            f"| {label} | {r['answered'] / r['sent']:.0%} | {latency_cell(r)} | "
            f"{(r['rendered'] or 0) / r['sent']:.0%} | {r['node_cpu_ms_per_frame']:.2f} | "
            f"{r['camera_cpu_ms_per_frame']:.2f} | "
            f"{'—' if viewer is None else f'{viewer:.2f}'} | {total:.2f} |")
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--seconds', type=float, default=15.0, help='stream length per row')
    parser.add_argument('--fps', type=float, default=30.0)
    parser.add_argument('--rounds', type=int, default=3, help='runs of every row, interleaved')
    parser.add_argument('--only', default='', help='run only the rows whose label has this')
    parser.add_argument('--write', action='store_true',
                        help='update docs/benchmarks.md and bench/results.json')
    args = parser.parse_args()
    chosen = [row for row in rows() if args.only in row[0]]
    if args.write and len(chosen) < len(rows()):
        parser.error('--write needs every row (no --only)')
    runs = {row[0]: [] for row in chosen}
    for _ in range(args.rounds):
        for label, size, transport, parameters, viewer in chosen:
            runs[label].append(run_row(size, transport, 95, parameters, args.seconds,
                                       args.fps, viewer=viewer))
            print(table([(label, runs[label][-1])]).splitlines()[-1], flush=True)
    measured = [(label, median_row(runs[label])) for label in runs]
    text = table(measured)
    print(text)
    if args.write:
        write(args, text, measured, runs)


def write(args, text, measured, runs):
    """Put the table into docs/benchmarks.md and the figures into bench/results.json."""
    section = (
        f"{MARK_BEGIN}\n## The annotated image's own participant "
        '(bench/image_participant_cost.py)\n\n'
        'What sending the annotated image from a DDS participant of its own costs '
        '(`annotated_image_participant`, [outputs.md](outputs.md)). A camera process '
        f'publishes reliable at {args.fps:g} fps for {args.seconds:g} s to movenet_node; '
        "stock Fast DDS, the shipped params file plus the row's settings. With a viewer, "
        'a third process takes the annotated image, raw and compressed, throughout; '
        '"rendered" is the share of frames the node drew for it. CPU per frame: from '
        '/proc over the stream, divided by the frames sent. '
        f'Every row ran {args.rounds} times, the rows in turn; each figure is the median '
        f'of its runs.\n\n{text}\n{MARK_END}')
    replace_section(ROOT / 'docs' / 'benchmarks.md', MARK_BEGIN, MARK_END, section)
    store_figures(ROOT / 'bench' / 'results.json', 'image_participant', {
        'seconds': args.seconds, 'fps': args.fps, 'rounds': args.rounds,
        'rows': dict(measured), 'runs': runs})


if __name__ == '__main__':
    main()
