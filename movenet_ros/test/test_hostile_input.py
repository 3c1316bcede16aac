# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Hostile input: thousands of malformed images, in the core and through a running node.

Generated from a fixed seed (reproducible): wrong steps, data shorter or longer than
step x height, unknown and lying encodings, zero and huge sizes, truncated and corrupt
JPEG/PNG, decompression bombs (tiny files whose headers claim gigapixels) and garbage
stamps. Only ImageError may come out of the core; the node must reject each bad frame,
never fail, and keep processing the good frames in between.
"""

import re
import struct
import time
import zlib

import cv2
from movenet_ros.core.image_io import (check_layout, frame_from_buffer, frame_from_compressed,
                                       ImageError, SUPPORTED_ENCODINGS)
from movenet_ros.runtime.native_stderr import is_libjpeg_warning
import numpy as np
import pytest
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop
from sensor_msgs.msg import CompressedImage, Image

ENCODINGS = list(SUPPORTED_ENCODINGS) + ['', 'bayer_rggb8', '32FC1', 'RGB8', 'jpeg', 'x' * 300]
SIZES = [0, 1, 2, 3, 7, 640, 4095, 65535, 2 ** 31 - 1, 2 ** 32 - 1]


def _png_header(width, height):
    body = b'IHDR' + struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + struct.pack('>I', 13) + body
            + struct.pack('>I', zlib.crc32(body)))


def _jpeg_bomb(jpeg, width, height):
    """Rewrite the frame header of a real JPEG so it claims another size."""
    data = bytearray(jpeg)
    i = 2
    while i < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], 'big')
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            data[i + 5:i + 9] = struct.pack('>HH', height, width)
            return bytes(data)
        i += 2 + length
    raise AssertionError('no frame header')


def raw_cases(rng, count):
    """Yield (kind, (encoding, width, height, step, data, is_bigendian)), malformed or odd."""
    for _ in range(count):
        kind = rng.integers(6)
        encoding = ENCODINGS[rng.integers(len(ENCODINGS))]
        width, height = (int(v) for v in rng.choice(SIZES, 2))
        if kind == 0:  # small honest-looking size, random step and data length
            width, height = int(rng.integers(0, 40)), int(rng.integers(0, 40))
            step = int(rng.integers(0, 200))
            data = rng.integers(0, 256, int(rng.integers(0, 5000)), dtype=np.uint8).tobytes()
        elif kind == 1:  # huge claimed size, tiny buffer
            step = int(rng.choice([0, width, width * 3, 2 ** 32 - 1]))
            data = b'\x00' * int(rng.integers(0, 64))
        elif kind == 2:  # right size, data one row short
            width, height = int(rng.integers(1, 30)), int(rng.integers(2, 30))
            step = width * 3
            data = bytes(step * (height - 1))
        elif kind == 3:  # step smaller than a row
            width, height = int(rng.integers(2, 30)), int(rng.integers(1, 30))
            step = width * 3 - 1
            data = bytes(width * 3 * height)
        elif kind == 4:  # odd width for yuv422
            width, height, encoding = 2 * int(rng.integers(1, 10)) + 1, 4, 'yuv422'
            step = width * 2
            data = bytes(step * height)
        else:  # longer data than needed is fine; a lying encoding must not crash
            width, height = int(rng.integers(1, 30)), int(rng.integers(1, 30))
            step = width * 4
            data = bytes(step * height + int(rng.integers(0, 100)))
        yield int(kind), (encoding, width, height, step, data, bool(rng.integers(2)))


def compressed_cases(rng, count, jpeg, png):
    for _ in range(count):
        kind = rng.integers(6)
        if kind == 0:
            yield jpeg[:int(rng.integers(0, len(jpeg) - 1))]
        elif kind == 1:
            yield png[:int(rng.integers(0, len(png) - 1))]
        elif kind == 2:
            yield rng.integers(0, 256, int(rng.integers(0, 3000)), dtype=np.uint8).tobytes()
        elif kind == 3:
            yield _jpeg_bomb(jpeg, int(rng.integers(20000, 65535)),
                             int(rng.integers(20000, 65535)))
        elif kind == 4:
            yield _png_header(int(rng.integers(50000, 2 ** 31)),
                              int(rng.integers(50000, 2 ** 31))) + b'\x00' * 64
        else:
            corrupt = bytearray(jpeg)
            for position in rng.integers(2, len(corrupt), 20):
                corrupt[position] = int(rng.integers(256))
            yield bytes(corrupt)


@pytest.fixture(scope='module')
def encoded(data_dir):
    bgr = cv2.imread(str(data_dir / 'images' / 'squat.bmp'))
    small = cv2.resize(bgr, (100, 122))
    return (bgr, cv2.imencode('.jpg', small)[1].tobytes(),
            cv2.imencode('.png', small)[1].tobytes())


def test_core_raises_only_image_errors(encoded):
    _, jpeg, png = encoded
    rng = np.random.default_rng(1234)
    outcomes = {'ok': 0, 'rejected': 0}
    for kind, (encoding, width, height, step, data, bigendian) in raw_cases(rng, 20000):
        try:
            frame_from_buffer(data, encoding, width, height, step, bigendian)
            outcomes['ok'] += 1
            # A buffer one row short or a YUV image of odd width never passes.
            assert kind not in (2, 4), (kind, encoding, width, height, step)
        except ImageError:
            outcomes['rejected'] += 1
    for data in compressed_cases(rng, 3000, jpeg, png):
        try:
            frame = frame_from_compressed(data, max_pixels=10_000_000)
            assert frame.pixels.size <= 30_000_000
            outcomes['ok'] += 1
        except ImageError:
            outcomes['rejected'] += 1
    assert outcomes['rejected'] > 15000, outcomes


def test_a_bomb_is_refused_before_decoding(encoded):
    _, jpeg, _ = encoded
    bomb = _jpeg_bomb(jpeg, 60000, 60000)
    with pytest.raises(ImageError, match='60000x60000 exceeds the pixel cap'):
        frame_from_compressed(bomb)


def _acceptable(msg):
    """Whether the node would process ``msg`` (the same checks, run here in advance)."""
    try:
        if msg.header.stamp.nanosec >= 1_000_000_000:
            return False
        if isinstance(msg, CompressedImage):
            frame_from_compressed(bytes(msg.data), max_pixels=10_000_000)
        else:
            check_layout(msg.encoding, msg.width, msg.height, msg.step, len(msg.data))
            frame_from_buffer(bytes(msg.data), msg.encoding, msg.width, msg.height, msg.step,
                              bool(msg.is_bigendian))
    except ImageError:
        return False
    return True


def _flood(peer, publisher, messages, good, answered, failures):
    """Publish in small batches (so DDS keeps up), a good frame every 1000 messages."""
    sent = 0
    for i, msg in enumerate(messages):
        publisher.publish(msg)
        sent += 1
        if i % 1000 == 999:
            stamp = 10_000 + i
            good.header.stamp.sec = stamp
            publisher.publish(good)
            if not peer.spin_until(lambda: stamp in answered, 10.0):
                failures.append(f'the good frame after {i + 1} bad ones was not processed')
        elif i % 10 == 9:
            time.sleep(0.01)  # pace the flood (~1000/s) so the node's reader queue keeps up
    return sent


@pytest.mark.parametrize('transport', ['raw', 'compressed'])
def test_node_survives_ten_thousand_malformed_messages(encoded, transport):
    bgr, jpeg, png = encoded
    namespace = f'/hostile_{transport}'
    process = start_node('-r', f'__ns:={namespace}', '-p', f'input_transport:={transport}',
                         '-p', 'qos_reliability:=reliable', '-p', 'qos_depth:=100',
                         '-p', 'max_pixels:=10000000', image_topic=f'{namespace}/camera')
    peer = Peer(f'hostile_{transport}')
    rng = np.random.default_rng(99)
    answered = set()
    warm_ups = []  # answers to the frames sent until the node was heard
    try:
        from movenet_ros_msgs.msg import PoseKeypoints
        peer.node.create_subscription(PoseKeypoints, f'{namespace}/pose/keypoints',
                                      lambda m: answered.add(m.header.stamp.sec)
                                      or (m.header.stamp.sec == 1 and warm_ups.append(m)), 100)
        qos = QoSProfile(depth=1000, reliability=ReliabilityPolicy.RELIABLE)
        if transport == 'raw':
            publisher = peer.node.create_publisher(Image, f'{namespace}/camera', qos)
            messages = []
            for _, (encoding, width, height, step, data, bigendian) in raw_cases(rng, 10000):
                msg = Image(encoding=encoding[:200], width=width, height=height,
                            step=min(step, 2 ** 32 - 1), data=data, is_bigendian=bigendian)
                msg.header.stamp.sec = int(rng.integers(-2 ** 31, 2 ** 31 - 1))
                msg.header.stamp.nanosec = int(rng.integers(0, 2 ** 32 - 1))
                messages.append(msg)
            good = bgr8_image(bgr)
        else:
            publisher = peer.node.create_publisher(
                CompressedImage, f'{namespace}/camera/compressed', qos)
            messages = [CompressedImage(format='jpeg', data=data)
                        for data in compressed_cases(rng, 10000, jpeg, png)]
            good = CompressedImage(format='jpeg', data=cv2.imencode('.jpg', bgr)[1].tobytes())
        acceptable = sum(_acceptable(msg) for msg in messages)
        good.header.stamp.sec = 1
        assert publish_until(peer, publisher, good, lambda: warm_ups), 'the node never answered'
        failures = []
        sent = _flood(peer, publisher, messages, good, answered, failures)
        assert sent >= 10000
    finally:
        peer.close()
        output = stop(process)
    assert not failures, failures + [output[-3000:]]
    assert process.returncode == 0, output[-3000:]
    assert 'Traceback' not in output
    assert ', 0 failures' in output, output[-3000:]
    summary = re.search(r'processed (\d+) frames of (\d+) received; skipped (\d+) while the '
                        r'model was busy, lost (\d+) before they reached the node, '
                        r'rejected (\d+) bad', output)
    processed, received, skipped, lost, rejected = (int(v) for v in summary.groups())
    goods = len(messages) // 1000
    # Every message reached the node and was accounted for; bad ones are refused on
    # arrival, so they never displace a good frame waiting for the model.
    assert received >= 10010, summary.group(0)
    assert processed + skipped + lost + rejected == received, summary.group(0)
    # Exact, whatever the machine's speed: every good frame was processed, nothing the
    # checks refuse ever was (some random buffers and many corrupt JPEGs are valid images
    # of noise, counted in advance), and each refused message was rejected unless newer
    # ones replaced it in the queue first.
    goods += len(warm_ups)
    assert goods <= processed <= goods + acceptable, (summary.group(0), acceptable)
    assert rejected >= len(messages) - acceptable - skipped - lost, (summary.group(0),
                                                                     acceptable)
    assert 'dropping image:' in output  # the throttled error names the problem
    assert output.count('dropping image:') < 50, 'errors are not throttled'
    if transport == 'compressed':
        # Hundreds of the corrupt JPEGs decode with a libjpeg warning: they reach the log
        # through the node's throttled line, never as libjpeg's own line per image.
        own_lines = [line for line in output.splitlines() if is_libjpeg_warning(line.strip())]
        assert not own_lines, own_lines[:5]
        assert 'damaged JPEG decoded anyway: libjpeg says "' in output, output[-3000:]
        assert output.count('damaged JPEG decoded anyway') < 50, 'warnings are not throttled'
