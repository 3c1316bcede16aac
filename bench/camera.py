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
import time

import cv2
from lib.proc import cpu_seconds
from lib.publishing import (finish, jpeg_image, listen_for_answers, load_frames, raw_image,
                            stream, wait_for_listener)
import numpy as np


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
    wait_for_listener(node, publishers, args.answers, 30.0)
    time.sleep(1.0)  # past discovery: the node's transport choice settles
    for _ in range(20):
        rclpy.spin_once(node, timeout_sec=0.05)

    count = int(args.seconds * args.fps)
    jpeg_bytes, raw_published, encode_s = [], 0, []

    def publish(i, stamp):
        nonlocal raw_published
        pixels = frames[i % len(frames)]
        if raw is not None and raw.get_subscription_count() > 0:
            raw.publish(raw_image(pixels, stamp))
            raw_published += 1
        if compressed is not None and compressed.get_subscription_count() > 0:
            began = time.perf_counter()
            ok, data = cv2.imencode('.jpg', pixels, [cv2.IMWRITE_JPEG_QUALITY, args.quality])
            encode_s.append(time.perf_counter() - began)
            compressed.publish(jpeg_image(data.tobytes(), stamp))
            jpeg_bytes.append(len(data))

    camera_cpu, node_cpu = cpu_seconds(os.getpid()), cpu_seconds(args.node_pid)
    viewer_cpu = cpu_seconds(args.viewer_pid) if args.viewer_pid else None
    stream(node, count, args.fps, time.monotonic(), sent_at, publish)
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
