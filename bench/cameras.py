# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make bench-cameras: what each added camera costs, in one process against one process each.

A robot with several cameras can run movenet_cameras (every camera in one process: one
Python runtime, one DDS participant, one interpreter per model and one worker thread) or
one movenet_node per camera. This measures both on stock Fast DDS with 1, 2, 4 and 8
cameras, so that the curves show how cost grows as work grows: what a process per camera
costs that the shared one does not, and where one shared worker runs out.

Every camera is a process of its own that publishes 640x480 raw bgr8 frames of a video,
reliable, at 15 fps for 15 s, as bench/camera.py does, but all cameras of a row start their
streams within one frame period, each at a random phase as free-running cameras are
(``cameras.py camera``; --phase aligned: all at once, as triggered cameras are): started on
their own they began up to 3.5 s apart, so N streams overlapped for only part of the
window. Per row: the total resident memory of the node process(es), sampled from /proc
during the stream; the nodes' CPU over the stream, per second and per frame; the share of
its frames each camera got an answer for; and the latency (stamp until the answer arrives
back at the camera) of the worst camera. Prints Markdown; --write puts it into
docs/benchmarks.md, the figures into bench/results.json and a plot into
docs/benchmarks_cameras.png.
"""

import argparse
import json
import os
from pathlib import Path
import random
import statistics
import sys
import tempfile
import time

from lib.docs_section import replace_section, store_figures
from lib.proc import cpu_seconds, machine_cpu_seconds, MemorySampler, status_kib
from lib.processes import (log_text, ROOT, start_cued, start_cued_camera, stop_all,
                           wait_listening, wait_ready)
from lib.publishing import cued_camera_main

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


def sleep_until(moment):
    """Sleep until the monotonic second ``moment``."""
    while time.monotonic() < moment:
        time.sleep(min(0.05, max(0.0, moment - time.monotonic())))


def run_row(mode, count, args, workdir):
    """One row: the node process(es) and ``count`` camera processes; the row's figures."""
    sys.path.insert(0, str(ROOT / 'movenet_ros' / 'test'))
    from ros_harness import executable, PARAMS_FILE, reap, start, start_node
    import yaml

    namespaces = [f'c{k}' for k in range(count)]
    if mode == ONE:
        cameras_file = Path(workdir) / f'cameras_{count}.yaml'
        cameras_file.write_text(yaml.safe_dump({'cameras': [
            {'namespace': ns, 'image_topic': f'/{ns}/image_raw', 'params_file': str(PARAMS_FILE)}
            for ns in namespaces]}))
        nodes = [start(executable('movenet_cameras'), '--ros-args',
                       '-p', f'cameras_file:={cameras_file}')]
    else:
        nodes = [start_node('-r', f'__ns:=/{ns}', image_topic=f'/{ns}/image_raw')
                 for ns in namespaces]
    pids = [n.pid for n in nodes]
    cameras, logs, outputs = [], [], []
    try:
        wait_listening(nodes, count, timeout=30.0 + 15.0 * count)
        idle_rss = sum(status_kib(p, 'VmRSS') for p in pids)
        for ns in namespaces:
            log = tempfile.TemporaryFile(mode='w+')
            logs.append(log)
            cameras.append(start_cued_camera(args.video, args.size, args.fps, args.seconds,
                                             ns, log))
        wait_ready(cameras, timeout=60.0 + 10.0 * count)
        time.sleep(1.0)  # past discovery: the node's transport choice settles
        sampler = MemorySampler(pids)
        sampler.start()
        # Free-running cameras: each starts within one frame period of the others, at a
        # random phase (the same for a row in every run); aligned: hardware-triggered.
        began = time.monotonic() + 0.5
        period = 1.0 / args.fps
        phases = random.Random(count).sample(range(1000), count)
        for k, camera in enumerate(cameras):
            offset = 0.0 if args.phase == 'aligned' else phases[k] / 1000 * period
            start_cued(camera, began + offset)
        sleep_until(began)
        cpu, machine = sum(cpu_seconds(p) for p in pids), machine_cpu_seconds()
        sleep_until(began + args.seconds + period)
        cpu = sum(cpu_seconds(p) for p in pids) - cpu
        machine = machine_cpu_seconds() - machine
        end_rss = sum(status_kib(p, 'VmRSS') for p in pids)
        sampler.stop()
        for camera in cameras:
            output, _ = camera.communicate(timeout=30.0)
            outputs.append(output)
        hwm = sum(status_kib(p, 'VmHWM') for p in pids)
    finally:
        camera_codes = stop_all(cameras, timeout=5.0) if cameras else []
        node_codes = stop_all(nodes)
        node_logs = [log_text(n) for n in nodes]
        errors = []
        for log in logs:
            log.seek(0)
            errors.append(log.read())
            log.close()
        reap()
    results = []
    for k, output in enumerate(outputs):
        lines = [line for line in output.splitlines() if line.startswith('{')]
        if camera_codes[k] != 0 or not lines:
            raise RuntimeError(f'camera c{k} failed (exit {camera_codes[k]}):\n{output}'
                               f'{errors[k]}')
        results.append(json.loads(lines[-1]))
    window = args.seconds + period
    stream = [kb for t, kb in sampler.rss if began <= t <= began + window]
    pss = [kb for t, kb in sampler.pss if began <= t <= began + window]
    sent = sum(r['sent'] for r in results)
    camera_cpu = sum(r['camera_cpu_ms_per_frame'] * r['sent'] / 1e3 for r in results)
    answered = [r['answered'] / r['sent'] for r in results]
    p50 = [r['latency_ms_p50'] for r in results]
    p95 = [r['latency_ms_p95'] for r in results]
    return {
        'mode': mode, 'cameras': count, 'sent': sent,
        'published': sum(r['published'] for r in results),
        'rss_mb_idle': idle_rss / 1024,
        'rss_mb_peak': max(stream + [end_rss]) / 1024,
        'rss_mb_end': end_rss / 1024,
        'pss_mb_peak': max(pss) / 1024 if pss else None,
        'hwm_mb': hwm / 1024,
        'node_cpu_s': cpu,
        'node_cpu_core_share': cpu / window,
        'node_cpu_ms_per_frame': cpu / sent * 1e3,
        'camera_cpu_ms_per_frame': statistics.mean(r['camera_cpu_ms_per_frame']
                                                   for r in results),
        # Everything busy on the machine, and what neither the nodes nor the cameras used
        # (this script, the system, anything else running): a check on a quiet machine.
        'machine_cpu_core_share': machine / window,
        'other_cpu_core_share': (machine - cpu - camera_cpu) / window,
        'answered_min': min(answered), 'answered_mean': statistics.mean(answered),
        'worst_p50_ms': None if None in p50 else max(p50),
        'worst_p95_ms': None if None in p95 else max(p95),
        'start_late_ms_max': max(r['start_late_ms'] for r in results),
        'node_exit_codes': node_codes,
        'node_tracebacks': sum('Traceback' in o for o in node_logs),
        'per_camera': [dict(r, namespace=ns) for ns, r in zip(namespaces, results)],
    }


