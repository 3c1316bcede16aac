# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""use_sim_time: the node times everything with the ROS clock, as replayed bags need."""

from builtin_interfaces.msg import Time
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
from movenet_ros_msgs.msg import PoseKeypoints
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop
from rosgraph_msgs.msg import Clock
from sensor_msgs.msg import Image


def test_latency_and_warnings_follow_the_simulated_clock(read_image):
    process = start_node('-r', '__ns:=/sim', '-p', 'use_sim_time:=true',
                         image_topic='/sim/camera')
    peer = Peer('sim_clock')
    try:
        node = peer.node
        clock = node.create_publisher(Clock, '/clock', 10)
        camera = node.create_publisher(
            Image, '/sim/camera', QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
        poses, statuses = [], []
        node.create_subscription(PoseKeypoints, '/sim/pose/keypoints', poses.append, 10)
        node.create_subscription(DiagnosticArray, '/diagnostics', lambda m: statuses.extend(
            s for s in m.status if s.name == '/sim/movenet: pose estimation'), 10)
        peer.wait_for_subscribers(camera)
        peer.wait_for_subscribers(clock)
        peer.wait_for_publishers(node.create_subscription(
            DiagnosticArray, '/diagnostics', lambda m: None, 10))
        frame = read_image('squat.bmp').pixels

        def tick(now, stamp):
            clock.publish(Clock(clock=Time(sec=now)))
            peer.spin_for(0.05)
            camera.publish(bgr8_image(frame, *stamp))
            return peer.spin_until(
                lambda: any(p.header.stamp.sec == stamp[0] for p in poses), 10.0)

        # Matching is not simultaneous on both sides: clock and frame until answered.

        def clock_then_frame():
            clock.publish(Clock(clock=Time(sec=1000)))
            return bgr8_image(frame, 999, 900_000_000)
        assert publish_until(peer, camera, clock_then_frame,
                             lambda: any(p.header.stamp.sec == 999 for p in poses))
        # Simulated time 1000 s, frames stamped 0.1 s earlier: latency is 100 ms of sim time.
        for _ in range(5):
            assert tick(1000, (999, 900_000_000))
        statuses.clear()
        assert peer.spin_until(lambda: statuses, 5.0)
        values = {kv.key: kv.value for kv in statuses[-1].values}
        assert abs(float(values['latency_ms_p50']) - 100.0) < 1.0, values

        # Frames 20 s old by the simulated clock: diagnostics warn about latency.
        for _ in range(20):
            assert tick(1020, (1000, 0))
        statuses.clear()
        assert peer.spin_until(lambda: statuses, 5.0)
        assert statuses[-1].level == DiagnosticStatus.WARN
        assert statuses[-1].message.startswith('latency p95'), statuses[-1].message
    finally:
        peer.close()
        output = stop(process)
    assert process.returncode == 0, output
