# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The camera end of a bench stream: frames, stamps, messages and the answers coming back.

Every bench camera (camera.py, chaos_camera.py and the cued cameras of cameras.py)
publishes as a driver does: frames decoded before the stream, stamped at publish, each
topic only while subscribed. Kept here so that they differ only in what they vary.
"""

import argparse
import json
import os
import select
import sys
import time

import cv2
import numpy as np

from .proc import cpu_seconds

JPEG_FORMAT = 'bgr8; jpeg compressed bgr8'


def load_frames(video, width, height, count):
    """Up to ``count`` frames of ``video`` as BGR arrays of ``width`` x ``height``."""
    capture = cv2.VideoCapture(str(video))
    frames = []
    try:
        while len(frames) < count:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(cv2.resize(frame, (width, height), interpolation=cv2.INTER_LINEAR))
    finally:
        capture.release()
    if not frames:
        raise SystemExit(f'no frames in {video}')
    return frames


def stamp_now(offset=0.0):
    """(sec, nanosec) of the wall clock plus ``offset`` seconds, as a driver stamps."""
    now = time.time() + offset
    sec = int(now // 1)
    return sec, int((now - sec) * 1e9)


def raw_image(pixels, stamp, data=None):
    """Return a bgr8 sensor_msgs/Image of ``pixels`` (or ``data`` as given) at ``stamp``."""
    from sensor_msgs.msg import Image
    height, width = pixels.shape[:2]
    msg = Image(height=height, width=width, encoding='bgr8', step=width * 3,
                data=pixels.tobytes() if data is None else data)
    msg.header.stamp.sec, msg.header.stamp.nanosec = stamp
    msg.header.frame_id = 'bench_camera'
    return msg


def jpeg_image(data, stamp):
    """Return a sensor_msgs/CompressedImage of JPEG bytes ``data`` stamped ``stamp``."""
    from sensor_msgs.msg import CompressedImage
    msg = CompressedImage(format=JPEG_FORMAT, data=data)
    msg.header.stamp.sec, msg.header.stamp.nanosec = stamp
    msg.header.frame_id = 'bench_camera'
    return msg


def spin_until(node, due):
    """Serve ``node``'s callbacks until the monotonic second ``due`` (the frame pace)."""
    import rclpy
    while True:
        left = due - time.monotonic()
        if left <= 0:
            return
        rclpy.spin_once(node, timeout_sec=left)


def wait_for_listener(node, publishers, answers, timeout):
    """Serve ``node`` until one of ``publishers`` has a subscriber and ``answers`` a publisher."""
    import rclpy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not (
            any(p.get_subscription_count() for p in publishers)
            and node.count_publishers(answers)):
        rclpy.spin_once(node, timeout_sec=0.05)


def stream(node, count, fps, start, sent_at, publish):
    """
    Publish ``count`` frames at ``fps`` from the monotonic second ``start``.

    ``publish(i, stamp)`` sends frame ``i``; its wall-clock send time goes into
    ``sent_at`` under its stamp, for listen_for_answers to time the answer.
    """
    for i in range(count):
        now = time.time()
        stamp = stamp_now()
        publish(i, stamp)
        sent_at[stamp] = now
        spin_until(node, start + (i + 1) / fps)


def finish(node, latencies):
    """
    Take the answers still on their way for a second, then end ROS in this process.

    Returns the answered count and latency p50/p95 in ms of ``latencies`` (seconds).
    """
    import rclpy
    settle = time.monotonic() + 1.0
    while time.monotonic() < settle:
        rclpy.spin_once(node, timeout_sec=0.05)
    node.destroy_node()
    rclpy.try_shutdown()
    ms = np.array(latencies) * 1e3
    return {'answered': len(latencies),
            'latency_ms_p50': float(np.percentile(ms, 50)) if len(ms) else None,
            'latency_ms_p95': float(np.percentile(ms, 95)) if len(ms) else None}


def listen_for_answers(node, topic):
    """
    Subscribe ``node`` to the pose answers on ``topic``; return (sent_at, latencies).

    Put each frame's publish time into ``sent_at`` under its (sec, nanosec) stamp; when
    its answer arrives, the seconds it took are appended to ``latencies``.
    """
    from movenet_ros_msgs.msg import PoseKeypoints
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    sent_at, latencies = {}, []

    def on_answer(msg):
        key = (msg.header.stamp.sec, msg.header.stamp.nanosec)
        if key in sent_at:
            latencies.append(time.time() - sent_at.pop(key))

    node.create_subscription(PoseKeypoints, topic, on_answer,
                             QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE))
    return sent_at, latencies


def cued_camera_main(argv):
    """
    One camera of cameras.py (``cameras.py camera ...``): camera.py's raw stream, on cue.

    It prints ``ready`` once the node listens to it and its answers can reach it, then
    waits for a line on stdin holding the monotonic second to start at (the clock is one
    for every process of the machine), so that all cameras stream at once and the window
    of the stream is known to the orchestrator.
    """
    parser = argparse.ArgumentParser(prog='cameras.py camera')
    parser.add_argument('--video', required=True)
    parser.add_argument('--size', default='640x480')
    parser.add_argument('--fps', type=float, default=15.0)
    parser.add_argument('--seconds', type=float, default=15.0)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--answers', required=True)
    parser.add_argument('--preload', type=int, default=60, help='frames kept in memory')
    args = parser.parse_args(argv)

    import rclpy
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    from sensor_msgs.msg import Image

    width, height = (int(v) for v in args.size.split('x'))
    frames = load_frames(args.video, width, height, args.preload)
    rclpy.init()
    node = rclpy.create_node('bench_camera')
    publisher = node.create_publisher(
        Image, args.topic, QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
    sent_at, latencies = listen_for_answers(node, args.answers)
    wait_for_listener(node, [publisher], args.answers, 60.0)
    print('ready', flush=True)
    while not select.select([sys.stdin], [], [], 0.0)[0]:
        rclpy.spin_once(node, timeout_sec=0.05)
    start = float(sys.stdin.readline())
    late = max(0.0, time.monotonic() - start)
    while time.monotonic() < start:
        time.sleep(min(0.01, max(0.0, start - time.monotonic())))

    count = int(args.seconds * args.fps)
    published = 0

    def publish(i, stamp):
        nonlocal published
        if publisher.get_subscription_count() > 0:
            publisher.publish(raw_image(frames[i % len(frames)], stamp))
            published += 1

    cpu = cpu_seconds(os.getpid())
    stream(node, count, args.fps, start, sent_at, publish)
    cpu = cpu_seconds(os.getpid()) - cpu
    print(json.dumps({
        'sent': count, 'published': published, **finish(node, latencies),
        'camera_cpu_ms_per_frame': cpu / count * 1e3, 'start_late_ms': late * 1e3}),
        flush=True)
    return 0
