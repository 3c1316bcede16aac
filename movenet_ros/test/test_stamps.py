# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The node gives the same poses for the same frames whatever the epoch of their stamps.

pose_1.mp4's frames, 1/30 s apart, go to a node stamped from 2023, then to a fresh node
stamped from one second: tracking and smoothing run on exact seconds since the first
frame, so the keypoints match to the last bit.
"""

from bag_helpers import video_frames
from movenet_ros_msgs.msg import PoseKeypoints
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop, wait_for_output
from sensor_msgs.msg import Image

FRAMES = 40
RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)


def _poses(frames, start_ns, namespace):
    node = start_node('-r', f'__ns:={namespace}', image_topic=f'{namespace}/camera')
    peer = Peer('stamp_camera')
    answers = {}
    try:
        wait_for_output(node, 'listening on')
        camera = peer.node.create_publisher(Image, f'{namespace}/camera', RELIABLE)
        peer.node.create_subscription(
            PoseKeypoints, f'{namespace}/pose/keypoints',
            lambda m: answers.setdefault((m.header.stamp.sec, m.header.stamp.nanosec), m), 50)
        peer.wait_for_subscribers(camera)
        for index, pixels in enumerate(frames):
            ns = start_ns + round(index * 1e9 / 30)
            key = (ns // 10**9, ns % 10**9)
            msg = bgr8_image(pixels, *key)
            # One frame at a time, each answered before the next: every frame is processed.
            assert publish_until(peer, camera, msg, lambda: key in answers, every=5.0), index
    finally:
        peer.close()
        output = stop(node)
    assert 'Traceback' not in output
    return [[(k.x, k.y, k.score) for k in answers[key].keypoints] for key in sorted(answers)]


def test_stamps_from_2023_and_from_one_second_give_the_same_poses(data_dir):
    frames = video_frames(data_dir / 'video' / 'pose_1.mp4', FRAMES)
    from_2023 = _poses(frames, 1_695_000_000 * 10**9 + 123_456_789, '/epoch')
    from_one = _poses(frames, 10**9, '/small')
    assert len(from_2023) == len(from_one) == FRAMES
    assert from_2023 == from_one
