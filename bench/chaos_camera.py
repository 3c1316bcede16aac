# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A camera for make soak-chaos: publishes until it is stopped or killed, misbehaving on request.

Publishes frames of a video at a fixed rate, raw and (``--transport both``) as JPEG on
``<topic>/compressed``, each only while it has a subscriber, as image_transport does. The
JPEGs are encoded once at start-up: the soak measures the node, and a restart must be
quick. It can stamp an hour off (``--stamp-offset``), stamp from ``/clock``
(``--sim-time``), publish best effort, and send a share of malformed frames (a JPEG cut
in half, a raw image one row short).

Prints JSON lines on stdout: ``publishing`` with the monotonic time of its first frame
once a subscriber listens, then every second the frames it has sent so far.
"""

import argparse
import json
import signal
import sys
import time

from lib.publishing import jpeg_image, load_frames, raw_image, spin_until, stamp_now
import numpy as np


def _say(**fields):
    print(json.dumps(fields), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--video', required=True)
    parser.add_argument('--size', default='640x480', help='WIDTHxHEIGHT')
    parser.add_argument('--transport', choices=('raw', 'both'), default='raw')
    parser.add_argument('--quality', type=int, default=95)
    parser.add_argument('--fps', type=float, default=30.0)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--reliability', choices=('reliable', 'best_effort'),
                        default='reliable')
    parser.add_argument('--stamp-offset', type=float, default=0.0, help='seconds added')
    parser.add_argument('--sim-time', action='store_true', help='stamp from /clock')
    parser.add_argument('--malformed', type=float, default=0.01, help='share of bad frames')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--preload', type=int, default=30)
    args = parser.parse_args()

    import cv2
    import rclpy
    from rclpy.parameter import Parameter
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    from rclpy.signals import SignalHandlerOptions
    from sensor_msgs.msg import CompressedImage, Image

    width, height = (int(v) for v in args.size.split('x'))
    frames = load_frames(args.video, width, height, args.preload)
    jpegs = [cv2.imencode('.jpg', f, [cv2.IMWRITE_JPEG_QUALITY, args.quality])[1].tobytes()
             for f in frames] if args.transport == 'both' else []
    raws = [f.tobytes() for f in frames]
    rng = np.random.default_rng(args.seed)
    rclpy.init(signal_handler_options=SignalHandlerOptions.NO)
    node = rclpy.create_node('chaos_camera', parameter_overrides=[
        Parameter('use_sim_time', value=args.sim_time)])
    qos = QoSProfile(depth=5, reliability=(ReliabilityPolicy.RELIABLE
                                           if args.reliability == 'reliable'
                                           else ReliabilityPolicy.BEST_EFFORT))
    raw = node.create_publisher(Image, args.topic, qos)
    compressed = (node.create_publisher(CompressedImage, args.topic + '/compressed', qos)
                  if args.transport == 'both' else None)
    publishers = [p for p in (raw, compressed) if p is not None]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))

    sent, first, next_report, i = 0, None, time.monotonic() + 1.0, 0
    start = time.monotonic()
    while not stopping:
        due = start + (i + 1) / args.fps
        if any(p.get_subscription_count() for p in publishers):
            if args.sim_time:
                now = node.get_clock().now().to_msg()
                stamp = (now.sec, now.nanosec)
            else:
                stamp = stamp_now(args.stamp_offset)
            bad = rng.random() < args.malformed
            index = i % len(frames)
            if raw.get_subscription_count():
                raw.publish(raw_image(frames[index], stamp,
                                      raws[index][:-width * 3] if bad else raws[index]))
            if compressed is not None and compressed.get_subscription_count():
                data = jpegs[index]
                compressed.publish(jpeg_image(data[:len(data) // 2] if bad else data, stamp))
            sent += 1
            if first is None:
                first = time.monotonic()
                _say(event='publishing', t=first)
        if time.monotonic() >= next_report:
            next_report += 1.0
            _say(event='sent', sent=sent, t=time.monotonic())
        i += 1
        spin_until(node, due)
    _say(event='stopped', sent=sent, t=time.monotonic())
    node.destroy_node()
    rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
