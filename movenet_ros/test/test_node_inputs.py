# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Every input encoding and compressed input, through a running node over DDS.

Two node processes (raw and compressed transport) with cropping and smoothing off, so
each frame's result depends on that frame only; each result is compared with the core
run in this process on the same bytes (within a pixel), and lossless encodings also with
the rgb8 result. Every frame has a stamp of its own, so tests sharing the two nodes do
not see each other's answers; the test that stops nodes to read their accounts starts
its own.
"""

import re

import cv2
from movenet_ros.core.estimator import EstimatorConfig, PoseEstimator
from movenet_ros.core.image_io import frame_at_model_scale, frame_from_buffer
from movenet_ros_msgs.msg import PoseKeypoints
import numpy as np
import pytest
from ros_harness import bgr8_image, Peer, publish_until, set_parameters, start_node, stop
from sensor_msgs.msg import CompressedImage, Image

INDEPENDENT_FRAMES = ('-p', 'enable_cropping:=false', '-p', 'enable_smoothing:=false')


def _pack_yuv422(bgr, order):
    """Pack a BGR image as UYVY ('uyvy') or YUYV ('yuyv'), chroma averaged per pixel pair."""
    yuv = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV).astype(np.uint16)
    y = yuv[..., 0].astype(np.uint8)
    u = ((yuv[:, 0::2, 1] + yuv[:, 1::2, 1] + 1) // 2).astype(np.uint8)
    v = ((yuv[:, 0::2, 2] + yuv[:, 1::2, 2] + 1) // 2).astype(np.uint8)
    first, second = y[:, 0::2], y[:, 1::2]
    planes = (u, first, v, second) if order == 'uyvy' else (first, u, second, v)
    return np.stack(planes, axis=-1).reshape(bgr.shape[0], -1)


def _raw_cases(bgr):
    h, w = bgr.shape[:2]
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    alpha = np.full((h, w, 1), 255, np.uint8)
    gray16 = gray.astype(np.uint16) * 257
    padded = np.zeros((h, w * 3 + 16), np.uint8)
    padded[:, :w * 3] = bgr[..., ::-1].reshape(h, -1)
    return {
        # name: (encoding, step, is_bigendian, data, lossless colour copy of rgb8)
        'rgb8': ('rgb8', w * 3, 0, bgr[..., ::-1].tobytes(), True),
        'bgr8': ('bgr8', w * 3, 0, bgr.tobytes(), True),
        'rgba8': ('rgba8', w * 4, 0, np.concatenate([bgr[..., ::-1], alpha], 2).tobytes(), True),
        'bgra8': ('bgra8', w * 4, 0, np.concatenate([bgr, alpha], 2).tobytes(), True),
        'rgb8 padded rows': ('rgb8', w * 3 + 16, 0, padded.tobytes(), True),
        'mono8': ('mono8', w, 0, gray.tobytes(), False),
        'mono16 little-endian': ('mono16', w * 2, 0, gray16.astype('<u2').tobytes(), False),
        'mono16 big-endian': ('mono16', w * 2, 1, gray16.astype('>u2').tobytes(), False),
        'yuv422 (uyvy)': ('yuv422', w * 2, 0, _pack_yuv422(bgr, 'uyvy').tobytes(), False),
        'yuv422_yuy2 (yuyv)': ('yuv422_yuy2', w * 2, 0, _pack_yuv422(bgr, 'yuyv').tobytes(),
                               False),
    }


class Exchange:
    """Publishes one frame at a time and waits for the pose with the same stamp."""

    def __init__(self, peer, namespace, compressed):
        self.peer = peer
        self.poses = {}
        kind = CompressedImage if compressed else Image
        topic = f'/{namespace}/camera' + ('/compressed' if compressed else '')
        self.publisher = peer.node.create_publisher(kind, topic, 10)
        self.subscription = peer.node.create_subscription(
            PoseKeypoints, f'/{namespace}/pose/keypoints', self._on_pose, 10)
        self.next_stamp = 1

    def _on_pose(self, msg):
        self.poses[msg.header.stamp.sec] = msg

    def ready(self, frame):
        """Republish ``frame`` until the node answers: from then on nothing is lost."""
        self.peer.wait_for_publishers(self.subscription)
        frame.header.stamp.sec = 0
        assert publish_until(self.peer, self.publisher, frame, lambda: 0 in self.poses), \
            f'{self.publisher.topic_name}: the node never answered'

    def post(self, msg):
        """Publish ``msg`` with a stamp of its own; return the stamp."""
        stamp = self.next_stamp
        self.next_stamp += 1
        msg.header.stamp.sec = stamp
        msg.header.frame_id = 'cam'
        self.publisher.publish(msg)
        return stamp

    def send(self, msg, timeout=30.0):
        stamp = self.post(msg)
        self.peer.spin_until(lambda: stamp in self.poses, timeout)
        return self.poses.get(stamp)


def _xy(msg):
    return np.array([[k.x, k.y, k.score] for k in msg.keypoints])


def _start_pair(raw_namespace, compressed_namespace, peer, bgr):
    """Start a raw and a compressed-transport node, each answering a first frame."""
    processes = {
        'raw': start_node('-r', f'__ns:=/{raw_namespace}', *INDEPENDENT_FRAMES,
                          image_topic=f'/{raw_namespace}/camera'),
        'cmp': start_node('-r', f'__ns:=/{compressed_namespace}', '-p',
                          'input_transport:=compressed', *INDEPENDENT_FRAMES,
                          image_topic=f'/{compressed_namespace}/camera')}
    exchanges = {'raw': Exchange(peer, raw_namespace, False),
                 'cmp': Exchange(peer, compressed_namespace, True)}
    exchanges['raw'].ready(bgr8_image(bgr))
    exchanges['cmp'].ready(CompressedImage(format='jpeg',
                                           data=cv2.imencode('.jpg', bgr)[1].tobytes()))
    return exchanges, processes


def _squat(data_dir):
    return cv2.imread(str(data_dir / 'images' / 'squat.bmp'))


@pytest.fixture(scope='module')
def running(data_dir):
    peer = Peer('input_tester')
    processes = {}
    try:
        exchanges, processes = _start_pair('raw', 'cmp', peer, _squat(data_dir))
        yield peer, exchanges, processes
    finally:
        peer.close()
        for process in processes.values():
            stop(process)


@pytest.fixture(scope='module')
def reference_estimator(runner):
    return PoseEstimator(runner, EstimatorConfig(enable_cropping=False, enable_smoothing=False))


def test_every_raw_encoding_matches_the_core_within_a_pixel(
        running, read_image, reference_estimator):
    peer, exchanges, _ = running
    bgr = read_image('squat.bmp').pixels
    h, w = bgr.shape[:2]
    results = {}
    for name, (encoding, step, bigendian, data, _) in _raw_cases(bgr).items():
        msg = Image(height=h, width=w, encoding=encoding, step=step, is_bigendian=bigendian,
                    data=data)
        pose = exchanges['raw'].send(msg)
        assert pose is not None, f'{name}: no pose came back'
        assert (pose.image_width, pose.image_height) == (w, h)
        expected = reference_estimator.estimate(
            frame_from_buffer(data, encoding, w, h, step, bool(bigendian)))[0]
        np.testing.assert_allclose(_xy(pose)[:, :2], expected.keypoints[:, :2], atol=1.0,
                                   err_msg=name)
        results[name] = _xy(pose)
    for name, case in _raw_cases(bgr).items():
        if case[4]:
            np.testing.assert_allclose(results[name][:, :2], results['rgb8'][:, :2], atol=1.0,
                                       err_msg=f'{name} differs from rgb8')
    # Greyscale loses colour, not the person.
    assert np.mean(results['mono8'][:, 2]) > 0.3


def test_jpeg_and_png_match_the_core(running, read_image, reference_estimator):
    peer, exchanges, _ = running
    bgr = read_image('squat.bmp').pixels
    for fmt in ('jpeg', 'png'):
        ok, data = cv2.imencode('.jpg' if fmt == 'jpeg' else '.png', bgr)
        pose = exchanges['cmp'].send(CompressedImage(format=fmt, data=data.tobytes()))
        assert pose is not None, f'{fmt}: no pose came back'
        # The node decodes a JPEG at the model's scale (610 px / 2 >= 192), a PNG whole;
        # keypoints are in source pixels either way.
        frame = frame_at_model_scale(data.tobytes(), reference_estimator)
        assert frame.reduction == (2 if fmt == 'jpeg' else 1)
        [expected] = reference_estimator.estimate(frame)
        np.testing.assert_allclose(_xy(pose)[:, :2], expected.keypoints[:, :2], atol=1.0)
        assert (pose.image_width, pose.image_height) == (500, 610)


def test_bad_images_are_dropped_counted_and_good_ones_still_processed(data_dir):
    """Nodes of this test's own, stopped at its end to read their own accounts."""
    bgr = _squat(data_dir)
    h, w = bgr.shape[:2]
    ok, jpeg = cv2.imencode('.jpg', bgr)
    peer = Peer('bad_input_tester')
    processes = {}
    try:
        exchanges, processes = _start_pair('raw_bad', 'cmp_bad', peer, bgr)
        raw, cmp = exchanges['raw'], exchanges['cmp']
        bad = [Image(height=h, width=w, encoding='rgb8', step=w * 2, data=bgr.tobytes()),
               Image(height=h, width=w, encoding='rgb8', step=w * 3,
                     data=bgr.tobytes()[:1000]),
               Image(height=h, width=w, encoding='bayer_rggb8', step=w, data=bgr.tobytes()),
               Image(height=0, width=0, encoding='rgb8', step=0, data=b'')]
        good = bgr8_image(bgr)
        good_jpeg = CompressedImage(format='jpeg', data=jpeg.tobytes())

        def refuse(exchange, msg, good):
            """Post ``msg``, then a good frame: once that is answered, ``msg`` was taken."""
            stamp = exchange.post(msg)
            assert exchange.send(good) is not None, 'no answer after a bad image'
            return stamp
        refused_raw = [refuse(raw, msg, good) for msg in bad]
        refused_cmp = [refuse(cmp, CompressedImage(format='jpeg', data=data), good_jpeg)
                       for data in (jpeg.tobytes()[:200], b'garbage')]
        # The pixel cap is live: 500x610 is refused under a 100000-pixel cap, before decoding.
        (result,) = set_parameters(peer, '/cmp_bad/movenet', {'max_pixels': 100000})
        assert result.successful
        small = CompressedImage(format='jpeg', data=cv2.imencode(
            '.jpg', cv2.resize(bgr, (200, 244)))[1].tobytes())  # 48800 pixels pass the cap
        refused_cmp.append(refuse(cmp, good_jpeg, small))
        (result,) = set_parameters(peer, '/cmp_bad/movenet', {'max_pixels': 40000000})
        assert result.successful
        assert cmp.send(good_jpeg) is not None
        # Each node answered a frame sent after the bad ones, and none of those.
        assert not set(refused_raw) & set(raw.poses) and not set(refused_cmp) & set(cmp.poses)
    finally:
        peer.close()
        outputs = {name: stop(process) for name, process in processes.items()}
    assert processes['raw'].returncode == 0 and processes['cmp'].returncode == 0
    # Four malformed raw images; two corrupt JPEGs and one over the pixel cap.
    assert re.search(r'rejected 4 bad images, 0 failures', outputs['raw']), outputs['raw']
    assert re.search(r'rejected 3 bad images, 0 failures', outputs['cmp']), outputs['cmp']
    assert 'Traceback' not in outputs['raw'] + outputs['cmp']
