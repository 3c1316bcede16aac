# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make bench-cameras: what each added camera costs, in one process against one process each.

A robot with several cameras can run movenet_cameras (every camera in one process) or one
movenet_node per camera. This measures both with 1, 2, 4 and 8 cameras, so that the
curves show what a process per camera costs that the shared one does not, and where one
shared worker runs out.

Every camera is a process of its own (``cameras.py camera``, lib/publishing.py) that
streams as bench/camera.py does, but all cameras of a row start on cue within one frame
period, each at a random phase as free-running cameras are (--phase aligned: all at once,
as triggered cameras are), so that their streams overlap for the whole window. Per row:
memory and CPU of the node processes from /proc, and each camera's answers and latency.
This script runs the rows; lib/cameras_report.py writes the Markdown (--write:
docs/benchmarks.md, bench/results.json and docs/benchmarks_cameras.png).
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

from lib.cameras_report import ONE, SEPARATE, table, targets, write_docs
from lib.docs_section import store_figures
from lib.proc import cpu_seconds, machine_cpu_seconds, MemorySampler, status_kib
from lib.processes import (log_text, ROOT, start_cued, start_cued_camera, stop_all,
                           wait_listening, wait_ready)
from lib.publishing import cued_camera_main


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
