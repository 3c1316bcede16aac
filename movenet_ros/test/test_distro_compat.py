# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The node on Humble's rclpy API, emulated: newer modules and attributes hidden.

There are no Humble wheels to test on, so the node starts here with what Humble lacks
hidden (humble_rclpy/sitecustomize.py): rclpy.event_handler, BEST_AVAILABLE and
MessageInfo. Each fallback in ros/compat.py and ros/camera_qos.py then runs for real, over DDS.
"""

import os
from pathlib import Path

from lifecycle_msgs.msg import Transition
from lifecycle_msgs.srv import ChangeState
from movenet_ros_msgs.msg import PoseKeypoints
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, node_reliability, Peer, start_node, stop, wait_for_output
from sensor_msgs.msg import Image

SHIM = Path(__file__).resolve().parent / 'humble_rclpy'
RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)
BEST_EFFORT = QoSProfile(depth=5, reliability=ReliabilityPolicy.BEST_EFFORT)


def _humble_env():
    path = os.environ.get('PYTHONPATH')
    return {'PYTHONPATH': f'{SHIM}{os.pathsep}{path}' if path else str(SHIM)}


def _answer(peer, publisher, poses, pixels, sec, tries=20):
    """Publish until the pose for ``sec`` comes back (best effort may lose a frame)."""
    answered = lambda: any(p.header.stamp.sec == sec for p in poses)  # noqa: E731
    for _ in range(tries):
        publisher.publish(bgr8_image(pixels, sec))
        if peer.spin_until(answered, 1.0):
            return True
    return False


@pytest.mark.integration
def test_node_on_humbles_rclpy_follows_reliable_and_best_effort_cameras(read_image):
    process = start_node('-r', '__ns:=/humble', image_topic='/humble/camera', env=_humble_env())
    peer = Peer('humble_tester')
    poses = []
    pixels = read_image('two_people.bmp').pixels[::2, ::2].copy()
    try:
        wait_for_output(process, 'listening on')
        peer.node.create_subscription(PoseKeypoints, '/humble/pose/keypoints',
                                      poses.append, 10)
        camera = peer.node.create_publisher(Image, '/humble/camera', RELIABLE)
        assert peer.spin_until(
            lambda: node_reliability(peer, '/humble/camera') == ReliabilityPolicy.RELIABLE,
            10.0)
        peer.wait_for_subscribers(camera)
        assert _answer(peer, camera, poses, pixels, 1), 'no answer to a reliable camera'
        peer.node.destroy_publisher(camera)
        camera = peer.node.create_publisher(Image, '/humble/camera', BEST_EFFORT)
        assert peer.spin_until(
            lambda: node_reliability(peer, '/humble/camera') == ReliabilityPolicy.BEST_EFFORT,
            15.0), 'without BEST_AVAILABLE the node did not follow a best-effort camera'
        assert _answer(peer, camera, poses, pixels, 2), 'no answer to a best-effort camera'
    finally:
        peer.close()
        output = stop(process)
    assert 'humble_rclpy: event_handler, BEST_AVAILABLE and MessageInfo hidden' in output
    assert process.returncode == 0, output
    assert 'Traceback' not in output and 'DeprecationWarning' not in output, output
    assert 'publishers on /humble/camera changed: subscribing best effort' in output


@pytest.mark.integration
def test_lifecycle_node_on_humbles_rclpy(read_image):
    process = start_node('-r', '__ns:=/humble_lc', executable_name='movenet_lifecycle_node',
                         image_topic='/humble_lc/camera', env=_humble_env())
    peer = Peer('humble_lc_tester')
    poses = []
    pixels = read_image('two_people.bmp').pixels[::2, ::2].copy()
    try:
        wait_for_output(process, 'unconfigured')
        client = peer.node.create_client(ChangeState, '/humble_lc/movenet/change_state')
        assert client.wait_for_service(timeout_sec=20.0)
        for transition in (Transition.TRANSITION_CONFIGURE, Transition.TRANSITION_ACTIVATE):
            request = ChangeState.Request()
            request.transition.id = transition
            future = client.call_async(request)
            assert peer.spin_until(future.done, 20.0), transition
            assert future.result().success, transition
        peer.node.create_subscription(PoseKeypoints, '/humble_lc/pose/keypoints',
                                      poses.append, 10)
        camera = peer.node.create_publisher(Image, '/humble_lc/camera', RELIABLE)
        peer.wait_for_subscribers(camera)
        assert _answer(peer, camera, poses, pixels, 1), 'the active node did not answer'
    finally:
        peer.close()
        output = stop(process)
    assert process.returncode == 0, output
    assert 'Traceback' not in output, output
