# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make soak-chaos: an hour of what robots do to a perception node, on stock middleware.

Two managed nodes (movenet_lifecycle_node, one per camera, as one_process:=false runs
them) read two cameras in processes of their own (bench/chaos_camera.py): a 1920x1080
camera offering raw and JPEG q95 (the node's default input_transport: auto reads the
JPEG) and a 640x480 raw camera. Both send 1 % malformed frames. Every minute, on a
schedule (lib/soak_schedule.py):

- a full lifecycle cycle (deactivate, cleanup, configure, activate) of one node;
- a camera killed with SIGKILL and restarted, every other time with the other
  reliability;
- a camera restarted with stamps an hour back, and 20 s later forward again;
- valid and invalid live parameters every 10 s;
- annotated-image, image-annotation and diagnostics subscribers attached and detached;
- every third minute, a /clock phase: use_sim_time set live on the raw camera's node, its
  camera stamping from /clock, and the clock reset to zero as a bag replay loop does.

Recorded: for every fault, the seconds from the camera publishing again (or the call
returning) until the node's next pose arrives; RSS, open files and threads of each node
every 5 s; the frame accounting of every /diagnostics message (received = processed +
skipped_busy + lost_in_transport + rejected + failed, up to the frames in flight, and
exactly once the cameras stop); the longest gap between /diagnostics messages; tracebacks
in the nodes' output. ``--write`` puts the figures into bench/soak.json under "chaos" and
into docs/benchmarks.md with a plot of RSS; ``--check`` exits non-zero unless what cannot
depend on the machine's speed holds: every fault resumed, accounting exact, no traceback,
files and threads flat, every parameter answered as expected (CI runs 5 minutes of it).

