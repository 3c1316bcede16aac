# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Plays a video file into a sensor_msgs/Image topic, like a camera driver would.

Frames go out at the file's frame rate (or ``fps``), stamped with the publishing time
and ``frame_id``. With ``wait_for_subscribers`` it first waits until that many
subscriptions are matched, so a test or a demo loses no frame to discovery. With
``pace_topic`` (a movenet_ros_msgs/PoseKeypointsArray topic such as /pose/poses) each
frame also waits for the answer carrying its stamp before the next one goes out, so a
consumer slower than the file's frame rate still processes every frame.

It says what it plays when it starts and what it published when it ends. SIGINT or
SIGTERM (Ctrl-C, `timeout`, a process manager) stop it between two frames, with the same
summary and exit status 0: rclpy's own handlers would shut the context down under a
frame being published.
"""

import signal
import sys
import threading
import time

import cv2
from movenet_ros_msgs.msg import PoseKeypointsArray
import rclpy
from rclpy.executors import ExternalShutdownException
from rclpy.node import Node
from rclpy.qos import QoSProfile, ReliabilityPolicy
from rclpy.signals import SignalHandlerOptions
from sensor_msgs.msg import Image

from ..ros.conversions import array_to_image
from ..ros.help_text import exit_with_help, own_arguments

_ENCODINGS = ('rgb8', 'bgr8', 'mono8')


class StopRequest:
    """Handler of SIGINT and SIGTERM: records which came; the player stops between frames."""

    def __init__(self):
        self.event = threading.Event()
        self.name = ''

    def install(self):
        """Handle SIGINT and SIGTERM from now on (main thread only); returns the old handlers."""
        return {signum: signal.signal(signum, self) for signum in (signal.SIGINT, signal.SIGTERM)}

    def __call__(self, signum, frame=None):
        self.name = signal.Signals(signum).name
        self.event.set()


class VideoPublisher(Node):
    """Publishes the frames of one video file, then stops."""

    def __init__(self, video='', stop=None):
        # Known before anything can fail: a node whose constructor raised may still be
        # destroyed later (rclpy does so at shutdown on Kilted).
        self.capture = None
        self.stop = stop or StopRequest()
        self.stopping = self.stop.event
        super().__init__('video_publisher')
        self.video = self.declare_parameter('video', video).value
        self.fps = self.declare_parameter('fps', 0.0).value
        self.frame_id = self.declare_parameter('frame_id', 'camera').value
        self.encoding = self.declare_parameter('encoding', 'rgb8').value
        self.loop = self.declare_parameter('loop', False).value
        self.max_frames = self.declare_parameter('max_frames', 0).value
        self.wait_for = self.declare_parameter('wait_for_subscribers', 0).value
        self.wait_timeout = self.declare_parameter('wait_timeout', 30.0).value
        reliable = self.reliable = self.declare_parameter('reliable', True).value
        pace_topic = self.declare_parameter('pace_topic', '').value
        depth = self.declare_parameter('depth', 5).value
        if depth < 1:
            raise ValueError('depth must be 1 or more (frames kept for late readers), '
                             f'got {depth}')
        if self.encoding not in _ENCODINGS:
            raise ValueError(f"encoding must be one of {', '.join(_ENCODINGS)}")
        if not self.video:
            raise ValueError('no video given: name the file (video_publisher FILE) or set '
                             'the video parameter (--ros-args -p video:=FILE); --help '
                             'lists the parameters')
        self.capture = cv2.VideoCapture(self.video)
        if not self.capture.isOpened():
            self.capture.release()
            raise ValueError(f"cannot open video '{self.video}'")
        if self.fps <= 0.0:
            self.fps = self.capture.get(cv2.CAP_PROP_FPS) or 30.0
        qos = QoSProfile(depth=depth, reliability=(
            ReliabilityPolicy.RELIABLE if reliable else ReliabilityPolicy.BEST_EFFORT))
        self.depth = depth
        self.publisher = self.create_publisher(Image, 'image', qos)
        self.published = 0
        self.answered = set()
        self.pace = None
        if pace_topic:
            self.pace = self.create_subscription(
                PoseKeypointsArray, pace_topic,
                lambda msg: self.answered.add(_stamp_key(msg.header)), 10)

    def destroy_node(self):
        """Release the video file along with the node."""
        if self.capture is not None:
            self.capture.release()
        return super().destroy_node()

    def wait_for_subscribers(self):
        """Block until ``wait_for_subscribers`` subscriptions match, or the timeout passes."""
        deadline = time.monotonic() + self.wait_timeout
        while self.publisher.get_subscription_count() < self.wait_for:
            if self.stopping.is_set():
                return
            if time.monotonic() > deadline:
                self.get_logger().warning(
                    f'only {self.publisher.get_subscription_count()} of {self.wait_for} '
                    'subscribers after waiting; publishing anyway')
                return
            self.stopping.wait(0.05)
        while self.pace is not None and self.pace.get_publisher_count() < 1:
            if self.stopping.is_set():
                return
            if time.monotonic() > deadline:
                self.get_logger().warning(f'nobody publishes {self.pace.topic_name}')
                return
            self.stopping.wait(0.05)
        # Discovery is symmetric but not simultaneous: give the other side a moment too.
        self.stopping.wait(0.5 if self.wait_for else 0.0)

    def next_frame(self):
        ok, bgr = self.capture.read()
        if not ok and self.loop and self.published:
            self.capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, bgr = self.capture.read()
        if not ok:
            return None
        if self.encoding == 'rgb8':
            return bgr[..., ::-1], 'rgb8'
        if self.encoding == 'mono8':
            return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), 'mono8'
        return bgr, 'bgr8'

    def wait_for_answer(self, header):
        """With pace_topic: spin until the answer to ``header`` arrives (or wait_timeout)."""
        if self.pace is None:
            return
        key = _stamp_key(header)
        deadline = time.monotonic() + self.wait_timeout
        while key not in self.answered and rclpy.ok() and not self.stopping.is_set():
            if time.monotonic() > deadline:
                self.get_logger().warning(
                    f'no answer on {self.pace.topic_name} to frame {self.published}')
                return
            rclpy.spin_once(self, timeout_sec=0.05)
        self.answered.discard(key)

    def run(self):
        """Publish every frame on its own schedule; returns the number published."""
        self.wait_for_subscribers()
        width = int(self.capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(self.capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        if not self.stopping.is_set():
            self.get_logger().info(
                f'playing {self.video} at {self.fps:.2f} fps ({width} x {height}, '
                f"reliability {'reliable' if self.reliable else 'best effort'}, depth "
                f'{self.depth}) on {self.publisher.topic_name}')
        period = 1.0 / self.fps
        start = time.monotonic()
        while rclpy.ok() and not self.stopping.is_set():
            if self.max_frames and self.published >= self.max_frames:
                break
            frame = self.next_frame()
            if frame is None:
                break
            delay = start + self.published * period - time.monotonic()
            if delay > 0 and self.stopping.wait(delay):
                break
            pixels, encoding = frame
            header = Image().header
            header.stamp = self.get_clock().now().to_msg()
            header.frame_id = self.frame_id
            self.publisher.publish(array_to_image(pixels, encoding, header))
            self.published += 1
            self.wait_for_answer(header)
        stopped = f'stopped by {self.stop.name}: ' if self.stop.name else ''
        self.get_logger().info(f'{stopped}published {self.published} frames of {self.video} '
                               f'at {self.fps:.2f} fps')
        return self.published


def _stamp_key(header):
    return header.stamp.sec, header.stamp.nanosec


HELP = ('video_publisher', 'Plays a video file into a sensor_msgs/Image topic, like a camera.',
        'video.mp4 --ros-args -r image:=/image_raw',
        [('video', '', 'video file to play (required; or the first argument)'),
         ('fps', 0.0, "frames per second; 0: the file's own rate"),
         ('frame_id', 'camera', 'header frame_id'),
         ('encoding', 'rgb8', ' | '.join(_ENCODINGS)),
         ('loop', False, 'start again at the end'),
         ('max_frames', 0, 'stop after this many frames; 0: no limit'),
         ('wait_for_subscribers', 0, 'wait until this many subscriptions match first'),
         ('wait_timeout', 30.0, 'seconds to wait for them'),
         ('reliable', True, 'reliable QoS (false: best effort)'),
         ('depth', 5, 'frames kept for readers still catching up (reliable: a reader more '
          'than this many frames behind loses frames)'),
         ('pace_topic', '', 'pose/poses topic: send each frame after the previous one is '
          'answered')],
        [('image', 'sensor_msgs/Image out')])


def main(args=None):
    """Entry point of `ros2 run movenet_ros video_publisher FILE` (or `-p video:=FILE`)."""
    if exit_with_help(args, *HELP):
        return 0
    # Handled here, not by rclpy: see the module's doc.
    stop = StopRequest()
    previous = stop.install()
    try:
        return _play(args, stop)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _play(args, stop):
    rclpy.init(args=args, signal_handler_options=SignalHandlerOptions.NO)
    try:
        files = [a for a in own_arguments(args) if not a.startswith('-')]
        if len(files) > 1:
            raise ValueError(f"one video at a time, got {len(files)}: {' '.join(files)}")
        node = VideoPublisher(video=files[0] if files else '', stop=stop)
    except ValueError as e:
        rclpy.logging.get_logger('video_publisher').fatal(str(e))
        rclpy.try_shutdown()
        return 1
    try:
        node.run()
        node.stopping.wait(0.5)  # let reliable readers take the last frames
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        node.destroy_node()
        rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
