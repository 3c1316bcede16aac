# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make bench-cameras' outputs: its table, its targets, its docs section and its plot.

Made from the rows alone (bench/results.json keeps them), so that ``cameras.py
--render`` can write the section and the plot again without measuring.
"""

import statistics

from .docs_section import replace_section
from .processes import ROOT

MARK_BEGIN = '<!-- cameras:begin -->'
MARK_END = '<!-- cameras:end -->'
PLOT = ROOT / 'docs' / 'benchmarks_cameras.png'
ONE, SEPARATE = 'one process', 'separate processes'
PHASES = {'random': 'within one frame period, each at a random phase (as free-running '
          'cameras do; the same phases for a row in every run)',
          'aligned': 'at one moment, frames in phase (as triggered cameras are)'}
MODES = (ONE, SEPARATE)
#: The targets' row: 4 cameras; memory growth is read between 4 and 8 cameras.
TARGET_CAMERAS, GROWTH_FROM, GROWTH_TO = 4, 4, 8


def _ms(value):
    return '-' if value is None else f'{value:.1f}'


def table(rows):
    lines = ['| cameras | mode | total RSS MB (peak) | total PSS MB (peak) | node CPU % of a '
             'core | node CPU ms/frame | camera CPU ms/frame | answered, worst camera '
             '(mean) | worst camera latency p50 / p95 ms | clean exit |',
             '|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        clean = all(c == 0 for c in r['node_exit_codes']) and not r['node_tracebacks']
        lines.append(
            f"| {r['cameras']} | {r['mode']} | {r['rss_mb_peak']:.0f} | {r['pss_mb_peak']:.0f} | "
            f"{r['node_cpu_core_share']:.0%} | {r['node_cpu_ms_per_frame']:.1f} | "
            f"{r['camera_cpu_ms_per_frame']:.1f} | {r['answered_min']:.1%} "
            f"({r['answered_mean']:.1%}) | {_ms(r['worst_p50_ms'])} / "
            f"{_ms(r['worst_p95_ms'])} | {'yes' if clean else 'no'} |")
    return '\n'.join(lines)


def targets(rows):
    """Return the targets as ratios and whether each is met (None: a row is missing)."""
    by = {(r['mode'], r['cameras']): r for r in rows}
    checks = []

    def check(name, value, limit, low_is_good=True, unit=''):
        met = None if value is None else (value <= limit if low_is_good else value >= limit)
        checks.append((name, value, f"{'<=' if low_is_good else '>='} {limit:g}{unit}", met))

    one, separate = by.get((ONE, TARGET_CAMERAS)), by.get((SEPARATE, TARGET_CAMERAS))
    n = TARGET_CAMERAS
    check(f'{n} cameras: total RSS, one process / separate processes',
          one and separate and one['rss_mb_peak'] / separate['rss_mb_peak'], 0.4)
    check(f'{n} cameras, one process: share answered, worst camera',
          one and one['answered_min'], 0.95, low_is_good=False)
    check(f'{n} cameras: worst camera p95, one process / separate processes',
          one and separate and one['worst_p95_ms'] and separate['worst_p95_ms'] and
          one['worst_p95_ms'] / separate['worst_p95_ms'], 1.2)
    low, high = by.get((ONE, GROWTH_FROM)), by.get((ONE, GROWTH_TO))
    check(f'one process, {GROWTH_FROM} to {GROWTH_TO} cameras: RSS added per camera (MB)',
          low and high and (high['rss_mb_peak'] - low['rss_mb_peak']) / (GROWTH_TO - GROWTH_FROM),
          10, unit=' MB')
    lines = ['| target | value | limit | met |', '|---|---|---|---|']
    for name, value, limit, met in checks:
        shown = ('-' if value is None else f'{value:.1%}' if 'share' in name else
                 f'{value:.1f}' if '(MB)' in name else f'{value:.2f}')
        verdict = '-' if met is None else 'yes' if met else 'no'
        lines.append(f'| {name} | {shown} | {limit} | {verdict} |')
    return '\n'.join(lines), checks


def growth(rows, mode, key):
    """Least-squares slope of ``key`` against the number of cameras, for ``mode``."""
    points = [(r['cameras'], r[key]) for r in rows if r['mode'] == mode]
    if len(points) < 2:
        return None
    mx = statistics.mean(x for x, _ in points)
    my = statistics.mean(y for _, y in points)
    return (sum((x - mx) * (y - my) for x, y in points)
            / sum((x - mx) ** 2 for x, _ in points))


def plot(rows, path):
    """Total RSS and node CPU against the number of cameras, one line per mode (cv2)."""
    import cv2
    import numpy as np

    width, height, margin = 560, 420, (80, 30, 50, 60)  # left, right, top, bottom
    colours = {ONE: (180, 119, 31), SEPARATE: (14, 127, 255)}  # BGR
    font = cv2.FONT_HERSHEY_SIMPLEX
    panels = []
    counts = sorted({r['cameras'] for r in rows})
    panes = (('rss_mb_peak', 'Total RSS of the node processes (MB)', 1.0),
             ('node_cpu_core_share', 'Node CPU (% of a core; 2 cores: 200)', 100.0))
    for key, title, scale in panes:
        img = np.full((height, width, 3), 255, np.uint8)
        left, right, top, bottom = margin
        x0, x1, y0, y1 = left, width - right, height - bottom, top
        top_value = max(r[key] * scale for r in rows) * 1.15 or 1.0
        step = _nice_step(top_value / 5)
        top_value = step * (int(top_value / step) + 1)
        xmax = max(counts) + 0.5

        def px(x, y):
            return (int(x0 + (x1 - x0) * x / xmax), int(y0 - (y0 - y1) * y / top_value))

        v = 0.0
        while v <= top_value + 1e-9:
            y = px(0, v)[1]
            cv2.line(img, (x0, y), (x1, y), (230, 230, 230), 1)
            cv2.putText(img, f'{v:g}', (x0 - 8 - 9 * len(f'{v:g}'), y + 5), font, 0.42,
                        (60, 60, 60), 1, cv2.LINE_AA)
            v += step
        for c in counts:
            x = px(c, 0)[0]
            cv2.line(img, (x, y0), (x, y0 + 5), (60, 60, 60), 1)
            cv2.putText(img, str(c), (x - 4, y0 + 20), font, 0.45, (60, 60, 60), 1,
                        cv2.LINE_AA)
        cv2.line(img, (x0, y0), (x1, y0), (0, 0, 0), 1)
        cv2.line(img, (x0, y0), (x0, y1), (0, 0, 0), 1)
        cv2.putText(img, 'cameras (640x480, 15 fps each)', (x0 + 90, height - 15), font,
                    0.5, (0, 0, 0), 1, cv2.LINE_AA)
        cv2.putText(img, title, (x0, 30), font, 0.55, (0, 0, 0), 1, cv2.LINE_AA)
        value = {(r['mode'], r['cameras']): r[key] * scale for r in rows}
        for row, mode in enumerate(MODES):
            mine = [c for c in counts if (mode, c) in value]
            points = [px(c, value[(mode, c)]) for c in mine]
            colour = colours[mode]
            if len(points) > 1:
                cv2.polylines(img, [np.array(points, np.int32)], False, colour, 2, cv2.LINE_AA)
            for c, p in zip(mine, points):
                cv2.circle(img, p, 4, colour, -1, cv2.LINE_AA)
                # The higher of the two modes' values is labelled above its point.
                others = [v for (m, n), v in value.items() if n == c and m != mode]
                above = all(value[(mode, c)] >= v for v in others) if others else row == 0
                cv2.putText(img, f'{value[(mode, c)]:.0f}', (p[0] - 10, p[1] - 10 if above
                                                             else p[1] + 18),
                            font, 0.4, colour, 1, cv2.LINE_AA)
            ly = y1 + 12 + 20 * row
            cv2.line(img, (x0 + 15, ly), (x0 + 45, ly), colour, 2, cv2.LINE_AA)
            cv2.putText(img, mode, (x0 + 52, ly + 5), font, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
        panels.append(img)
    cv2.imwrite(str(path), np.hstack(panels))


def _nice_step(raw):
    """Return 1, 2 or 5 times a power of ten, at least ``raw``."""
    power = 10 ** int(f'{raw:e}'.split('e')[1])
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def section(rows, checks_text, args):
    """Return the Markdown section of docs/benchmarks.md."""
    slopes = {mode: growth(rows, mode, 'rss_mb_peak') for mode in MODES}
    cpu = {mode: growth(rows, mode, 'node_cpu_core_share') for mode in MODES}
    by = {(r['mode'], r['cameras']): r for r in rows}
    notes = []
    if all(slopes.values()):
        notes.append(
            f'Memory grows by {slopes[ONE]:.1f} MB per camera in one process and by '
            f'{slopes[SEPARATE]:.0f} MB per camera as separate processes (least-squares slope '
            f'over {", ".join(str(c) for c in sorted({r["cameras"] for r in rows}))} '
            'cameras); node CPU by '
            f'{cpu[ONE]:.0%} and {cpu[SEPARATE]:.0%} of a core per camera.')
    for r in rows:
        if r['answered_min'] < 0.95:
            notes.append(
                f"{r['cameras']} cameras, {r['mode']}: the worst camera got answers for "
                f"{r['answered_min']:.0%} of its frames (mean {r['answered_mean']:.0%}); the "
                'node skips frames it has no time for and answers the newest.')
    top = by.get((SEPARATE, max(r['cameras'] for r in rows)))
    if top and top['pss_mb_peak'] < top['rss_mb_peak'] * 0.9:
        notes.append(
            'Summed RSS counts the pages separate processes share (libraries, the model file '
            f"mapped read-only) once per process; PSS splits them: at {top['cameras']} separate "
            f"processes {top['pss_mb_peak']:.0f} MB PSS against {top['rss_mb_peak']:.0f} MB "
            'RSS.')
    busy = [r for r in rows if r['other_cpu_core_share'] > 0.1]
    if busy:
        notes.append('Besides the nodes and the cameras, the machine was busy for more than '
                     '10% of a core during: ' + ', '.join(
                         f"{r['cameras']} cameras, {r['mode']} "
                         f"({r['other_cpu_core_share']:.0%})" for r in busy) + '.')
    rounds = (f'Every row ran {args.rounds} times, the rows in turn; each figure is the median '
              'of its runs.' if args.rounds > 1 else 'Each row ran once.')
    return (
        f'{MARK_BEGIN}\n## Several cameras: one process against a process per camera '
        '(make bench-cameras)\n\n'
        f'N camera processes (as bench/camera.py) each publish {args.size} raw bgr8 frames of '
        f'pose_1.mp4, reliable, at {args.fps:g} fps for {args.seconds:g} s, to `movenet_cameras` '
        '(every camera in one process) or to one `movenet_node` per camera; stock Fast DDS, '
        'the shipped params file for every camera. The cameras wait until the node '
        f'listens to them, then all start their streams {PHASES[args.phase]}. '
        'Total RSS: the largest '
        'sum of VmRSS of the node processes over samples every 0.25 s during the stream (PSS '
        'likewise, every 2 s). Node CPU: of the node processes, from /proc over the stream, '
        'per second of stream and per frame sent by all cameras. Camera CPU: the mean camera '
        'process over its stream. '
        "Answered: share of a camera's frames whose pose/keypoints answer came back; latency: "
        'from the stamp until that answer arrives, for the camera with the highest p50 and '
        'p95. Clean exit: every node process ended with code 0 on SIGINT. '
        f'{rounds}\n\n{table(rows)}\n\n'
        '![RSS and CPU against the number of cameras](benchmarks_cameras.png)\n\n'
        f'### Targets ({TARGET_CAMERAS} cameras at {args.fps:g} fps on this 2-core machine)\n\n'
        f'{checks_text}\n\n' + '\n\n'.join(notes) + f'\n{MARK_END}')


def write_docs(rows, args):
    """Write the section of docs/benchmarks.md and the plot."""
    plot(rows, PLOT)
    replace_section(ROOT / 'docs' / 'benchmarks.md', MARK_BEGIN, MARK_END,
                    section(rows, targets(rows)[0], args))