def median_row(runs):
    """Return the median of every figure over the rounds of one row."""
    row = dict(runs[-1])
    for key, value in runs[0].items():
        values = [r[key] for r in runs if r[key] is not None]
        if isinstance(value, float) or isinstance(value, int) and len(set(values)) > 1:
            row[key] = statistics.median(values) if values else None
    row['node_exit_codes'] = [c for r in runs for c in r['node_exit_codes']]
    row['node_tracebacks'] = sum(r['node_tracebacks'] for r in runs)
    row['rounds'] = len(runs)
    row['per_camera'] = [
        {'namespace': cams[0]['namespace'],
         'answered_share': statistics.median(c['answered'] / c['sent'] for c in cams),
         **{key: statistics.median(c[key] for c in cams if c[key] is not None)
            if any(c[key] is not None for c in cams) else None
            for key in ('latency_ms_p50', 'latency_ms_p95', 'camera_cpu_ms_per_frame')}}
        for cams in zip(*(r['per_camera'] for r in runs))]
    return row


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


def main():
    if sys.argv[1:2] == ['camera']:
        return cued_camera_main(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--cameras', default='1,2,4,8', help='numbers of cameras, comma-separated')
    parser.add_argument('--modes', default='one,separate', help='one, separate or both')
    parser.add_argument('--seconds', type=float, default=15.0, help='stream length per row')
    parser.add_argument('--fps', type=float, default=15.0, help='frame rate of every camera')
    parser.add_argument('--size', default='640x480', help='WIDTHxHEIGHT')
    parser.add_argument('--video', type=Path, default=Path(os.environ.get(
        'MOVENET_DATA', ROOT.parent / 'shared' / 'data')) / 'video' / 'pose_1.mp4')
    parser.add_argument('--phase', choices=('random', 'aligned'), default='random',
                        help='cameras free-running at random phases, or triggered at once')
    parser.add_argument('--rounds', type=int, default=3, help='runs of every row, interleaved')
    parser.add_argument('--write', action='store_true', help='update docs/benchmarks.md, '
                        'docs/benchmarks_cameras.png and bench/results.json')
    parser.add_argument('--render', action='store_true', help='measure nothing: write the '
                        'section and the plot again from bench/results.json')
    args = parser.parse_args()
    results = ROOT / 'bench' / 'results.json'
    if args.render:
        stored = json.loads(results.read_text())['cameras']
        for key in ('seconds', 'fps', 'size', 'rounds', 'phase'):
            setattr(args, key, stored[key])
        write_docs(list(stored['rows'].values()), args)
        return 0
    counts = [int(c) for c in args.cameras.split(',')]
    modes = [m for key, m in (('one', ONE), ('separate', SEPARATE)) if key in args.modes]
    plan = [(mode, count) for count in counts for mode in modes]
    runs = {key: [] for key in plan}
    with tempfile.TemporaryDirectory(prefix='bench_cameras_') as workdir:
        for _ in range(args.rounds):
            for mode, count in plan:
                runs[(mode, count)].append(run_row(mode, count, args, workdir))
                print(table([runs[(mode, count)][-1]]).splitlines()[-1], flush=True)
    rows = [median_row(runs[key]) for key in plan]
    checks_text, checks = targets(rows)
    print(table(rows))
    print(checks_text)
    if not args.write:
        return 0
    write_docs(rows, args)
    store_figures(results, 'cameras', {
        'seconds': args.seconds, 'fps': args.fps, 'size': args.size, 'rounds': args.rounds,
        'phase': args.phase,
        'rss': 'peak of the summed VmRSS of the node processes while the cameras ran',
        'rows': {f'{r["mode"]}, {r["cameras"]}': r for r in rows},
        'runs': {f'{mode}, {count}': [{k: v for k, v in run.items() if k != 'per_camera'}
                                      for run in value] for (mode, count), value in runs.items()},
        'targets': [{'target': n, 'value': v, 'limit': lim, 'met': m}
                    for n, v, lim, m in checks]})


if __name__ == '__main__':
    sys.exit(main())
