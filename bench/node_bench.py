# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The node end to end over DDS: a publisher, the node as a process, and what comes back."""

import sys
import tempfile
import threading
import time

from lib.proc import cpu_seconds, memory_mb, proc_status, status_mb
from lib.processes import BENCH, start_bench_node, start_logged, stop
import numpy as np


def percentile(values, q):
    return float(np.percentile(values, q)) if len(values) else float('nan')


class NodeBench:
    """Publishes camera frames to a movenet_node process and times what comes back."""

    def __init__(self):
        import rclpy
        from diagnostic_msgs.msg import DiagnosticArray
        from movenet_ros_msgs.msg import PoseKeypoints
        from rclpy.executors import SingleThreadedExecutor
        from rclpy.qos import QoSProfile, ReliabilityPolicy
        from sensor_msgs.msg import Image
        from std_msgs.msg import Header
        self.rclpy = rclpy
        self.Image = Image
        rclpy.init()
        self.node = rclpy.create_node('movenet_bench')
        # Reliable, as most camera drivers publish (the node follows it).
        self.publisher = self.node.create_publisher(
            Image, '/bench/image', QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
        self.latencies = []
        self.received = 0
        self.lock = threading.Lock()
        self.node.create_subscription(PoseKeypoints, '/pose/keypoints',
                                      lambda m: self._on_answer(m.header), 100)
        self.node.create_subscription(Header, '/bench/echo', self._on_answer, 100)
        self.diagnostics, self.diagnostics_seen = {}, 0
        self.node.create_subscription(DiagnosticArray, '/diagnostics', self._on_diagnostics,
                                      10)
        self.executor = SingleThreadedExecutor()
        self.executor.add_node(self.node)
        self.spinner = threading.Thread(target=self.executor.spin, daemon=True)
        self.spinner.start()

    def _on_answer(self, header):
        now = self.node.get_clock().now().nanoseconds * 1e-9
        stamp = header.stamp.sec + header.stamp.nanosec * 1e-9
        with self.lock:
            self.received += 1
            self.latencies.append((now - stamp) * 1e3)

    def _on_diagnostics(self, msg):
        for status in msg.status:
            if status.name.endswith('pose estimation'):
                with self.lock:
                    self.diagnostics = {kv.key: kv.value for kv in status.values}
                    self.diagnostics_seen += 1

    def node_figures(self, timeout=3.0):
        """Return the node's own figures from its next diagnostics (timings: last 300 frames)."""
        with self.lock:
            seen = self.diagnostics_seen
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.diagnostics_seen > seen:
                    values = dict(self.diagnostics)
                    return {f'node_{key}': float(values[key]) for key in (
                        'latency_ms_p50', 'latency_ms_p95', 'latency_ms_p99',
                        'inference_ms_p50')}
            time.sleep(0.05)
        raise RuntimeError('no diagnostics from the node')

    def wait_for_node(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while self.publisher.get_subscription_count() < 1:
            if time.monotonic() > deadline:
                raise RuntimeError('no subscriber on /bench/image')
            time.sleep(0.05)
        time.sleep(1.0)

    def run(self, frames, rate, seconds, pid, warmup=1.0, node_side=False):
        """
        Publish at ``rate`` fps (0: as fast as possible) for ``seconds``; measure.

        Latency here is stamp to arrival of the answer in this process; with ``node_side``
        the node's own stamp-to-publish figures (from its diagnostics) are added.
        """
        h, w = frames[0].shape[:2]
        messages = []
        for f in frames[:30]:
            msg = self.Image(height=h, width=w, encoding='rgb8', step=w * 3, data=f.tobytes())
            msg.header.frame_id = 'bench'
            messages.append(msg)
        clock = self.node.get_clock()
        period = 1.0 / rate if rate else 0.0
        start = time.monotonic()
        sent = 0
        measuring = False
        while True:
            now = time.monotonic()
            if not measuring and now - start >= warmup:
                measuring = True
                with self.lock:
                    self.latencies, self.received = [], 0
                sent_at_start, cpu_start, wall_start = sent, cpu_seconds(pid), now
                own_cpu_start = time.process_time()
            if now - start >= warmup + seconds:
                break
            msg = messages[sent % len(messages)]
            msg.header.stamp = clock.now().to_msg()
            self.publisher.publish(msg)
            sent += 1
            if period:
                delay = start + sent * period - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        time.sleep(0.3)
        wall = time.monotonic() - wall_start
        cpu = cpu_seconds(pid) - cpu_start
        own_cpu = time.process_time() - own_cpu_start
        with self.lock:
            latencies, received = list(self.latencies), self.received
        sent_measured = sent - sent_at_start
        node_figures = self.node_figures() if node_side else {}
        return {
            **node_figures,
            'target_fps': rate, 'sent_fps': sent_measured / seconds,
            'processed_fps': received / seconds, 'sent': sent_measured, 'processed': received,
            'not_processed': max(0, sent_measured - received),
            'latency_p50_ms': percentile(latencies, 50),
            'latency_p95_ms': percentile(latencies, 95),
            'latency_p99_ms': percentile(latencies, 99),
            'cpu_percent': 100.0 * cpu / wall,
            'publisher_cpu_percent': 100.0 * own_cpu / wall,
            'rss_mb': memory_mb(pid, 'VmRSS'),
            'latencies_ms': latencies,
        }

    def close(self):
        self.executor.shutdown()
        self.node.destroy_node()
        self.rclpy.try_shutdown()


def bench_node(bench, frames_by_size, capacity_fps, seconds):
    """
    Run the node under 30 fps, 60 fps, its own capacity and 4x its capacity.

    The node reports its timings over its last 300 frames, so the 30 fps run lasts long
    enough (11 s with the warm-up) for those to be its own.
    """
    log = tempfile.TemporaryFile(mode='w+')
    node = start_bench_node(log)
    results = {}
    try:
        bench.wait_for_node()
        for size, frames in frames_by_size.items():
            for name, rate in (('30', 30.0), ('60', 60.0), ('capacity', capacity_fps[size]),
                               ('overload', 4.0 * capacity_fps[size])):
                print(f'  node {size} at {name} fps ...', flush=True)
                run_seconds = max(seconds, 10.0) if rate <= 30.0 else seconds
                results[f'{size}_{name}'] = bench.run(frames, rate, run_seconds, node.pid,
                                                      node_side=True)
        status = proc_status(node.pid)
        peak = {'peak': status_mb(status, 'VmHWM'), 'shmem': status_mb(status, 'RssShmem'),
                'anon': status_mb(status, 'RssAnon')}
    finally:
        stop(node)
        log.seek(0)
        output = log.read().strip().splitlines()
        log.close()
    return results, peak, output[-1:]


def bench_transport(bench, frames_by_size, seconds):
    """Round trip of each image through an echo node: the floor under the node's latency."""
    echo = start_logged([sys.executable, str(BENCH / 'echo_node.py')])
    results = {}
    try:
        bench.wait_for_node()
        for size, frames in frames_by_size.items():
            print(f'  transport floor {size} at 30 fps ...', flush=True)
            results[f'{size}_30'] = bench.run(frames, 30.0, seconds, echo.pid)
    finally:
        stop(echo)
    return results
