# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A camera process for the benchmarks: publishes like a driver and times the node's answers.

Frames of a video are decoded and resized before the stream starts (a driver gets them from
its hardware), so the process's CPU during the stream is what a camera driver spends:
publishing the raw frame and encoding a JPEG, each only while its topic has a subscriber,
as image_transport does. Every frame is stamped before it is
published (and encoded), as a driver stamps at capture; the latency of a frame is the time
from its stamp until its /pose/keypoints answer arrives back here, so it includes the
camera's JPEG encoding, reported on its own as well. CPU per frame is read from /proc for this
process and for the node (``--node-pid``) over the stream alone.

Prints one JSON line: frames sent, answered, latency p50/p95 in ms, and CPU per frame in
ms of the camera and the node.
"""

import argparse
import json
import os
from pathlib import Path
import time

import cv2
import numpy as np


def cpu_seconds(pid):
    """User plus system CPU seconds of process ``pid``."""
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


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
    """A bgr8 sensor_msgs/Image of ``pixels`` (or ``data`` as given) stamped ``stamp``."""
    from sensor_msgs.msg import Image
    height, width = pixels.shape[:2]
    msg = Image(height=height, width=width, encoding='bgr8', step=width * 3,
                data=pixels.tobytes() if data is None else data)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--video', required=True)
    parser.add_argument('--size', default='640x480', help='WIDTHxHEIGHT')
    parser.add_argument('--transport', choices=('raw', 'jpeg', 'both'), default='raw',
                        help='raw topic, compressed topic, or both as image_transport does')
    parser.add_argument('--quality', type=int, default=95, help='JPEG quality')
    parser.add_argument('--fps', type=float, default=30.0)
    parser.add_argument('--seconds', type=float, default=15.0)
    parser.add_argument('--topic', default='/bench/camera')
    parser.add_argument('--answers', default='/bench/pose/keypoints')
    parser.add_argument('--node-pid', type=int, required=True)
    parser.add_argument('--viewer-pid', type=int, help='a viewer process, timed as the node')
    parser.add_argument('--preload', type=int, default=60, help='frames kept in memory')
    args = parser.parse_args()

    import rclpy
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    from sensor_msgs.msg import CompressedImage, Image

    width, height = (int(v) for v in args.size.split('x'))
    frames = load_frames(args.video, width, height, args.preload)
    rclpy.init()
    node = rclpy.create_node('bench_camera')
    reliable = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)
    raw = compressed = None
    if args.transport in ('raw', 'both'):
        raw = node.create_publisher(Image, args.topic, reliable)
    if args.transport in ('jpeg', 'both'):
        compressed = node.create_publisher(CompressedImage, args.topic + '/compressed',
                                           reliable)
    sent_at, latencies = listen_for_answers(node, args.answers)
    # Wait until the node listens on one of the topics and its answers can reach us.
    publishers = [p for p in (raw, compressed) if p is not None]
    deadline = time.monotonic() + 30.0
    while time.monotonic() < deadline and not (
            any(p.get_subscription_count() for p in publishers)
            and node.count_publishers(args.answers)):
        rclpy.spin_once(node, timeout_sec=0.05)
    time.sleep(1.0)  # past discovery: the node's transport choice settles
    for _ in range(20):
        rclpy.spin_once(node, timeout_sec=0.05)

    count = int(args.seconds * args.fps)
    jpeg_bytes, raw_published, encode_s = [], 0, []
    camera_cpu, node_cpu = cpu_seconds(os.getpid()), cpu_seconds(args.node_pid)
    viewer_cpu = cpu_seconds(args.viewer_pid) if args.viewer_pid else None
    start = time.monotonic()
    for i in range(count):
        pixels = frames[i % len(frames)]
        now = time.time()
        stamp = stamp_now()
        if raw is not None and raw.get_subscription_count() > 0:
            raw.publish(raw_image(pixels, stamp))
            raw_published += 1
        if compressed is not None and compressed.get_subscription_count() > 0:
            began = time.perf_counter()
            ok, data = cv2.imencode('.jpg', pixels, [cv2.IMWRITE_JPEG_QUALITY, args.quality])
            encode_s.append(time.perf_counter() - began)
            msg = CompressedImage(format='bgr8; jpeg compressed bgr8', data=data.tobytes())
            msg.header.stamp.sec, msg.header.stamp.nanosec = stamp
            msg.header.frame_id = 'bench_camera'
            compressed.publish(msg)
            jpeg_bytes.append(len(data))
        sent_at[stamp] = now
        spin_until(node, start + (i + 1) / args.fps)
    camera_cpu = cpu_seconds(os.getpid()) - camera_cpu
    node_cpu = cpu_seconds(args.node_pid) - node_cpu
    if viewer_cpu is not None:
        viewer_cpu = cpu_seconds(args.viewer_pid) - viewer_cpu
    print(json.dumps({
        'sent': count, **finish(node, latencies),
        'camera_cpu_ms_per_frame': camera_cpu / count * 1e3,
        'node_cpu_ms_per_frame': node_cpu / count * 1e3,
        **({} if viewer_cpu is None else {'viewer_cpu_ms_per_frame': viewer_cpu / count * 1e3}),
        'raw_bytes': width * height * 3, 'raw_published': raw_published,
        'jpeg_published': len(jpeg_bytes),
        'jpeg_bytes': int(np.mean(jpeg_bytes)) if jpeg_bytes else None,
        'encode_ms_p50': float(np.median(encode_s)) * 1e3 if encode_s else 0.0}))


if __name__ == '__main__':
    main()
