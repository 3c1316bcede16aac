# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_cameras over real DDS: two cameras, one process, one model.

Each camera is answered on its own topics with its own diagnostics; one camera's bad
frames are its own, and a bad entry of the cameras file is named without stopping the
others.
"""

from diagnostic_msgs.msg import DiagnosticArray
from movenet_ros_msgs.msg import PoseKeypoints
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import (bgr8_image, executable, Peer, publish_until, start, stop,
                         wait_for_output)
from sensor_msgs.msg import Image

RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)


def test_two_cameras_in_one_process_are_each_answered_on_their_own_topics(
        read_image, tmp_path):
    cameras_file = tmp_path / 'cameras.yaml'
    cameras_file.write_text("""cameras:
  - namespace: left
    image_topic: /left/image_raw
  - namespace: right
    image_topic: /right/image_raw
    parameters: {min_pose_score: 0.3}
  - namespace: broken
""")
    process = start(executable('movenet_cameras'), '--ros-args', '-p',
                    f'cameras_file:={cameras_file}')
    peer = Peer('two_cameras')
    poses = {'left': [], 'right': []}
    statuses = {}
    try:
        wait_for_output(process, '2 cameras in one process, 1 model(s)')
        cameras = {}
        for side in poses:
            cameras[side] = peer.node.create_publisher(Image, f'/{side}/image_raw', RELIABLE)
            peer.node.create_subscription(PoseKeypoints, f'/{side}/pose/keypoints',
                                          poses[side].append, 10)
            peer.wait_for_subscribers(cameras[side])
        peer.node.create_subscription(
            DiagnosticArray, '/diagnostics',
            lambda m: statuses.update({s.name: {v.key: v.value for v in s.values}
                                       for s in m.status}), 10)
        person = read_image('squat.bmp').pixels
        for sec in (1, 2):
            for side in poses:
                assert publish_until(peer, cameras[side], bgr8_image(person, sec),
                                     lambda: any(p.header.stamp.sec == sec
                                                 for p in poses[side])), (side, sec)
        # Garbage on the left: rejected there; the right goes on.
        bad = bgr8_image(person, 3)
        bad.step = 1
        cameras['left'].publish(bad)
        assert publish_until(peer, cameras['right'], bgr8_image(person, 4),
                             lambda: any(p.header.stamp.sec == 4 for p in poses['right']))
        names = ('/left/movenet: pose estimation', '/right/movenet: pose estimation')
        assert peer.spin_until(lambda: all(n in statuses for n in names) and
                               statuses[names[0]]['rejected'] == '1', 10.0), statuses
    finally:
        peer.close()
        output = stop(process)
    assert 'Traceback' not in output
    assert f'camera 2 (broken) in {cameras_file} lacks image_topic; that camera is not ' \
        'started' in output
    assert all(p.detected for side in poses for p in poses[side])
    assert statuses[names[1]]['rejected'] == '0'
    # One summary per camera at exit.
    assert '/left/movenet: processed' in output and '/right/movenet: processed' in output
