# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
End to end on real DDS: three processes, the real model and a real video.

movenet_node runs as its own process, video_publisher plays pose_1.mp4 from a second
one, and this test, in a third role, listens to the camera topic and /pose/keypoints.
The player sends each frame once the previous one is answered (pace_topic), so every
frame is processed however busy the machine is, and the counts are exact.
"""

import re
import time

from movenet_ros.core.keypoints import KEYPOINT_NAMES
from movenet_ros_msgs.msg import Keypoint, PoseKeypoints
import pytest
import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import executable, start, start_node, stop, wait_for_output
from sensor_msgs.msg import Image

FRAMES = 45
FPS = 15.0


class Listener:
    """The third role: records the camera headers and the poses it hears."""

    def __init__(self, context):
        self.node = rclpy.create_node('integration_listener', context=context)
        self.images = {}
        self.poses = []
        # Reliable, like the node: a best-effort reader of raw 576x576 frames loses many
        # of them on stock Fast DDS (UDP fragments).
        self.node.create_subscription(Image, '/image_raw', self._on_image,
                                      QoSProfile(depth=50, reliability=ReliabilityPolicy.RELIABLE))
        self.pose_sub = self.node.create_subscription(
            PoseKeypoints, '/pose/keypoints', self.poses.append, 100)
        self.executor = SingleThreadedExecutor(context=context)
        self.executor.add_node(self.node)

    def _on_image(self, msg):
        stamp = (msg.header.stamp.sec, msg.header.stamp.nanosec)
        self.images[stamp] = (msg.header.frame_id, msg.width, msg.height)

    def spin_until(self, done, timeout):
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            self.executor.spin_once(timeout_sec=0.05)
        return done()

    def close(self):
        self.executor.shutdown()
        self.node.destroy_node()


@pytest.mark.integration
def test_node_publishes_one_pose_per_processed_frame(data_dir):
    context = rclpy.Context()
    rclpy.init(context=context)
    listener = Listener(context)
    node = start_node()
    try:
        wait_for_output(node, 'listening on')
        # Poses published before this listener matched the node would be lost.
        assert listener.spin_until(
            lambda: listener.pose_sub.get_publisher_count() >= 1, 30.0), 'node never appeared'
        # The publisher waits for two readers: the node and this listener.
        # The file as the first argument, the form a newcomer types.
        player = start(executable('video_publisher'), str(data_dir / 'video' / 'pose_1.mp4'),
                       '--ros-args', '-r', 'image:=/image_raw',
                       '-p', f'fps:={FPS}', '-p', f'max_frames:={FRAMES}',
                       '-p', 'frame_id:=test_camera', '-p', 'wait_for_subscribers:=2',
                       '-p', 'pace_topic:=/pose/poses',
                       # The pace follows the node only: every frame stays in the player's
                       # history until this listener has it too, however busy the machine.
                       '-p', f'depth:={FRAMES}')
        listener.spin_until(lambda: player.poll() is not None, timeout=60.0)
        player_output = stop(player)
        assert player.returncode == 0, player_output
        assert f'published {FRAMES} frames' in player_output
        assert 'no answer' not in player_output, player_output
        assert listener.spin_until(lambda: len(listener.poses) >= FRAMES, timeout=20.0)
    finally:
        node_output = stop(node)
        listener.close()
        rclpy.shutdown(context=context)
    assert node.returncode == 0, node_output

    summary = re.search(r'processed (\d+) frames of (\d+) received', node_output)
    assert summary, node_output
    processed = int(summary.group(1))
    assert len(listener.images) == FRAMES, 'the listener missed camera frames'
    assert summary.group(0) == f'processed {FRAMES} frames of {FRAMES} received', node_output
    # One message per frame processed, each carrying the header of its own frame.
    assert len(listener.poses) == processed
    stamps = [(p.header.stamp.sec, p.header.stamp.nanosec) for p in listener.poses]
    assert len(set(stamps)) == len(stamps), 'a frame was answered twice'
    assert stamps == sorted(stamps), 'poses arrived out of order'
    for pose, stamp in zip(listener.poses, stamps):
        assert stamp in listener.images, f'pose stamp {stamp} is not a camera frame stamp'
        frame_id, width, height = listener.images[stamp]
        assert pose.header.frame_id == frame_id == 'test_camera'
        assert (pose.image_width, pose.image_height) == (width, height) == (576, 576)
        assert [k.name for k in pose.keypoints] == list(KEYPOINT_NAMES)
        assert pose.keypoints[Keypoint.LEFT_WRIST].name == Keypoint.LEFT_WRIST_NAME
        for k in pose.keypoints:
            assert 0.0 <= k.x < width and 0.0 <= k.y < height, (k.name, k.x, k.y)
            assert 0.0 <= k.score <= 1.0
        assert pose.track_id == -1
    detected = [p for p in listener.poses if p.detected]
    assert len(detected) >= 0.9 * len(listener.poses)
    assert sum(p.score for p in detected) / len(detected) > 0.5
