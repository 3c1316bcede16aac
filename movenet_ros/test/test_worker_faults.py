# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A fault in a camera's step outside a frame's processing stops nothing.

A node of this process, on real rclpy, gets frames from a camera node beside it; its
worker's step fails once after the first frame. The failure is logged with the topic and
the exception, counted on /diagnostics as worker_faults, and the camera is served on.
"""

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from movenet_ros.node.nodes import MoveNetNode
import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, node_of_this_process
from sensor_msgs.msg import Image

RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)


def test_a_fault_outside_a_frame_is_logged_counted_and_the_camera_goes_on(data_dir, capfd):
    with node_of_this_process(MoveNetNode) as node:
        camera = rclpy.create_node('fault_camera', context=node.context)
        executor = SingleThreadedExecutor(context=node.context)
        executor.add_node(node)
        executor.add_node(camera)
        faults = []
        camera.create_subscription(DiagnosticArray, '/diagnostics', lambda m: faults.extend(
            kv.value for s in m.status for kv in s.values if kv.key == 'worker_faults'), 10)
        intake, stats = node.pipeline.intake, node.pipeline.stats
        take_waiting, steps = intake._next_waiting, []

        def fails_once():
            steps.append(1)
            if len(steps) == 1:
                raise RuntimeError('injected fault')
            return take_waiting()
        intake._next_waiting = fails_once  # runs in the worker's step, after the frame
        image = cv2.imread(str(data_dir / 'images' / 'squat.bmp'))
        publisher = camera.create_publisher(Image, 'image', RELIABLE)
        try:
            sent = 0
            for _ in range(600):  # bounded: a stopped camera fails the asserts below
                if stats.total('processed') >= 3 and '1' in faults:
                    break
                if publisher.get_subscription_count() and sent <= stats.total('received'):
                    sent += 1
                    publisher.publish(bgr8_image(image, sent))
                executor.spin_once(timeout_sec=0.05)
            assert stats.total('faults') == 1
            assert stats.total('processed') >= 3, 'the camera stopped after the fault'
            assert '1' in faults, faults
        finally:
            executor.shutdown()
            camera.destroy_node()
    log = capfd.readouterr().err
    assert 'worker fault on /image: RuntimeError: injected fault' in log, log