This script runs the schedule; lib/soak_analysis.py reads the records and
lib/soak_report.py writes them out.
"""

import argparse
import json
import os
from pathlib import Path
import signal
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'bench'))
sys.path.insert(0, str(ROOT / 'movenet_ros' / 'test'))

from lib.proc import (descriptor_changes, file_count, open_files, proc_status,  # noqa: E402
                      status_mb)
from lib.processes import ChaosCamera, start_bench_node, stop_all  # noqa: E402
from lib.soak_analysis import figures_of_run, from_samples  # noqa: E402
from lib.soak_report import write  # noqa: E402
from lib.soak_ros import Chaos  # noqa: E402
from lib.soak_schedule import CAMERAS, RESUME_LIMIT, schedule  # noqa: E402


def start_nodes(log_dir):
    """Both managed nodes, with the shipped params file and nothing else set."""
    nodes = {}
    for name in CAMERAS:
        log = open(Path(log_dir) / f'node_{name}.log', 'w+')
        nodes[name] = start_bench_node(log, f'/chaos_{name}/camera', f'/chaos_{name}',
                                       'movenet_lifecycle_node',
                                       dict(os.environ, PYTHONFAULTHANDLER='1'))
        nodes[name].log = log
    return nodes


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def run(args):
    from dds_domain import claim_domain
    os.environ['ROS_DOMAIN_ID'] = str(claim_domain())
    os.environ.setdefault('ROS_AUTOMATIC_DISCOVERY_RANGE', 'LOCALHOST')
    data = Path(os.environ.get('MOVENET_DATA', ROOT.parent / 'shared' / 'data'))
    video = data / 'video' / 'pose_1.mp4'
    log_dir = tempfile.mkdtemp(prefix='soak_chaos_')
    nodes = start_nodes(log_dir)
    chaos = Chaos()
    cameras = {name: ChaosCamera(name, *CAMERAS[name], video, seed=100 * i)
               for i, name in enumerate(CAMERAS)}
    faults, samples, parameters, problems = [], [], [], []
    began = time.monotonic()

    first_files = {}  # each node's descriptors at the first minute mark

    def sample(label):
        row = {'t': round(time.monotonic() - began, 1), 'label': label}
        for name, process in nodes.items():
            status = proc_status(process.pid)
            row[name] = {'rss_mb': round(status_mb(status, 'VmRSS'), 2),
                         # RSS's three parts: private memory, mapped files (libraries,
                         # the model), shared memory (DDS segments).
                         **{key: round(status_mb(status, field), 2) for key, field in
                            (('anon_mb', 'RssAnon'), ('file_mb', 'RssFile'),
                             ('shmem_mb', 'RssShmem'))},
                         'files': file_count(process.pid),
                         'threads': status['Threads']}
            if label.startswith('minute'):  # which descriptors came or went, if any did
                files = open_files(process.pid)
                opened, closed = descriptor_changes(first_files.setdefault(name, files),
                                                    files)
                if opened or closed:
                    row[name]['files_opened'], row[name]['files_closed'] = opened, closed
        samples.append(row)

    def resumed(kind, name, detail, since):
        """Record how long ``name`` took to publish a pose after ``since``."""
        answered = chaos.first_pose_after(name, since)
        fault = {'t': round(since - began, 1), 'fault': kind, 'camera': name,
                 'detail': detail,
                 'seconds': None if answered is None else round(answered - since, 3)}
        faults.append(fault)
        print(f"  {fault['t']:7.1f} s  {kind:11s} {name:4s} {detail!s:40.40s} "
              f"-> {fault['seconds']} s", flush=True)

    def camera_back(camera):
        if not wait_until(lambda: camera.publishing is not None, RESUME_LIMIT):
            return None
        return camera.publishing

    try:
        for name in CAMERAS:
            for step in ('configure', 'activate'):
                if not chaos.transition(name, step):
                    raise RuntimeError(f'the {name} node did not {step}')
        for camera in cameras.values():
            camera.start()
        for name in CAMERAS:
            if chaos.first_pose_after(name, began, 60.0) is None:
                raise RuntimeError(f'the {name} node never published a pose')
        began = time.monotonic()
        sample('start')
        for at, action, target, detail in schedule(args.minutes):
            wait_until(lambda: time.monotonic() - began >= at, at + 3600)
            if at % 60 == 2:
                sample(f'minute {int(at // 60)}')
            if action == 'lifecycle':
                ok = all(chaos.transition(target, step) for step in
                         ('deactivate', 'cleanup', 'configure', 'activate'))
                if not ok:
                    problems.append(f'{at:.0f} s: the lifecycle cycle of {target} failed')
                resumed('lifecycle', target, detail, time.monotonic())
            elif action == 'kill':
                camera = cameras[target]
                camera.reliability = detail
                camera.restart(signal.SIGKILL)
                since = camera_back(camera)
                if since is None:
                    problems.append(f'{at:.0f} s: camera {target} did not publish again')
                else:
                    resumed('kill', target, f'restarted {detail}', since)
            elif action == 'stamps':
                camera = cameras[target]
                camera.offset = detail
                camera.restart()
                since = camera_back(camera)
                if since is not None:
                    resumed('stamps', target, f'stamps {detail:+.0f} s', since)
                else:
                    problems.append(f'{at:.0f} s: camera {target} did not publish again')
            elif action == 'sim_time':
                on = detail == 'on'
                if on:
                    chaos.clock_ns = 1000 * 1_000_000_000
                answer = chaos.set_parameter(target, 'use_sim_time', on)
                if answer is not True:
                    problems.append(f'{at:.0f} s: use_sim_time {detail} answered {answer}')
                camera = cameras[target]
                camera.sim_time = on
                camera.restart()
                since = camera_back(camera)
                if not on:
                    chaos.clock_ns = None
                if since is not None:
                    resumed('sim_time', target, f'use_sim_time {detail}', since)
            elif action == 'clock_reset':
                chaos.clock_ns = 0
                resumed('clock_reset', target, detail, time.monotonic())
            elif action == 'parameter':
                parameter, value, accepted = detail
                since = time.monotonic()
                answer = chaos.set_parameter(target, parameter, value)
                parameters.append({'t': round(since - began, 1), 'node': target,
                                   'parameter': parameter, 'value': value,
                                   'expected': accepted, 'answered': answer})
                if answer is not accepted:
                    problems.append(f'{at:.0f} s: {parameter}={value!r} on {target} answered '
                                    f'{answer}, expected {accepted}')
                resumed('parameter', target, f'{parameter}={value!r}', time.monotonic())
            elif action == 'attach':
                chaos.attach()
            elif action == 'detach':
                chaos.detach()
            if at % 5 == 0:
                sample(action)
        wait_until(lambda: time.monotonic() - began >= 60.0 * args.minutes, 120)
        sample('end')
        for camera in cameras.values():
            camera.stop()
        # Drained: the next diagnostics of each node must account for every frame.
        quiet = time.monotonic() + 1.5
        wait_until(lambda: all(chaos.diagnostics[n] and chaos.diagnostics[n][-1][0] > quiet
                               for n in CAMERAS), 10.0)
    finally:
        for camera in cameras.values():
            camera.stop()
        chaos.detach()
        exit_codes = {name: 'killed' if code is None else code
                      for name, code in zip(nodes, stop_all(list(nodes.values())))}
        chaos_diagnostics = dict(chaos.diagnostics)
        # Pose arrivals, to set beside a late /diagnostics message.
        poses = {name: [t - began for t in chaos.poses[name]] for name in CAMERAS}
        for name in CAMERAS:
            (Path(log_dir) / f'poses_{name}.txt').write_text(
                ''.join(f'{t:.3f}\n' for t in poses[name]))
        chaos.close()
    outputs = {}
    for name, process in nodes.items():
        process.log.seek(0)
        outputs[name] = process.log.read()
    return figures_of_run(args, faults, samples, parameters, problems, chaos_diagnostics,
                          outputs, exit_codes, cameras, log_dir, began, poses)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--minutes', type=float, default=60.0)
    parser.add_argument('--write', action='store_true',
                        help='write bench/soak.json ("chaos") and docs/benchmarks.md')
    parser.add_argument('--check', action='store_true',
                        help='exit 1 unless the speed-independent checks hold')
    parser.add_argument('--render', metavar='FIGURES_JSON',
                        help="write the docs from a run's saved figures.json, without a run")
    args = parser.parse_args()
    if args.render:
        write(from_samples(json.loads(Path(args.render).read_text())))
        return 0
    figures = run(args)
    (Path(figures['logs']) / 'figures.json').write_text(json.dumps(figures, indent=1))
    for name in CAMERAS:
        print(name, json.dumps(figures[name]))
    print('targets', json.dumps(figures['targets']))
    for check, ok in figures['checks'].items():
        print(f"  {'ok  ' if ok else 'FAIL'} {check}")
    for problem in figures['problems']:
        print('  problem:', problem)
    print('node logs:', figures['logs'])
    if args.write:
        write(figures)
    if args.check and not all(figures['checks'].values()):
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
