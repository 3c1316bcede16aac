# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The frame path gives the same keypoints through the CLI and through a node over DDS.

golden/pose_1_lightning.json holds the float32 keypoints of pose_1.mp4's first frames
with the default model, recorded before the node, the bag runner and the CLI came to
share one frame path. Both routes must still reproduce it to the last bit: a change of
decode, stamp, timebase or pose selection shows up here first.
"""

import json
from pathlib import Path

from bag_helpers import read_bag, video_frames
from movenet_ros.cli import main
from movenet_ros_msgs.msg import PoseKeypoints
import numpy as np
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop, wait_for_output
from sensor_msgs.msg import Image

GOLDEN = Path(__file__).parent / 'golden' / 'pose_1_lightning.json'
FRAMES = 40
RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)


def _golden():
    return np.array(json.loads(GOLDEN.read_text())['keypoints'], np.float32)


def _as_float32(keypoints):
    return np.array(keypoints, np.float32)


def cli_keypoints(data_dir, tmp_path):
    """Return the (frames, 17, 3) keypoints of /pose/keypoints in the CLI's MCAP of pose_1.mp4."""
    out = tmp_path / 'golden.mcap'
    assert main([str(data_dir / 'video' / 'pose_1.mp4'), '--output', str(out), '--quiet']) == 0
    poses = [decoded for *_, decoded in read_bag(out)['/pose/keypoints']][:FRAMES]
    return _as_float32([[(k.x, k.y, k.score) for k in p.keypoints] for p in poses])


def node_keypoints(data_dir):
    """Send the same frames as bgr8 images to a node over DDS, each answered before the next."""
    frames = video_frames(data_dir / 'video' / 'pose_1.mp4', FRAMES)
    node = start_node('-r', '__ns:=/golden', image_topic='/golden/camera')
    peer = Peer('golden_camera')
    answers = {}
    try:
        wait_for_output(node, 'listening on')
        camera = peer.node.create_publisher(Image, '/golden/camera', RELIABLE)
        peer.node.create_subscription(
            PoseKeypoints, '/golden/pose/keypoints',
            lambda m: answers.setdefault((m.header.stamp.sec, m.header.stamp.nanosec), m), 50)
        peer.wait_for_subscribers(camera)
        for index, pixels in enumerate(frames):
            # The CLI's steps for a 30 fps video, from one second: a zero stamp means none.
            ns = 10**9 + round(index * 1e9 / 30)
            key = (ns // 10**9, ns % 10**9)
            assert publish_until(peer, camera, bgr8_image(pixels, *key),
                                 lambda: key in answers, every=5.0), index
    finally:
        peer.close()
        output = stop(node)
    assert 'Traceback' not in output
    return _as_float32([[(k.x, k.y, k.score) for k in answers[key].keypoints]
                        for key in sorted(answers)])


def test_the_cli_reproduces_the_golden_keypoints(data_dir, tmp_path):
    got = cli_keypoints(data_dir, tmp_path)
    assert got.shape == (FRAMES, 17, 3)
    np.testing.assert_array_equal(got, _golden())


@pytest.mark.integration
def test_a_node_over_dds_reproduces_the_golden_keypoints(data_dir):
    got = node_keypoints(data_dir)
    assert got.shape == (FRAMES, 17, 3)
    np.testing.assert_array_equal(got, _golden())
