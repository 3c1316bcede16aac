# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
input_transport auto, the default, over real DDS: the node reads what the camera offers.

The camera here behaves as image_transport does: it offers a raw and a compressed topic
and publishes each only while it has a subscriber. The node reads the JPEG topic when raw
frames would not fit Fast DDS's shared-memory segment, raw when they would, and follows
the camera when its compressed topic goes away and comes back.
"""

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from movenet_ros_msgs.msg import PoseKeypoints
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop, wait_for_output
from sensor_msgs.msg import CompressedImage, Image

RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)


class Camera:
    """Raw and compressed topics of one camera, each published only while subscribed."""

    def __init__(self, peer, topic, pixels, fmt='.jpg'):
        self.peer, self.topic, self.pixels, self.fmt = peer, topic, pixels, fmt
        self.raw = peer.node.create_publisher(Image, topic, RELIABLE)
        self.compressed = None
        self.offer_compressed()

    def offer_compressed(self):
        self.compressed = self.peer.node.create_publisher(
            CompressedImage, self.topic + '/compressed', RELIABLE)

    def withdraw_compressed(self):
        self.peer.node.destroy_publisher(self.compressed)
        self.compressed = None

    def reads(self):
        """Return 'raw' or 'compressed': the topic the node subscribes to now, if one."""
        raw = self.raw.get_subscription_count() > 0
        compressed = self.compressed is not None and \
            self.compressed.get_subscription_count() > 0
        return {(True, False): 'raw', (False, True): 'compressed'}.get((raw, compressed))

    def publish(self, sec):
        """Publish frame ``sec`` on every topic that has a subscriber."""
        if self.raw.get_subscription_count():
            self.raw.publish(bgr8_image(self.pixels, sec, frame_id='transport_camera'))
        if self.compressed is not None and self.compressed.get_subscription_count():
            data = cv2.imencode(self.fmt, self.pixels)[1].tobytes()
            msg = CompressedImage(format='jpeg' if self.fmt == '.jpg' else 'png', data=data)
            msg.header.stamp.sec, msg.header.frame_id = sec, 'transport_camera'
            self.compressed.publish(msg)


def _answered(poses, sec):
    return lambda: any(p.header.stamp.sec == sec for p in poses)


def _send_until_answered(peer, camera, poses, sec):
    """Publish frame ``sec`` on whatever the node reads until its pose comes back."""
    return publish_until(peer, camera, sec, _answered(poses, sec), timeout=30.0)


@pytest.mark.integration
def test_a_large_camera_is_read_as_jpeg_and_followed_when_its_compressed_topic_changes(
        read_image):
    process = start_node('-r', '__ns:=/big', image_topic='/big/camera')
    peer = Peer('big_camera')
    poses, statuses = [], []
    try:
        wait_for_output(process, 'listening on')
        peer.node.create_subscription(PoseKeypoints, '/big/pose/keypoints', poses.append, 50)
        peer.node.create_subscription(
            DiagnosticArray, '/diagnostics',
            lambda m: statuses.extend(s for s in m.status if '/big/movenet' in s.name), 10)
        # 1920x1080 bgr8: 5.9 MiB a frame.
        camera = Camera(peer, '/big/camera',
                        cv2.resize(read_image('two_people.bmp').pixels, (1920, 1080)))
        assert peer.spin_until(lambda: camera.reads() == 'compressed', 20.0), camera.reads()
        assert _send_until_answered(peer, camera, poses, 1), 'no answer to a JPEG frame'
        transport = lambda s: {v.key: v.value for v in s.values}.get('input_transport')  # noqa
        assert peer.spin_until(lambda: statuses and transport(statuses[-1]) == 'compressed',
                               10.0), 'diagnostics do not say compressed'
        # The compressed topic goes away mid-stream: the node reads raw frames.
        camera.withdraw_compressed()
        assert peer.spin_until(lambda: camera.reads() == 'raw', 20.0), camera.reads()
        assert _send_until_answered(peer, camera, poses, 2), 'no answer to a raw frame'
        # It comes back: the node, now knowing the raw size, reads it again.
        camera.offer_compressed()
        assert peer.spin_until(lambda: camera.reads() == 'compressed', 20.0), camera.reads()
        assert _send_until_answered(peer, camera, poses, 3), 'no answer after the return'
        values = {v.key: v.value for v in statuses[-1].values}
        assert values['input_transport_reason'].startswith('auto:'), values
    finally:
        peer.close()
        output = stop(process)
    assert ('reading /big/camera/compressed now (compressed: auto: raw frames of 5.9 MiB '
            'exceed the 512 KiB shared-memory segment)') in output
    assert 'reading /big/camera now (raw: auto: the camera offers no compressed topic)' in \
        output
    assert 'Traceback' not in output


def _diagnostics(statuses, node):
    def values():
        mine = [s for s in statuses if s.name.startswith(node + ':')]
        return {v.key: v.value for v in mine[-1].values} if mine else {}
    return values


@pytest.mark.integration
@pytest.mark.parametrize('size, fmt, reason', [
    ((320, 240), '.jpg', 'auto: raw frames of 225 KiB fit the 512 KiB shared-memory segment'),
    ((1920, 1080), '.png', 'auto: the compressed topic carries PNG, which decodes at full '
                           'size only')], ids=['vga-jpeg', '1080p-png'])
def test_a_small_camera_or_a_png_one_is_read_raw(read_image, size, fmt, reason):
    namespace = '/small' + fmt[1:]
    process = start_node('-r', f'__ns:={namespace}', image_topic=f'{namespace}/camera')
    peer = Peer('small_camera')
    poses, statuses = [], []
    try:
        wait_for_output(process, 'listening on')
        peer.node.create_subscription(PoseKeypoints, f'{namespace}/pose/keypoints',
                                      poses.append, 50)
        peer.node.create_subscription(DiagnosticArray, '/diagnostics',
                                      lambda m: statuses.extend(m.status), 10)
        camera = Camera(peer, f'{namespace}/camera',
                        cv2.resize(read_image('two_people.bmp').pixels, size), fmt)
        diagnostics = _diagnostics(statuses, f'{namespace}/movenet')
        # Whichever topic the node reads first, the frames tell it enough to settle on raw.
        settled = lambda: camera.reads() == 'raw' and diagnostics().get(  # noqa: E731
            'input_transport_reason') == reason
        for sec in range(1, 60):
            assert _send_until_answered(peer, camera, poses, sec), camera.reads()
            if peer.spin_until(settled, 1.0):
                break
        assert settled(), (camera.reads(), diagnostics())
        assert diagnostics()['input_transport'] == 'raw'
        assert _send_until_answered(peer, camera, poses, 100)
    finally:
        peer.close()
        stop(process)
