# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
video_publisher as a real process on this run's DDS domain: what it says, how it stops.

A process manager (or `timeout`) stops it with SIGTERM in the middle of a video; it must
end between two frames with its summary and exit status 0, never with rclpy's "context
is invalid" traceback. Each test waits for the player's "playing" line and for frames to
arrive here before it sends the signal, so the signal always lands mid-play.
"""

import re
import signal

from movenet_ros_msgs.msg import PoseKeypointsArray
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import executable, Peer, start, stop, wait_for_output
from sensor_msgs.msg import Image

TOPIC = '/player_test/image'
PACE_TOPIC = '/player_test/poses'


@pytest.mark.integration
@pytest.mark.parametrize('sig, paced', [(signal.SIGTERM, False), (signal.SIGINT, False),
                                        (signal.SIGTERM, True)],
                         ids=['sigterm', 'sigint', 'sigterm-awaiting-answer'])
def test_a_signal_mid_play_ends_it_cleanly_with_its_summary(data_dir, sig, paced):
    video = data_dir / 'video' / 'pose_1.mp4'  # 576 x 576 at 30 fps, 120 frames
    peer = Peer('player_listener')
    frames = []
    peer.node.create_subscription(
        Image, TOPIC, frames.append,
        QoSProfile(depth=10, reliability=ReliabilityPolicy.RELIABLE))
    args = [executable('video_publisher'), str(video), '--ros-args', '-r', f'image:={TOPIC}',
            '-p', 'loop:=true', '-p', 'wait_for_subscribers:=1']
    if paced:
        # A pose topic that never answers: the player waits on its first frame.
        peer.node.create_publisher(PoseKeypointsArray, PACE_TOPIC, 10)
        args += ['-p', f'pace_topic:={PACE_TOPIC}']
    player = start(*args)
    try:
        wait_for_output(player, 'playing ')
        assert peer.spin_until(lambda: len(frames) >= (1 if paced else 3), 20.0), len(frames)
        output = stop(player, sig=sig)
    finally:
        peer.close()

    assert player.returncode == 0, output
    assert 'Traceback' not in output and 'RCLError' not in output, output
    assert (f'playing {video} at 30.00 fps (576 x 576, reliability reliable, depth 5) '
            f'on {TOPIC}') in output, output
    name = 'SIGTERM' if sig == signal.SIGTERM else 'SIGINT'
    summary = re.search(rf'stopped by {name}: published (\d+) frames of {re.escape(str(video))}'
                        r' at 30\.00 fps', output)
    assert summary, output
    if paced:
        assert int(summary[1]) == 1  # the first frame, still waiting for its answer
    else:
        assert int(summary[1]) >= len(frames)
