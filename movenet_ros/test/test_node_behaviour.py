# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The node as a ROS user meets it: QoS, bounded latency, outputs, parameters, diagnostics.

One node process (namespace /beh) serves most tests in order; a second one with a
reliable subscription shows the incompatible-QoS warning. How the input QoS follows the
camera is in test_camera_qos.py.
"""

import re
import signal

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
from movenet_ros_msgs.msg import PoseKeypoints
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import Peer, set_parameters, start_node, stop
from sensor_msgs.msg import CompressedImage, Image

RELIABLE = QoSProfile(depth=50, reliability=ReliabilityPolicy.RELIABLE)
BEST_EFFORT = QoSProfile(depth=5, reliability=ReliabilityPolicy.BEST_EFFORT)


class Camera:
    """Publishes a fixed frame with chosen stamps; records poses and diagnostics."""

    def __init__(self, peer, frame, namespace='beh'):
        self.peer = peer
        self.frame = frame
        self.status_name = f'/{namespace}/movenet: pose estimation'
        self.topic = f'/{namespace}/camera'
        self.reliable = peer.node.create_publisher(Image, self.topic, RELIABLE)
        self.poses = []
        self.diagnostics = []
        self.pose_sub = peer.node.create_subscription(
            PoseKeypoints, f'/{namespace}/pose/keypoints', self.poses.append, 100)
        peer.node.create_subscription(DiagnosticArray, '/diagnostics', self._on_diagnostics, 10)

    def _on_diagnostics(self, msg):
        self.diagnostics.extend(s for s in msg.status if s.name == self.status_name)

    def message(self, sec, nanosec=0):
        pixels = self.frame.pixels
        msg = Image(height=pixels.shape[0], width=pixels.shape[1], encoding='bgr8',
                    step=pixels.shape[1] * 3, data=pixels.tobytes())
        msg.header.stamp.sec, msg.header.stamp.nanosec = sec, nanosec
        msg.header.frame_id = 'beh_camera'
        return msg

    def stamps(self):
        return [p.header.stamp.sec for p in self.poses]

    def answer(self, sec, publisher=None, timeout=10.0):
        (publisher or self.reliable).publish(self.message(sec))
        return self.peer.spin_until(lambda: sec in self.stamps(), timeout)

    def latest_status(self, timeout=5.0):
        count = len(self.diagnostics)
        assert self.peer.spin_until(lambda: len(self.diagnostics) > count, timeout)
        status = self.diagnostics[-1]
        return status, {kv.key: kv.value for kv in status.values}


@pytest.fixture(scope='module')
def node_and_camera(read_image_module):
    process = start_node('-r', '__ns:=/beh', image_topic='/beh/camera')
    peer = Peer('behaviour_tester')
    camera = Camera(peer, read_image_module('squat.bmp'))
    peer.wait_for_subscribers(camera.reliable)
    peer.wait_for_publishers(camera.pose_sub)
    peer.spin_for(0.5)
    yield process, peer, camera
    peer.close()
    if process.returncode is None:
        stop(process)


@pytest.fixture(scope='module')
def read_image_module(data_dir):
    import cv2
    from movenet_ros.core.image_io import frame_from_array
    return lambda name: frame_from_array(cv2.imread(str(data_dir / 'images' / name)), 'bgr')


def test_nothing_is_rendered_without_subscribers(node_and_camera):
    _, peer, camera = node_and_camera
    for sec in (3, 4, 5):
        assert camera.answer(sec)
    _, values = camera.latest_status()
    assert values['rendered'] == '0'
    annotated, compressed = [], []
    peer.node.create_subscription(Image, '/beh/pose/image_annotated', annotated.append, 10)
    peer.node.create_subscription(CompressedImage, '/beh/pose/image_annotated/compressed',
                                  compressed.append, 10)
    peer.spin_for(1.0)
    for sec in (6, 7, 8):
        assert camera.answer(sec)
    assert peer.spin_until(lambda: annotated and compressed, 5.0)
    image = annotated[-1]
    assert (image.width, image.height, image.encoding) == (500, 610, 'bgr8')
    assert image.header.stamp.sec in (6, 7, 8) and image.header.frame_id == 'beh_camera'
    assert compressed[-1].format.startswith('bgr8; jpeg')
    assert bytes(compressed[-1].data[:2]) == b'\xff\xd8'
    _, values = camera.latest_status()
    assert int(values['rendered']) >= 3


def test_a_burst_drops_frames_instead_of_queueing_them(node_and_camera):
    _, peer, camera = node_and_camera
    first = 100
    for sec in range(first, first + 40):
        camera.reliable.publish(camera.message(sec))
    assert peer.spin_until(lambda: first + 39 in camera.stamps(), 15.0), \
        'the last frame of the burst was never answered'
    burst = [s for s in camera.stamps() if s >= first]
    assert burst == sorted(burst) and len(set(burst)) == len(burst)
    assert len(burst) < 40, 'every frame of the burst was processed: nothing was dropped'
    peer.spin_for(1.0)
    assert camera.stamps()[-1] == first + 39, 'a frame older than the last one came out last'
    _, values = camera.latest_status()
    counts = {k: int(values[k]) for k in ('received', 'processed', 'skipped_busy',
                                          'lost_in_transport', 'rejected', 'failed')}
    assert counts['skipped_busy'] > 0
    # Every frame is accounted for, whether the executor or the worker took it.
    assert counts['received'] == (counts['processed'] + counts['skipped_busy']
                                  + counts['lost_in_transport'] + counts['rejected']
                                  + counts['failed']), counts


def test_stamps_going_backwards_reset_tracking_instead_of_failing(node_and_camera):
    _, _, camera = node_and_camera
    for sec in (300, 301, 302, 200, 201):
        assert camera.answer(sec), f'no answer for stamp {sec}'
    _, values = camera.latest_status()
    assert values['failed'] == '0'


def test_parameters_through_the_parameter_services(node_and_camera):
    _, peer, camera = node_and_camera
    (ok,) = set_parameters(peer, '/beh/movenet', {'min_pose_score': 0.99})
    assert ok.successful
    assert camera.answer(400)
    assert not camera.poses[-1].detected, 'min_pose_score 0.99 did not take effect'
    (ok,) = set_parameters(peer, '/beh/movenet', {'min_pose_score': 0.25})
    assert ok.successful and camera.answer(401) and camera.poses[-1].detected
    (out_of_range,) = set_parameters(peer, '/beh/movenet', {'min_pose_score': 1.5})
    assert not out_of_range.successful and 'min_pose_score' in out_of_range.reason
    (read_only,) = set_parameters(peer, '/beh/movenet', {'num_threads': 1})
    assert not read_only.successful and 'read-only' in read_only.reason
    (wrong_type,) = set_parameters(peer, '/beh/movenet', {'enable_smoothing': 'yes'})
    assert not wrong_type.successful


def test_diagnostics_describe_the_pipeline_and_warn_when_idle(node_and_camera):
    _, peer, camera = node_and_camera
    status, values = camera.latest_status()
    assert status.name == '/beh/movenet: pose estimation'
    assert status.hardware_id == 'movenet_singlepose_lightning_int8.tflite'
    for key in ('input_fps', 'processed_fps', 'skipped_busy', 'lost_in_transport',
                'inference_ms_p50', 'inference_ms_p95', 'latency_ms_p50', 'latency_ms_p95',
                'latency_ms_p99', 'delegate', 'model'):
        assert key in values, key
    assert values['delegate'] == 'cpu' and values['model'] == 'lightning'
    assert values['state'] == 'active' and values['input_reliability'] == 'reliable'
    assert 0.5 < float(values['inference_ms_p50']) < 1000.0
    peer.spin_for(1.5)
    status, values = camera.latest_status()
    assert status.level == DiagnosticStatus.WARN
    assert status.message == 'no images on /beh/camera'


def test_a_camera_that_vanishes_and_returns_is_served_again(node_and_camera):
    _, peer, camera = node_and_camera
    peer.node.destroy_publisher(camera.reliable)
    peer.spin_for(1.0)
    camera.reliable = peer.node.create_publisher(Image, '/beh/camera', RELIABLE)
    peer.wait_for_subscribers(camera.reliable)
    peer.spin_for(0.5)
    assert camera.answer(500), 'no answer after the camera came back'
    _, values = camera.latest_status()
    assert values['failed'] == '0'


def test_sigterm_stops_the_node_cleanly(node_and_camera):
    process, _, _ = node_and_camera
    output = stop(process, sig=signal.SIGTERM)
    assert process.returncode == 0, output
    assert 'Traceback' not in output
    assert re.search(r'processed \d+ frames of \d+ received', output), output


def test_an_incompatible_publisher_is_reported(read_image_module):
    process = start_node('-r', '__ns:=/strict', '-p', 'qos_reliability:=reliable',
                         image_topic='/strict/camera')
    peer = Peer('strict_tester')
    try:
        camera = Camera(peer, read_image_module('squat.bmp'), namespace='strict')
        peer.wait_for_publishers(camera.pose_sub)
        best_effort = peer.node.create_publisher(Image, camera.topic, BEST_EFFORT)
        peer.spin_for(2.0)
        best_effort.publish(camera.message(1))
        peer.spin_for(1.0)
        assert camera.stamps() == []
    finally:
        peer.close()
        output = stop(process)
    assert 'offers a QoS incompatible with this subscription (reliable)' in output, output
