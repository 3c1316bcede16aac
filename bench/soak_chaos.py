# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make soak-chaos: an hour of what robots do to a perception node, on stock middleware.

Two managed nodes (movenet_lifecycle_node, one per camera, as one_process:=false runs
them) read two cameras in processes of their own (bench/chaos_camera.py): a 1920x1080
camera offering raw and JPEG q95 (the node's default input_transport: auto reads the
JPEG) and a 640x480 raw camera. Both send 1 % malformed frames. Every minute, on a
schedule (``schedule``):

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
"""

import argparse
import json
import os
from pathlib import Path
import signal
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'bench'))
sys.path.insert(0, str(ROOT / 'movenet_ros' / 'test'))

from lib.docs_section import replace_section, store_figures  # noqa: E402, I100
from lib.proc import (descriptor_changes, file_count, open_files, proc_status,  # noqa: E402
                      status_mb)
from lib.processes import (ChaosCamera, start_bench_node, stop, stop_all,  # noqa: E402
                           viewer_argv)

MARK_BEGIN = '<!-- soak-chaos:begin -->'
MARK_END = '<!-- soak-chaos:end -->'
#: Frames that may be in a node between arrival and their end: one pending, one in work.
IN_FLIGHT = 2
#: How long a fault may go unanswered before it counts as not resumed at all.
RESUME_LIMIT = 30.0

#: name -> (camera size, camera transport)
CAMERAS = {'jpeg': ('1920x1080', 'both'), 'raw': ('640x480', 'raw')}

#: Live parameters, set in turn every 10 s: (name, value, accepted?).
PARAMETER_SETS = [
    ('min_pose_score', 0.2, True),
    ('min_pose_score', 1.5, False),         # out of range
    ('enable_cropping', False, True),
    ('smoothing_min_cutoff', 0.0, False),   # out of range
    ('enable_cropping', True, True),
    ('min_pose_score', 'high', False),      # wrong type
    ('smoothing_beta', 2.0, True),
    ('tracker_type', 'nearest', False),     # not one of the trackers
    ('min_pose_score', 0.25, True),
    ('smoothing_beta', 0.0, True),
]


def schedule(minutes):
    """
    (seconds, action, target, detail) of the whole run, in time order.

    One minute's pattern, with the targets swapped every other minute: the raw camera's
    node carries the /clock phase every third minute.
    """
    events = []
    for m in range(int(minutes)):
        t0 = 60.0 * m
        a, b = ('jpeg', 'raw') if m % 2 == 0 else ('raw', 'jpeg')
        events.append((t0 + 2, 'lifecycle', a, 'deactivate, cleanup, configure, activate'))
        events.append((t0 + 7, 'attach', None, 'subscribers attached'))
        events.append((t0 + 12, 'kill', b, 'best_effort' if m % 4 >= 2 else 'reliable'))
        events.append((t0 + 22, 'detach', None, 'subscribers detached'))
        events.append((t0 + 27, 'stamps', a, -3600.0))
        events.append((t0 + 37, 'attach', None, 'subscribers attached'))
        events.append((t0 + 42, 'stamps', a, 0.0))
        if m % 3 == 2:
            events.append((t0 + 46, 'sim_time', 'raw', 'on'))
            events.append((t0 + 50, 'clock_reset', 'raw', 'clock back to zero'))
            events.append((t0 + 54, 'sim_time', 'raw', 'off'))
        events.append((t0 + 57, 'detach', None, 'subscribers detached'))
        for k, offset in enumerate((5, 15, 25, 35, 45, 55)):
            index = (6 * m + k) % len(PARAMETER_SETS)
            events.append((t0 + offset, 'parameter', (a, b)[k % 2], PARAMETER_SETS[index]))
    return sorted(events, key=lambda e: e[0])


class Chaos:
    """The orchestrator's ROS side: service calls, the /clock, and what the nodes say."""

    def __init__(self):
        import rclpy
        from diagnostic_msgs.msg import DiagnosticArray
        from movenet_ros_msgs.msg import PoseKeypoints
        from rclpy.executors import SingleThreadedExecutor
        from rosgraph_msgs.msg import Clock
        self.rclpy = rclpy
        rclpy.init()
        self.node = rclpy.create_node('soak_chaos')
        self.lock = threading.Lock()
        self.poses = {name: [] for name in CAMERAS}        # arrival times
        self.diagnostics = {name: [] for name in CAMERAS}  # (arrival, values)
        for name in CAMERAS:
            self.node.create_subscription(
                PoseKeypoints, f'/chaos_{name}/pose/keypoints',
                lambda msg, name=name: self._arrived(self.poses[name], time.monotonic()), 10)
        self.node.create_subscription(DiagnosticArray, '/diagnostics', self._on_diagnostics,
                                      50)
        self.clock = self.node.create_publisher(Clock, '/clock', 10)
        self.clock_ns = None  # None: no /clock published
        self.node.create_timer(0.01, self._tick)
        self.viewer = None
        self.executor = SingleThreadedExecutor()
        self.executor.add_node(self.node)
        self.thread = threading.Thread(target=self.executor.spin, daemon=True)
        self.thread.start()

    def _arrived(self, times, t):
        with self.lock:
            times.append(t)

    def _on_diagnostics(self, msg):
        now = time.monotonic()
        for status in msg.status:
            for name in CAMERAS:
                if status.name.startswith(f'/chaos_{name}/'):
                    values = {kv.key: kv.value for kv in status.values}
                    values['_stamp'] = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
                    with self.lock:
                        self.diagnostics[name].append((now, values))

    def _tick(self):
        from rosgraph_msgs.msg import Clock
        if self.clock_ns is None:
            return
        self.clock_ns += 10_000_000
        msg = Clock()
        msg.clock.sec, msg.clock.nanosec = divmod(self.clock_ns, 1_000_000_000)
        self.clock.publish(msg)

    def call(self, service_type, name, request, timeout=30.0):
        """Call a service and wait for the answer (None if none came)."""
        client = self.node.create_client(service_type, name)
        try:
            if not client.wait_for_service(timeout_sec=timeout):
                return None
            done = threading.Event()
            future = client.call_async(request)
            future.add_done_callback(lambda _: done.set())
            done.wait(timeout)
            return future.result() if future.done() else None
        finally:
            self.node.destroy_client(client)

    def transition(self, name, label):
        from lifecycle_msgs.msg import Transition
        from lifecycle_msgs.srv import ChangeState
        ids = {'configure': Transition.TRANSITION_CONFIGURE,
               'activate': Transition.TRANSITION_ACTIVATE,
               'deactivate': Transition.TRANSITION_DEACTIVATE,
               'cleanup': Transition.TRANSITION_CLEANUP}
        request = ChangeState.Request()
        request.transition.id = ids[label]
        answer = self.call(ChangeState, f'/chaos_{name}/movenet/change_state', request)
        return bool(answer and answer.success)

    def set_parameter(self, name, parameter, value):
        from rcl_interfaces.srv import SetParameters
        from rclpy.parameter import Parameter
        request = SetParameters.Request(
            parameters=[Parameter(parameter, value=value).to_parameter_msg()])
        answer = self.call(SetParameters, f'/chaos_{name}/movenet/set_parameters', request)
        return None if answer is None else answer.results[0].successful

    def attach(self):
        """Start a viewer process: the optional outputs of both nodes, and /diagnostics."""
        if self.viewer is None:
            self.viewer = subprocess.Popen(viewer_argv(f'/chaos_{name}' for name in CAMERAS),
                                           stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)

    def detach(self):
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            stop(viewer, signal.SIGTERM, timeout=10)

    def first_pose_after(self, name, t, limit=RESUME_LIMIT):
        """Wait until a pose of ``name`` arrived after ``t``; its arrival time or None."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                later = [p for p in self.poses[name][-200:] if p > t]
            if later:
                return later[0]
            time.sleep(0.02)
        return None

    def close(self):
        self.executor.shutdown(timeout_sec=1.0)
        self.node.destroy_node()
        self.rclpy.try_shutdown()


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
    return report(args, faults, samples, parameters, problems, chaos_diagnostics, outputs,
                  exit_codes, cameras, log_dir, began, poses)


def accounting(diagnostics):
    """
    Frames unaccounted for in the /diagnostics messages of one node.

    Returns ((fewest, most) over all messages, (unaccounted, counts) of the last one).
    """
    low = high = 0
    last = None
    for _, values in diagnostics:
        if 'received' not in values:
            continue
        ends = sum(int(values[k]) for k in ('processed', 'skipped_busy', 'lost_in_transport',
                                            'rejected', 'failed'))
        missing = int(values['received']) - ends
        low, high = min(low, missing), max(high, missing)
        last = (missing, {k: int(values[k]) for k in (
            'received', 'processed', 'skipped_busy', 'lost_in_transport', 'rejected',
            'failed', 'jpeg_warnings')})
    return (low, high), last


def viewer_spans(minutes):
    """(start, stop) in seconds into the run of every viewer process."""
    spans = []
    for at, action, _, _ in schedule(minutes):
        if action == 'attach':
            spans.append([at, 60.0 * minutes])
        elif action == 'detach' and spans:
            spans[-1][1] = at
    return spans


def sim_time_spans(minutes, name):
    """(start, stop) in seconds into the run while node ``name`` stamps from /clock."""
    spans = []
    for at, action, target, detail in schedule(minutes):
        if action == 'sim_time' and target == name:
            if detail == 'on':
                spans.append([at, 60.0 * minutes])
            elif spans:
                spans[-1][1] = at + 1.0
    return spans


def late_deliveries(arrivals, poses, viewers, sim_time=(), late=1.0):
    """
    Find the /diagnostics messages that came over ``late`` s after the node stamped them.

    ``arrivals`` are (seconds into the run, the node's stamp) per message and ``poses``
    the same node's pose arrivals. Arrival and stamp are on different clocks: the lowest
    tenth of their differences is taken as the usual transit. Messages that arrive in a
    ``sim_time`` span are left out: their stamps come from /clock. Messages held back
    together (arriving within 0.1 s) count once, with the longest hold, how long the
    viewer process (one of ``viewers``, (start, stop) spans) had run when the hold began,
    and the longest gap between the node's poses while they were held.
    """
    if len(arrivals) < 10:
        return []
    transit = sorted(a - s for a, s in arrivals)[len(arrivals) // 10]
    groups = []
    for arrival, stamp in arrivals:
        held = arrival - stamp - transit
        if not held > late or any(a <= arrival <= b for a, b in sim_time):
            continue
        if groups and arrival - groups[-1]['at_s'] < 0.1:
            groups[-1]['held_s'] = round(max(groups[-1]['held_s'], held), 2)
            groups[-1]['messages'] += 1
            continue
        began = arrival - held
        viewer = [a for a, b in viewers if a <= began <= b]
        during = [t for t in poses if began <= t <= arrival]
        groups.append({
            'at_s': arrival, 'held_s': round(held, 2), 'messages': 1,
            'viewer_running_s': round(began - viewer[0], 1) if viewer else None,
            'pose_gap_s': round(float(np.diff(during).max()), 2) if len(during) > 1 else None})
    return groups


def rss_slope(samples, name):
    """Least-squares RSS slope of ``samples`` in MB per hour (None for fewer than 3)."""
    if len(samples) < 3:
        return None
    t = np.array([s['t'] for s in samples]) / 3600.0
    return float(np.polyfit(t, [s[name]['rss_mb'] for s in samples], 1)[0])


#: The process's memory as each node reports it on /diagnostics.
MEMORY_KEYS = ('rss_mb', 'heap_in_use_mb', 'heap_free_mb', 'python_blocks')


def memory_figures(diagnostics, began):
    """
    Read the node's own memory figures off its /diagnostics, to tell growth from kept memory.

    RSS holds freed frames the allocator keeps; the C heap in use and Python's blocks do
    not. Each figure gets 10-minute means after the first 5 minutes and their slope per
    hour; the last figures before each minute mark (same state each time) are kept too.
    """
    rows = [[t - began] + [float(values[k]) for k in MEMORY_KEYS]
            for t, values in diagnostics if all(k in values for k in MEMORY_KEYS)]
    if not rows:
        return {}
    table = np.array(rows)
    t = table[:, 0]
    means = [table[(t >= start) & (t < start + 600)].mean(axis=0)
             for start in range(300, int(t[-1]) - 599, 600)]
    figures = {'memory_at_minute_marks': [
        [minute] + [round(float(v), 1) for v in table[t < 60.0 * minute][-1, 1:]]
        for minute in range(1, int(t[-1] // 60) + 1) if (t < 60.0 * minute).any()]}
    for column, key in enumerate(MEMORY_KEYS, 1):
        figures[f'{key}_10_minute_means'] = [round(float(m[column]), 1) for m in means]
        figures[f'{key}_slope_per_hour'] = (
            float(np.polyfit([m[0] / 3600.0 for m in means], [m[column] for m in means],
                             1)[0]) if len(means) >= 3 else None)
    return figures


def per_minute(diagnostics, began):
    """Frames received, processed, skipped, lost and rejected in each minute of the run."""
    keys = ('received', 'processed', 'skipped_busy', 'lost_in_transport', 'rejected')
    rows, previous, minute = [], None, 0
    for t, values in diagnostics:
        if 'received' not in values:
            continue
        counts = {k: int(values[k]) for k in keys}
        if previous is None:
            previous = counts
        while t - began >= 60.0 * (minute + 1):
            rows.append([minute] + [counts[k] - previous[k] for k in keys])
            previous, minute = counts, minute + 1
    return rows


def report(args, faults, samples, parameters, problems, diagnostics, outputs, exit_codes,
           cameras, log_dir, began, poses):
    figures = {'minutes': args.minutes, 'cameras': {
        name: {'size': CAMERAS[name][0], 'transport': CAMERAS[name][1]} for name in CAMERAS}}
    checks = {}
    for name in CAMERAS:
        times = [t for t, _ in diagnostics[name]]
        # Every arrival beside the node's stamp, to tell a late delivery from a late beat.
        arrivals = [(round(t - began, 3), values['_stamp']) for t, values in diagnostics[name]]
        (Path(log_dir) / f'diagnostics_{name}.jsonl').write_text(
            ''.join(json.dumps(a) + '\n' for a in arrivals))
        gaps = np.diff(times) if len(times) > 1 else np.zeros(1)
        widest = int(np.argmax(gaps))
        span, last = accounting(diagnostics[name])
        mine = [f['seconds'] for f in faults if f['camera'] == name]
        output = outputs[name]
        figures[name] = {
            'faults': len(mine),
            'fault_answer_s_max': max((s for s in mine if s is not None), default=None),
            'fault_answer_s_p50': (float(np.median([s for s in mine if s is not None]))
                                   if any(s is not None for s in mine) else None),
            'faults_not_answered': sum(s is None for s in mine),
            'unaccounted_in_flight': list(span),
            'final_counts': last[1] if last else None,
            'unaccounted_at_end': last[0] if last else None,
            'diagnostics_longest_gap_s': float(gaps.max()),
            'diagnostics_longest_gap_at_s': (round(times[widest] - began, 1)
                                             if len(times) > 1 else None),
            # The same gap by the stamps the node put on its messages: a gap here is the
            # node's, one only in arrival times is the way to this process.
            'diagnostics_gap_by_stamp_s': (round(diagnostics[name][widest + 1][1]['_stamp']
                                                 - diagnostics[name][widest][1]['_stamp'], 3)
                                           if len(times) > 1 else None),
            'minutes': per_minute(diagnostics[name], began),
            'diagnostics_late': late_deliveries(arrivals, poses[name],
                                                viewer_spans(args.minutes),
                                                sim_time_spans(args.minutes, name)),
            'tracebacks': output.count('Traceback'),
            'exit_code': exit_codes[name],
            'summary': next((line for line in reversed(output.splitlines())
                             if 'processed' in line and 'received' in line), ''),
            'frames_sent': cameras[name].sent_total,
            **memory_figures(diagnostics[name], began),
        }
        f = figures[name]
        checks[f'{name}: every fault answered'] = f['faults_not_answered'] == 0
        checks[f'{name}: accounting exact at the end'] = f['unaccounted_at_end'] == 0
        checks[f'{name}: accounting within the frames in flight'] = (
            0 <= f['unaccounted_in_flight'][0] and f['unaccounted_in_flight'][1] <= IN_FLIGHT)
        checks[f'{name}: no traceback'] = f['tracebacks'] == 0
        checks[f'{name}: exit code 0'] = f['exit_code'] == 0
    checks['every parameter answered as expected'] = not [
        p for p in parameters if p['answered'] is not p['expected']]
    checks['no step of the schedule failed'] = not problems
    figures['checks'] = checks
    figures['problems'] = problems
    figures['faults'] = faults
    figures['parameters'] = parameters
    figures['samples'] = samples
    figures['logs'] = log_dir
    return from_samples(figures)


def from_samples(figures):
    """
    Add what the RSS, files and threads samples tell, and the targets, to ``figures``.

    Files, threads and the RSS slope are read at the minute marks (just before each
    minute's lifecycle cycle, no viewer attached), where the state is the same every
    time; in between, RSS follows the viewers and the cycles. The first JPEG decode
    opens two files for good (the fd-2 capture and its fault file).
    """
    samples, checks = figures['samples'], figures['checks']
    for index, name in enumerate(CAMERAS):
        marks = [s for s in samples if s['label'].startswith('minute')] or samples
        later = [s for s in marks if s['t'] >= 300]
        # RSS swings by tens of MB with the viewers and the cycles (the allocator keeps
        # freed frame buffers): the slope is fitted to 10-minute means after the first 5
        # minutes; the minute marks and 3 s after each of the node's own cycles (+2 s of
        # its minutes, when free pages were just handed back) are kept beside it.
        trimmed = [s for s in samples if s['t'] >= 300 and 4.0 <= s['t'] % 60 <= 6.5
                   and int(s['t'] // 60) % 2 == index]
        windows = [[s for s in samples if start <= s['t'] < start + 600]
                   for start in range(300, int(samples[-1]['t']) - 599, 600)]
        means = [{'t': float(np.mean([s['t'] for s in w])),
                  name: {'rss_mb': float(np.mean([s[name]['rss_mb'] for s in w]))}}
                 for w in windows if w]
        parts = {f'{part}_10_minute_means': [
            round(float(np.mean([s[name][part] for s in w])), 1) for w in windows if w]
            for part in ('anon_mb', 'file_mb', 'shmem_mb') if part in samples[0][name]}
        figures[name].update({
            **parts,
            'rss_10_minute_means_mb': [round(m[name]['rss_mb'], 1) for m in means],
            'rss_slope_mb_per_hour': rss_slope(means, name),
            'rss_start_mb': samples[0][name]['rss_mb'],
            'rss_end_mb': samples[-1][name]['rss_mb'],
            'rss_min_mb': min(s[name]['rss_mb'] for s in samples),
            'rss_max_mb': max(s[name]['rss_mb'] for s in samples),
            'rss_after_5_min_mb': later[0][name]['rss_mb'] if later else None,
            'rss_slope_at_minute_marks_mb_per_hour': rss_slope(later, name),
            'rss_after_cycle_mb': [s[name]['rss_mb'] for s in trimmed],
            'rss_slope_after_cycle_mb_per_hour': rss_slope(trimmed, name),
            'files_start_end': [marks[0][name]['files'], marks[-1][name]['files']],
            'threads_start_end': [marks[0][name]['threads'], marks[-1][name]['threads']],
            # Descriptors open at a minute mark but not at the first, or the reverse.
            'files_changed_at_marks': [
                [s['label'], s[name]['files_opened'], s[name]['files_closed']]
                for s in marks if 'files_opened' in s[name]]})
        checks[f'{name}: open files flat'] = _flat([s[name]['files'] for s in marks])
        checks[f'{name}: threads flat'] = _flat([s[name]['threads'] for s in marks])
    slopes = [figures[n]['rss_slope_mb_per_hour'] for n in CAMERAS]
    figures['targets'] = {
        'rss_growth_mb_per_hour_max': max((abs(v) for v in slopes if v is not None),
                                          default=None),
        'fault_answer_s_max': max((figures[n]['fault_answer_s_max'] or 0) for n in CAMERAS),
        'diagnostics_longest_gap_s': max(figures[n]['diagnostics_longest_gap_s']
                                         for n in CAMERAS)}
    return figures


def _flat(values):
    """
    Minute-boundary samples (same state each time) end no higher than they began.

    The last two count, not the last alone: the node holds a descriptor for a while now
    and then (seen as 32, 33, 32 open files between marks on Kilted), and one such moment
    at the last mark is no leak; a leak stays.
    """
    return len(values) < 2 or min(values[-2:]) <= max(values[:2])


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


def write(figures):
    """Put the figures into bench/soak.json ("chaos"), docs/benchmarks.md and the RSS plot."""
    store_figures(ROOT / 'bench' / 'soak.json', 'chaos',
                  {k: v for k, v in figures.items() if k != 'logs'}, one_record_a_line=True)
    (ROOT / 'docs' / 'soak_rss.svg').write_text(rss_plot(figures['samples']))
    replace_section(ROOT / 'docs' / 'benchmarks.md', MARK_BEGIN, MARK_END, markdown(figures))


def _met(ok):
    return 'yes' if ok else '**no**'


def markdown(figures):
    """Write the docs section: what ran, the targets, the faults and the frames."""
    jpeg, raw = figures['jpeg'], figures['raw']
    slopes = [figures[n]['rss_slope_mb_per_hour'] for n in CAMERAS]
    gap = figures['targets']['diagnostics_longest_gap_s']
    slowest = figures['targets']['fault_answer_s_max']
    checks = figures['checks']
    lines = [
        MARK_BEGIN,
        f"## Faults survived for {figures['minutes']:.0f} minutes (make soak-chaos)",
        '',
        'Two managed nodes with the shipped params file, stock Fast DDS, each reading a '
        'camera in a process of its own: 1920x1080 offering raw and JPEG q95 (the node '
        'reads the JPEG), and 640x480 raw; both send 1 % malformed frames. Every minute: '
        'a lifecycle cycle, a camera killed with SIGKILL and restarted (every other time '
        'best effort), a camera restarted with stamps an hour back and then forward again, '
        'live parameters every 10 s (valid and invalid), viewers of the annotated image, '
        'image annotations and diagnostics attached and detached; every third minute '
        "use_sim_time on the raw camera's node with /clock reset to zero. Schedule and "
        'method: `bench/soak_chaos.py`.',
        '',
        '| target | 1080p JPEG node | 640x480 raw node | limit | met |',
        '|---|---|---|---|---|',
        '| RSS slope after the first 5 minutes, MB per hour (fitted to 10-minute means) | '
        + ' | '.join('—' if v is None else f'{v:+.1f}' for v in slopes)
        + ' | <= 1 | ' + _met(all(v is not None and abs(v) <= 1.0 for v in slopes)) + ' |',
        '| the same fitted to the minute marks | '
        + ' | '.join('—' if figures[n].get('rss_slope_at_minute_marks_mb_per_hour') is None
                     else f"{figures[n]['rss_slope_at_minute_marks_mb_per_hour']:+.1f}"
                     for n in CAMERAS) + ' | — | — |',
        '| RSS 10-minute means, MB | ' + ' | '.join(
            ', '.join(f'{v:.0f}' for v in figures[n]['rss_10_minute_means_mb']) or '—'
            for n in CAMERAS) + ' | — | — |',
        *memory_rows(figures),
        f"| RSS lowest -> highest over the run, MB | {jpeg['rss_min_mb']:.0f} -> "
        f"{jpeg['rss_max_mb']:.0f} | {raw['rss_min_mb']:.0f} -> {raw['rss_max_mb']:.0f} "
        '| — | — |',
        f"| open files, first -> last minute mark | {jpeg['files_start_end'][0]} -> "
        f"{jpeg['files_start_end'][1]} | {raw['files_start_end'][0]} -> "
        f"{raw['files_start_end'][1]} | flat | "
        + _met(checks['jpeg: open files flat'] and checks['raw: open files flat']) + ' |',
        f"| threads, first -> last minute mark | {jpeg['threads_start_end'][0]} -> "
        f"{jpeg['threads_start_end'][1]} | {raw['threads_start_end'][0]} -> "
        f"{raw['threads_start_end'][1]} | flat | "
        + _met(checks['jpeg: threads flat'] and checks['raw: threads flat']) + ' |',
        f"| slowest fault: seconds to the next pose | {jpeg['fault_answer_s_max']:.2f} | "
        f"{raw['fault_answer_s_max']:.2f} | <= 1 | {_met(slowest <= 1.0)} |",
        f"| faults never answered | {jpeg['faults_not_answered']} | "
        f"{raw['faults_not_answered']} | 0 | "
        + _met(not jpeg['faults_not_answered'] and not raw['faults_not_answered']) + ' |',
        f"| frames unaccounted for at the end | {jpeg['unaccounted_at_end']} | "
        f"{raw['unaccounted_at_end']} | 0 | "
        + _met(jpeg['unaccounted_at_end'] == 0 and raw['unaccounted_at_end'] == 0) + ' |',
        f"| tracebacks | {jpeg['tracebacks']} | {raw['tracebacks']} | 0 | "
        + _met(not jpeg['tracebacks'] and not raw['tracebacks']) + ' |',
        '| longest gap in /diagnostics at a subscriber, s | '
        f"{jpeg['diagnostics_longest_gap_s']:.2f} | "
        f"{raw['diagnostics_longest_gap_s']:.2f} | <= 2 | {_met(gap <= 2.0)} |",
        "| the node's own stamps across that gap, s | "
        + ' | '.join(f"{figures[n]['diagnostics_gap_by_stamp_s']:.2f}" for n in CAMERAS)
        + ' | — | — |',
        '',
        *held_back(figures),
        'Frame accounting (received = processed + skipped_busy + lost_in_transport + '
        'rejected + failed), at the end:',
        '',
        '| node | received | processed | skipped_busy | lost_in_transport | rejected | failed |',
        '|---|---|---|---|---|---|---|',
    ]
    for name in CAMERAS:
        c = figures[name]['final_counts'] or {}
        lines.append(f'| {name} | ' + ' | '.join(str(c.get(k, '—')) for k in (
            'received', 'processed', 'skipped_busy', 'lost_in_transport', 'rejected',
            'failed')) + ' |')
    lines += ['', 'Seconds from the camera publishing again (or the call returning) to the '
              'next pose, by fault:', '',
              '| fault | count | median | slowest |', '|---|---|---|---|']
    kinds = {}
    for fault in figures['faults']:
        kinds.setdefault(fault['fault'], []).append(fault['seconds'])
    for kind, values in kinds.items():
        answered = [v for v in values if v is not None]
        lines.append(f'| {kind} | {len(values)} | '
                     f'{np.median(answered):.3f} | {max(answered):.3f} |' if answered else
                     f'| {kind} | {len(values)} | — | — |')
    lines += ['', 'Frames answered per minute (processed / (received - rejected)), split by '
              "the camera's reliability during the minute:", '',
              '| node | camera | minutes | lowest | median | skipped while busy | lost in '
              'transport |', '|---|---|---|---|---|---|---|']
    for name in CAMERAS:
        best_effort = best_effort_minutes(figures['faults'], name, figures['minutes'])
        for label, wanted in (('reliable', False), ('best effort at some point', True)):
            rows = [r for r in figures[name]['minutes'] if (r[0] in best_effort) == wanted]
            if not rows:
                continue
            shares = [r[2] / max(1, r[1] - r[5]) for r in rows]
            lines.append(f'| {name} | {label} | {len(rows)} | {min(shares):.1%} | '
                         f'{float(np.median(shares)):.1%} | {sum(r[3] for r in rows)} | '
                         f'{sum(r[4] for r in rows)} |')
    lines += ['', '![RSS of both nodes over the run](soak_rss.svg)', '', MARK_END]
    return '\n'.join(lines)


def memory_rows(figures):
    """Table rows of RSS's parts and of what the nodes said of their memory, where known."""
    rows = []
    for part, label in (('anon_mb', 'private'), ('file_mb', 'mapped files'),
                        ('shmem_mb', 'shared memory')):
        if all(f'{part}_10_minute_means' in figures[n] for n in CAMERAS):
            rows.append(f'| RSS {label}, MB, 10-minute means | ' + ' | '.join(
                ', '.join(f'{v:.1f}' for v in figures[n][f'{part}_10_minute_means']) or '—'
                for n in CAMERAS) + ' | — | — |')
    if not all('heap_in_use_mb_slope_per_hour' in figures[n] for n in CAMERAS):
        return rows

    def row(label, key, means_format, slope_format):
        means = ' | '.join(', '.join(format(v, means_format)
                                     for v in figures[n][f'{key}_10_minute_means']) or '—'
                           for n in CAMERAS)
        slopes = ' | '.join('—' if figures[n][f'{key}_slope_per_hour'] is None
                            else format(figures[n][f'{key}_slope_per_hour'], slope_format)
                            for n in CAMERAS)
        return [f'| {label}, 10-minute means | {means} | — | — |',
                f'| {label}, slope per hour | {slopes} | — | — |']

    return rows + (
        row("C heap in use (node's /diagnostics), MB", 'heap_in_use_mb', '.1f', '+.1f')
        + row('C heap kept free, MB', 'heap_free_mb', '.0f', '+.1f')
        + row('Python blocks', 'python_blocks', '.0f', '+.0f'))


def held_back(figures):
    """Describe the /diagnostics messages delivered late, if any were, in a paragraph."""
    held = {n: figures[n].get('diagnostics_late') or [] for n in CAMERAS}
    if not any(held.values()):
        return []
    text = ['/diagnostics messages held back on their way (delivered over 1 s after the '
            'node stamped them; messages that came together count once).']
    for name in CAMERAS:
        groups = held[name]
        if not groups:
            text.append(f'{name}: none;')
            continue
        running = [g['viewer_running_s'] for g in groups if g['viewer_running_s'] is not None]
        gaps = [g['pose_gap_s'] for g in groups if g['pose_gap_s'] is not None]
        text.append(
            f"{name}: {len(groups)} times, up to {max(g['held_s'] for g in groups):.2f} s "
            f"({sum(g['messages'] for g in groups)} messages); "
            f'{len(running)} of them began while a viewer process ran'
            + (f' ({min(running):.0f} to {max(running):.0f} s after it started)'
               if running else '')
            + (f"; the node's poses meanwhile came at most {max(gaps):.2f} s apart;"
               if gaps else '; no pose came meanwhile;'))
    return [' '.join(text).rstrip(';') + '.', '']


def best_effort_minutes(faults, name, minutes):
    """Minutes during which camera ``name`` published best effort (it restarts so on a kill)."""
    changes = sorted((f['t'], f['detail'].endswith('best_effort')) for f in faults
                     if f['fault'] == 'kill' and f['camera'] == name)
    spans, since = [], None
    for t, best in changes + [(60.0 * minutes, False)]:
        if since is not None:
            spans.append((since, t))
        since = t if best else None
    return {m for m in range(int(minutes)) for start, end in spans
            if start < 60.0 * (m + 1) and end > 60.0 * m}


def rss_plot(samples):
    """Plot both nodes' RSS against minutes as SVG (no plotting library needed)."""
    width, height, left, bottom, top, right = 640, 260, 50, 30, 10, 110
    ts = [s['t'] / 60.0 for s in samples]
    values = [s[n]['rss_mb'] for s in samples for n in CAMERAS]
    low = 10 * int(min(values) // 10)
    high = 10 * int(max(values) // 10 + 1)
    span_t = max(ts) or 1.0

    def x(t):
        return left + (width - left - right) * t / span_t

    def y(v):
        return top + (height - top - bottom) * (1 - (v - low) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             'font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    for v in range(low, high + 1, max(10, 10 * ((high - low) // 50))):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" '
                     f'y2="{y(v):.1f}" stroke="#ddd"/><text x="{left - 5}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{v}</text>')
    step = 5 if span_t > 10 else 1
    for m in range(0, int(span_t) + 1, step):
        parts.append(f'<text x="{x(m):.1f}" y="{height - bottom + 15}" '
                     f'text-anchor="middle">{m}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 3}" '
                 'text-anchor="middle">minutes</text>')
    parts.append(f'<text x="12" y="{top + 10}" >MB</text>')
    for (name, colour), row in zip((('jpeg', '#d62728'), ('raw', '#1f77b4')), range(2)):
        points = ' '.join(f'{x(t):.1f},{y(s[name]["rss_mb"]):.1f}'
                          for t, s in zip(ts, samples))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" '
                     f'points="{points}"/>')
        label = '1080p JPEG node' if name == 'jpeg' else '640x480 raw node'
        parts.append(f'<text x="{width - right + 8}" y="{top + 15 + 16 * row}" '
                     f'fill="{colour}">{label}</text>')
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'


if __name__ == '__main__':
    sys.exit(main())
