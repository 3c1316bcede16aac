# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The chaos soak's own ROS node: lifecycle and parameter calls, the /clock, what nodes say.

One rclpy node in the orchestrator drives both managed nodes through their services and
records every pose and /diagnostics arrival, so that a fault's recovery is timed where
a robot's consumer would see it.
"""

import signal
import threading
import time

from .processes import start_logged, stop, viewer_argv
from .soak_schedule import CAMERAS, RESUME_LIMIT


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
            self.viewer = start_logged(viewer_argv(f'/chaos_{name}' for name in CAMERAS))

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
