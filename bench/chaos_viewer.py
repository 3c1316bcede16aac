# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A viewer for make soak-chaos: subscribes to the optional outputs until it is stopped.

What RViz or Foxglove attached to a running node does: the annotated image (raw and
compressed), the image annotations and /diagnostics of every namespace given. A process
of its own, so that deserializing 1080p images does not slow the soak's own timing.
"""

import argparse
import signal
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('namespaces', nargs='+')
    args = parser.parse_args()
    import rclpy
    from diagnostic_msgs.msg import DiagnosticArray
    from foxglove_msgs.msg import ImageAnnotations
    from rclpy.signals import SignalHandlerOptions
    from sensor_msgs.msg import CompressedImage, Image

    rclpy.init(signal_handler_options=SignalHandlerOptions.NO)
    node = rclpy.create_node('chaos_viewer')
    for namespace in args.namespaces:
        for kind, topic in ((Image, 'pose/image_annotated'),
                            (CompressedImage, 'pose/image_annotated/compressed'),
                            (ImageAnnotations, 'pose/image_annotations')):
            node.create_subscription(kind, f'{namespace}/{topic}', lambda msg: None, 1)
    node.create_subscription(DiagnosticArray, '/diagnostics', lambda msg: None, 10)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    print('subscribed', flush=True)
    while not stopping:
        rclpy.spin_once(node, timeout_sec=0.1)
    node.destroy_node()
    rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
