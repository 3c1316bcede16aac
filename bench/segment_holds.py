# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Why the annotated image has a DDS participant of its own: the holds it causes, without it.

No model and no node of the package: one process publishes a 1920x1080 bgr8 image at
15 Hz (only while someone subscribes) and a small reliable status at 1 Hz, as the pose
node publishes its annotated image and /diagnostics. A viewer process takes the images
35 s of every 45, a listener records when each status arrives, and ``--busy`` CPU-bound
processes keep the machine as loaded as two pose nodes do. Run twice, on stock
middleware: once with both topics in one participant, once with the images sent from a
second participant (a second rclpy context), as node/image_participant.py does.

Printed per variant: statuses received and missing, the longest gap between two, and how
many gaps exceeded 1.5 s (a status held back, then delivered with the next ones).
"""

import argparse
import os
import signal
import subprocess
import sys
import time

STATUS_TOPIC = '/segment_holds/status'
IMAGE_TOPIC = '/segment_holds/image'


def publisher(split):
    import rclpy
    from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
    from sensor_msgs.msg import Image

    rclpy.init()
    node = rclpy.create_node('segment_holds_publisher')
    status = node.create_publisher(DiagnosticArray, STATUS_TOPIC, 10)
    image_node = node
    if split:
        context = rclpy.Context()
        rclpy.init(context=context)
        image_node = rclpy.create_node('segment_holds_images', context=context)
    images = image_node.create_publisher(Image, IMAGE_TOPIC, 1)
    image = Image(height=1080, width=1920, encoding='bgr8', step=1920 * 3,
                  data=bytes(1920 * 1080 * 3))
    sequence, next_status = 0, time.monotonic()
    try:
        while True:
            if time.monotonic() >= next_status:
                status.publish(DiagnosticArray(status=[DiagnosticStatus(name=str(sequence))]))
                sequence += 1
                next_status += 1.0
            if images.get_subscription_count() > 0:
                images.publish(image)
            time.sleep(1 / 15)
    except KeyboardInterrupt:
        pass
    return 0


def viewer():
    import rclpy
    from rclpy.executors import ExternalShutdownException
    from sensor_msgs.msg import Image

    rclpy.init()
    node = rclpy.create_node('segment_holds_viewer')
    node.create_subscription(Image, IMAGE_TOPIC, lambda msg: None, 1)
    try:
        rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    return 0


def listener(seconds):
    import rclpy
    from diagnostic_msgs.msg import DiagnosticArray

    rclpy.init()
    node = rclpy.create_node('segment_holds_listener')
    arrivals = []
    node.create_subscription(
        DiagnosticArray, STATUS_TOPIC,
        lambda msg: arrivals.append((time.monotonic(), int(msg.status[0].name))), 10)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        rclpy.spin_once(node, timeout_sec=0.1)
    gaps = [b - a for (a, _), (b, _) in zip(arrivals, arrivals[1:])]
    missing = arrivals[-1][1] - arrivals[0][1] + 1 - len(arrivals) if arrivals else 0
    print(f'{len(arrivals)} statuses, {missing} missing, longest gap '
          f'{max(gaps, default=0.0):.2f} s, {sum(g > 1.5 for g in gaps)} gaps over 1.5 s',
          flush=True)
    return 0


def run(split, seconds, busy):
    """One variant: start everything, cycle the viewer, return the listener's line."""
    me = [sys.executable, __file__]
    burners = [subprocess.Popen([sys.executable, '-c', 'while True: pass'])
               for _ in range(busy)]
    source = subprocess.Popen(me + ['--role', 'publisher'] + (['--split'] if split else []))
    time.sleep(3.0)  # the publisher's participant exists before anyone listens
    listen = subprocess.Popen(me + ['--role', 'listener', '--seconds', str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        while listen.poll() is None:
            view = subprocess.Popen(me + ['--role', 'viewer'])
            _wait(listen, 35.0)
            view.send_signal(signal.SIGINT)  # a clean exit leaves no shared memory behind
            view.wait()
            _wait(listen, 10.0)
        return listen.stdout.read().strip()
    finally:
        source.send_signal(signal.SIGINT)
        source.wait()
        for burner in burners:
            burner.kill()
            burner.wait()


def _wait(process, seconds):
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--seconds', type=float, default=180.0)
    parser.add_argument('--busy', type=int, default=2, help='CPU-bound processes beside')
    parser.add_argument('--role', choices=('publisher', 'viewer', 'listener'))
    parser.add_argument('--split', action='store_true')
    args = parser.parse_args()
    if args.role == 'publisher':
        return publisher(args.split)
    if args.role == 'viewer':
        return viewer()
    if args.role == 'listener':
        return listener(args.seconds)
    for var in ('FASTDDS_DEFAULT_PROFILES_FILE', 'FASTRTPS_DEFAULT_PROFILES_FILE',
                'RMW_IMPLEMENTATION'):
        if os.environ.get(var):
            print(f'note: {var} is set: this is not stock middleware', flush=True)
    for split, name in ((False, 'one participant'), (True, 'images from a second one')):
        print(f'{name}: {run(split, args.seconds, args.busy)}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
