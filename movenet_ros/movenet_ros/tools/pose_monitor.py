# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Watches a running movenet_node: a summary line per second, annotated frames to a video.

Counts frames on the input topic and poses on /pose/keypoints, prints both with the mean
pose score every second, writes /pose/image_annotated to ``output`` (when set), and exits
once no message has arrived for ``idle_timeout`` seconds after the first one.
"""

from pathlib import Path
import sys
import time

import cv2
from movenet_ros_msgs.msg import PoseKeypoints
import rclpy
from rclpy.executors import ExternalShutdownException
from rclpy.node import Node
from sensor_msgs.msg import Image

from ..ros.camera_qos import ImageSubscription
from ..ros.conversions import image_to_frame
from ..ros.help_text import exit_with_help


class PoseMonitor(Node):
    """Summarises what goes in and comes out of the pose node."""

    def __init__(self):
        super().__init__('pose_monitor')
        self.output = self.declare_parameter('output', '').value
        self.fps = self.declare_parameter('fps', 30.0).value
        self.idle_timeout = self.declare_parameter('idle_timeout', 3.0).value
        # Follows the camera's QoS as the pose node does, so both see the same frames.
        self.image_sub = ImageSubscription(self, Image, 'image', self._on_image)
        self.create_subscription(PoseKeypoints, 'pose/keypoints', self._on_pose, 10)
        if self.output:
            self.create_subscription(Image, 'pose/image_annotated', self._on_annotated, 10)
        self.writer = None
        self.totals = {'frames': 0, 'poses': 0, 'detected': 0, 'written': 0}
        self._second = {'frames': 0, 'poses': 0, 'score': 0.0}
        self.last_message = None
        self.started = time.monotonic()
        self.create_timer(1.0, self._report)
        self.create_timer(1.0, self.image_sub.follow)

    def _touch(self):
        self.last_message = time.monotonic()

    def _on_image(self, msg):
        self._touch()
        self.totals['frames'] += 1
        self._second['frames'] += 1

    def _on_pose(self, msg):
        self._touch()
        self.totals['poses'] += 1
        self.totals['detected'] += int(msg.detected)
        self._second['poses'] += 1
        self._second['score'] += msg.score

    def _on_annotated(self, msg):
        self._touch()
        frame = image_to_frame(msg)
        bgr = frame.pixels if frame.order == 'bgr' else frame.pixels[..., ::-1]
        if self.writer is None:
            Path(self.output).parent.mkdir(parents=True, exist_ok=True)
            self.writer = cv2.VideoWriter(self.output, cv2.VideoWriter_fourcc(*'mp4v'),
                                          self.fps, (frame.width, frame.height))
        self.writer.write(bgr)
        self.totals['written'] += 1

    def _report(self):
        second = self._second
        if second['frames'] or second['poses']:
            mean = second['score'] / second['poses'] if second['poses'] else 0.0
            print(f"[{time.monotonic() - self.started:6.1f} s] frames in {second['frames']:3d}"
                  f"  poses out {second['poses']:3d}  mean score {mean:.2f}", flush=True)
        self._second = {'frames': 0, 'poses': 0, 'score': 0.0}

    def idle(self):
        return (self.last_message is not None
                and time.monotonic() - self.last_message > self.idle_timeout)

    def finish(self):
        if self.writer is not None:
            self.writer.release()
        totals = self.totals
        print(f"total: frames in {totals['frames']}, poses out {totals['poses']} "
              f"({totals['detected']} detected), annotated frames written {totals['written']}"
              + (f' to {self.output}' if self.output and totals['written'] else ''), flush=True)


HELP = ('pose_monitor', 'Prints a summary line per second of what goes in and out of '
        'movenet_node and writes the annotated frames to a video.',
        '--ros-args -r image:=/image_raw -p output:=annotated.mp4',
        [('output', '', 'video file for pose/image_annotated; empty: none'),
         ('fps', 30.0, 'frame rate of that video'),
         ('idle_timeout', 3.0, 'exit after this many seconds without messages')],
        [('image', 'sensor_msgs/Image in (counted)'),
         ('pose/keypoints', 'movenet_ros_msgs/PoseKeypoints in'),
         ('pose/image_annotated', 'sensor_msgs/Image in (with output)')])


def main(args=None):
    """Entry point of `ros2 run movenet_ros pose_monitor`."""
    if exit_with_help(args, *HELP):
        return 0
    rclpy.init(args=args)
    node = PoseMonitor()
    try:
        while rclpy.ok() and not node.idle():
            rclpy.spin_once(node, timeout_sec=0.1)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        node.finish()
        node.destroy_node()
        rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
