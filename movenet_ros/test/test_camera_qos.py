# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The input QoS follows the camera, on stock Fast DDS (no profile file, default transports).

A reliable camera gets a reliable subscription, so large raw frames are not lost on the
way; a best-effort camera, even one started after the node, is still heard.
"""

import re
import time

from diagnostic_msgs.msg import DiagnosticArray
from movenet_ros.ros.camera_qos import reliability_for
from movenet_ros_msgs.msg import PoseKeypoints
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, node_reliability, Peer, start_node, stop, wait_for_output
from sensor_msgs.msg import Image

RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)
BEST_EFFORT = QoSProfile(depth=5, reliability=ReliabilityPolicy.BEST_EFFORT)


@pytest.mark.parametrize('setting, publishers, expected', [
    ('auto', [], 'reliable'),  # no camera yet: the common driver is reliable
    ('auto', ['reliable'], 'reliable'),
    ('auto', ['reliable', 'reliable'], 'reliable'),
    ('auto', ['best_effort'], 'best_effort'),
    ('auto', ['reliable', 'best_effort'], 'best_effort'),  # hear both
    ('reliable', ['best_effort'], 'reliable'),  # an explicit setting is kept
    ('best_effort', ['reliable'], 'best_effort'),
])
def test_reliability_for(setting, publishers, expected):
    assert reliability_for(setting, publishers) == expected


def _summary(output):
    match = re.search(r'processed (\d+) frames of (\d+) received; skipped (\d+) while the '
                      r'model was busy, lost (\d+) before they reached the node', output)
    assert match, output[-3000:]
    return dict(zip(('processed', 'received', 'skipped', 'lost'),
                    (int(v) for v in match.groups())))


@pytest.mark.integration
def test_a_reliable_30_fps_640x480_camera_loses_no_frames(read_image):
    """The issue's case: stock middleware, a reliable VGA camera, the default QoS."""
    frames, fps = 90, 30.0
    process = start_node('-r', '__ns:=/vga', image_topic='/vga/camera')
    peer = Peer('vga_camera')
    poses = []
    try:
        wait_for_output(process, 'listening on')
        camera = peer.node.create_publisher(Image, '/vga/camera', RELIABLE)
        peer.node.create_subscription(PoseKeypoints, '/vga/pose/keypoints', poses.append, 200)
        peer.wait_for_subscribers(camera)
        assert peer.spin_until(
            lambda: node_reliability(peer, '/vga/camera') == ReliabilityPolicy.RELIABLE,
            10.0), 'the node did not subscribe reliable to a reliable camera'
        pixels = read_image('two_people.bmp').pixels  # 640x480
        assert pixels.shape == (480, 640, 3)
        start = time.monotonic()
        for i in range(frames):
            camera.publish(bgr8_image(pixels, 1000 + i, frame_id='qos_camera'))
            # Pace at the camera's rate, spinning meanwhile to take the poses.
            next_frame = start + (i + 1) / fps
            peer.spin_until(lambda: time.monotonic() >= next_frame, 1.0)
        peer.spin_until(lambda: poses and poses[-1].header.stamp.sec == 1000 + frames - 1,
                        10.0)
    finally:
        peer.close()
        output = stop(process)
    counts = _summary(output)
    # Every frame reached the node: processed, or skipped because the model was busy
    # (how many of each depends on the machine's speed; the sum does not).
    assert counts['processed'] + counts['skipped'] >= 0.9 * frames, counts
    assert counts['lost'] <= 0.1 * frames, counts
    assert len(poses) == counts['processed'], counts
    # The loss warning looks at 5-s windows, so a busy machine can raise it for a few
    # frames lost together; it must then have counted them.
    if 'lost before they reached this node' in output:
        assert counts['lost'] > 0, output


@pytest.mark.integration
def test_a_best_effort_camera_started_after_the_node_is_followed(read_image):
    process = start_node('-r', '__ns:=/late', image_topic='/late/camera')
    peer = Peer('late_camera')
    poses = []
    try:
        wait_for_output(process, 'listening on')
        assert peer.spin_until(
            lambda: node_reliability(peer, '/late/camera') == ReliabilityPolicy.RELIABLE,
            10.0), 'with no camera yet the node should expect a reliable one'
        peer.node.create_subscription(PoseKeypoints, '/late/pose/keypoints', poses.append, 10)
        camera = peer.node.create_publisher(Image, '/late/camera', BEST_EFFORT)
        assert peer.spin_until(
            lambda: node_reliability(peer, '/late/camera') == ReliabilityPolicy.BEST_EFFORT,
            15.0), 'the node did not follow a best-effort camera'
        peer.wait_for_subscribers(camera)
        # A small frame, sent again until answered: best effort may lose any one of them.
        pixels = read_image('two_people.bmp').pixels[::4, ::4].copy()
        answered = lambda: any(p.header.stamp.sec == 7 for p in poses)  # noqa: E731
        for _ in range(20):
            camera.publish(bgr8_image(pixels, 7, frame_id='qos_camera'))
            if peer.spin_until(answered, 1.0):
                break
        assert answered(), 'a best-effort camera got no answer'
        # The best-effort camera goes: with nobody to follow the node stays as it was,
        # so the camera is heard at once when it restarts (beats seen after it left).
        peer.node.destroy_publisher(camera)
        beats = []
        peer.node.create_subscription(
            DiagnosticArray, '/diagnostics', lambda m: beats.extend(
                s for s in m.status if s.name.startswith('/late/')), 10)
        assert peer.spin_until(lambda: len(beats) >= 3, 15.0), 'no diagnostics'
        assert node_reliability(peer, '/late/camera') == ReliabilityPolicy.BEST_EFFORT
        # A reliable one comes: the node follows back.
        camera = peer.node.create_publisher(Image, '/late/camera', RELIABLE)
        assert peer.spin_until(
            lambda: node_reliability(peer, '/late/camera') == ReliabilityPolicy.RELIABLE,
            15.0), 'the node did not follow back to a reliable camera'
    finally:
        peer.close()
        output = stop(process)
    assert 'publishers on /late/camera changed: subscribing best effort' in output, output
    assert 'publishers on /late/camera changed: subscribing reliable' in output, output
    assert process.returncode == 0, output
