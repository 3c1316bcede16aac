# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Starting and stopping the processes a bench measures: nodes, cameras and viewers.

Each bench runs the node, its cameras and its viewers as processes of their own, as a
robot does, so that /proc can time each apart. How they start (arguments, logs) and how
they stop (a signal, then a kill if they hang) is written once here.
"""

import json
import os
from pathlib import Path
import select
import signal
import subprocess
import sys
import threading
import time

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent
PARAMS_FILE = ROOT / 'movenet_ros' / 'config' / 'movenet.yaml'


def start_logged(argv, log=None, env=None):
    """
    Start a process whose output goes to ``log`` (a file), or else nowhere.

    Never to a pipe nobody reads while it runs: the process would stall once the pipe's
    buffer is full.
    """
    return subprocess.Popen(argv, stdout=log if log is not None else subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, text=True, env=env)


def start_bench_node(log, image='/bench/image', namespace=None,
                     executable='movenet_node', env=None):
    """Start a pose node with the shipped params file, reading ``image``, output to ``log``."""
    remaps = ['-r', f'__ns:={namespace}'] if namespace else []
    return start_logged([executable, '--ros-args', '--params-file', str(PARAMS_FILE),
                         *remaps, '-r', f'image:={image}'], log, env)


def stop(process, sig=signal.SIGINT, timeout=20.0):
    """Stop ``process`` with ``sig``, killing it if it hangs; its exit code (None: killed)."""
    return stop_all([process], sig, timeout)[0]


def stop_all(processes, sig=signal.SIGINT, timeout=20.0):
    """Signal every process at once, then wait; returns each one's exit code (None: hung)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(sig)
    codes = []
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            codes.append(process.wait(timeout=max(0.1, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            codes.append(None)
    return codes


def log_text(process):
    """Return what ``process`` printed so far (without moving the log's shared offset)."""
    fd = process.log.fileno()
    return os.pread(fd, os.fstat(fd).st_size, 0).decode(errors='replace')


def wait_listening(nodes, cameras, timeout):
    """Wait until the node processes have printed 'listening on' once per camera."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(log_text(n).count('listening on') for n in nodes) >= cameras:
            return
        dead = [n for n in nodes if n.poll() is not None]
        if dead:
            raise RuntimeError(f'a node exited at start-up:\n{log_text(dead[0])}')
        time.sleep(0.1)
    raise RuntimeError(f'the nodes did not listen on {cameras} cameras in {timeout:g} s:\n'
                       + '\n'.join(log_text(n) for n in nodes))


def viewer_argv(namespaces):
    """Return the command of a viewer process of the optional outputs of ``namespaces``."""
    return [sys.executable, str(BENCH / 'chaos_viewer.py'), *namespaces]


def camera_argv(script, video, size, topic, *options):
    """Return the command of a camera process (``script`` in bench/) streaming ``video``."""
    return [sys.executable, str(BENCH / script), *options, '--video', str(video),
            '--size', size, '--topic', topic]


def run_camera(video, size, transport, quality, fps, seconds, node_pid, timed=()):
    """Run bench/camera.py against the node ``node_pid`` to the end; its JSON figures."""
    camera = subprocess.run(
        camera_argv('camera.py', video, size, '/bench/camera',
                    '--transport', transport, '--quality', str(quality), '--fps', str(fps),
                    '--seconds', str(seconds), '--answers', '/bench/pose/keypoints',
                    '--node-pid', str(node_pid), *timed),
        capture_output=True, text=True, check=True, timeout=seconds + 120)
    return json.loads(camera.stdout.strip().splitlines()[-1])


def start_cued_camera(video, size, fps, seconds, namespace, log):
    """Start a cameras.py camera for ``namespace``; it streams once told when (start_cued)."""
    return subprocess.Popen(
        camera_argv('cameras.py', video, size, f'/{namespace}/image_raw', 'camera',
                    '--fps', str(fps), '--seconds', str(seconds),
                    '--answers', f'/{namespace}/pose/keypoints'),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)


def wait_ready(cameras, timeout):
    """Wait until every cued camera process has printed its ``ready`` line."""
    waiting = {c.stdout.fileno(): c for c in cameras}
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        readable, _, _ = select.select(list(waiting), [], [], 0.1)
        for fd in readable:
            line = waiting[fd].stdout.readline()
            if line.strip() == 'ready':
                del waiting[fd]
            elif not line:
                raise RuntimeError('a camera exited before it was ready')
    if waiting:
        raise RuntimeError(f'{len(waiting)} cameras not ready after {timeout:g} s')


def start_cued(camera, moment):
    """Tell a ready cued camera the monotonic second to start its stream at."""
    camera.stdin.write(f'{moment!r}\n')
    camera.stdin.flush()


class ChaosCamera:
    """One bench/chaos_camera.py process, restarted at will, and what it says about itself."""

    def __init__(self, name, size, transport, video, seed):
        self.name, self.size, self.transport = name, size, transport
        self.video, self.seed = video, seed
        self.process = None
        self.publishing = None  # monotonic time of the current process's first frame
        self.sent_total = 0     # frames of finished processes
        self.sent = 0           # frames of the current one
        self.reliability, self.offset, self.sim_time = 'reliable', 0.0, False

    def start(self):
        self.seed += 1
        argv = camera_argv('chaos_camera.py', self.video, self.size,
                           f'/chaos_{self.name}/camera', '--transport', self.transport,
                           '--reliability', self.reliability,
                           '--stamp-offset', str(self.offset), '--seed', str(self.seed))
        if self.sim_time:
            argv.append('--sim-time')
        self.publishing = None
        self.sent = 0
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True,
                                        stderr=subprocess.DEVNULL)
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()

    def _read(self, process):
        for line in process.stdout:
            try:
                said = json.loads(line)
            except ValueError:
                continue
            if process is not self.process:
                continue
            if said['event'] == 'publishing':
                self.publishing = said['t']
            elif 'sent' in said:
                self.sent = said['sent']

    def stop(self, sig=signal.SIGTERM):
        process, self.process = self.process, None
        if process is None:
            return
        stop(process, sig, timeout=10)
        self.sent_total += self.sent
        self.sent = 0

    def restart(self, sig=signal.SIGTERM):
        self.stop(sig)
        self.start()
