# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Recordings for the bag tests, written with the mcap libraries as rosbag2 writes them."""

import cv2
from mcap.reader import make_reader
from mcap_ros2.decoder import DecoderFactory
from mcap_ros2.writer import Writer
import numpy as np

# Written out by hand (not taken from the code under test), in rosbag2's layout.
_HEADER = """std_msgs/Header header
================================================================================
MSG: std_msgs/Header
builtin_interfaces/Time stamp
string frame_id
================================================================================
MSG: builtin_interfaces/Time
int32 sec
uint32 nanosec"""
IMAGE_SCHEMA = _HEADER.replace('std_msgs/Header header', """std_msgs/Header header
uint32 height
uint32 width
string encoding
uint8 is_bigendian
uint32 step
uint8[] data""", 1)
COMPRESSED_SCHEMA = _HEADER.replace('std_msgs/Header header', """std_msgs/Header header
string format
uint8[] data""", 1)
STRING_SCHEMA = 'string data'

#: Stamp of the first frame (a robot clock counting from boot); the frames follow at
#: 1/30 s like the video's. Small stamps keep float seconds exact enough that the
#: smoothing, and so the crops, match the video path's to the last bit.
START_NS = 100 * 10**9
STEP_NS = 10**9 // 30


def video_frames(path, count):
    """Read the first ``count`` BGR frames of a video."""
    capture = cv2.VideoCapture(str(path))
    frames = []
    while len(frames) < count:
        ok, pixels = capture.read()
        assert ok, f'{path} has fewer than {count} frames'
        frames.append(pixels)
    capture.release()
    return frames


def stamp_ns(index):
    """Nanoseconds of the index-th frame (so index / 30 s after START_NS, to the ns)."""
    return START_NS + index * STEP_NS


def header(index, frame_id='camera_optical_frame', ns=None):
    """Header stamped at frame ``index`` (or at ``ns`` nanoseconds)."""
    ns = stamp_ns(index) if ns is None else ns
    return {'stamp': {'sec': ns // 10**9, 'nanosec': ns % 10**9}, 'frame_id': frame_id}


def raw_message(index, pixels, encoding, ns=None):
    """sensor_msgs/Image of BGR ``pixels`` in 'bgr8' or 'rgb8'."""
    data = pixels if encoding == 'bgr8' else np.ascontiguousarray(pixels[..., ::-1])
    return {'header': header(index, ns=ns), 'height': pixels.shape[0],
            'width': pixels.shape[1],
            'encoding': encoding, 'is_bigendian': 0, 'step': pixels.shape[1] * 3,
            'data': data.tobytes()}


def compressed_message(index, pixels, fmt):
    """sensor_msgs/CompressedImage of BGR ``pixels`` as 'jpeg' or 'png'."""
    ok, data = cv2.imencode('.jpg' if fmt == 'jpeg' else '.png', pixels)
    assert ok
    return {'header': header(index), 'format': f'bgr8; {fmt} compressed bgr8',
            'data': data.tobytes()}


def write_bag(path, frames, topic='/camera/image_raw', kind='rgb8', depth_topic=False,
              stamps=None):
    """
    Record ``frames`` on ``topic`` as kind 'rgb8', 'bgr8', 'jpeg' or 'png'.

    A string topic is interleaved, as a robot's recording would hold one; with
    ``depth_topic``, a second image topic too. ``stamps`` (nanoseconds) replace the
    default header stamps of raw images.
    """
    with open(path, 'wb') as stream, Writer(stream) as writer:
        raw = writer.register_msgdef('sensor_msgs/msg/Image', IMAGE_SCHEMA)
        compressed = writer.register_msgdef('sensor_msgs/msg/CompressedImage',
                                            COMPRESSED_SCHEMA)
        text = writer.register_msgdef('std_msgs/msg/String', STRING_SCHEMA)
        for index, pixels in enumerate(frames):
            if kind in ('jpeg', 'png'):
                writer.write_message(topic, compressed, compressed_message(index, pixels, kind),
                                     log_time=stamp_ns(index) + 5_000_000)
            else:
                ns = None if stamps is None else stamps[index]
                writer.write_message(topic, raw, raw_message(index, pixels, kind, ns),
                                     log_time=stamp_ns(index) + 5_000_000)
            writer.write_message('/status', text, {'data': f'frame {index}'},
                                 log_time=stamp_ns(index) + 6_000_000)
            if depth_topic:
                small = np.zeros((4, 6, 3), np.uint8)
                writer.write_message('/depth/image_rect', raw, raw_message(index, small, 'bgr8'),
                                     log_time=stamp_ns(index) + 7_000_000)
    return path


def read_bag(path):
    """{topic: [(schema, channel, message, decoded), ...]} of a whole MCAP file."""
    topics = {}
    with open(path, 'rb') as stream:
        reader = make_reader(stream, decoder_factories=[DecoderFactory()])
        for schema, channel, message, decoded in reader.iter_decoded_messages():
            topics.setdefault(channel.topic, []).append((schema, channel, message, decoded))
    return topics
