# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The movenet_node: images in, PoseKeypoints and an annotated image out.

Only wiring lives here: parameters, topics and the worker thread. The subscription keeps
the newest frame only; a worker thread runs the model on it, so a slow model drops
frames (counted) instead of building a backlog, and every output carries the header of
the frame it was computed from.
"""

from pathlib import Path
import sys
import threading

from movenet_ros_msgs.msg import PoseKeypoints
from rcl_interfaces.msg import (FloatingPointRange, IntegerRange, ParameterDescriptor,
                                SetParametersResult)
import rclpy
from rclpy.event_handler import SubscriptionEventCallbacks
from rclpy.exceptions import (InvalidParameterTypeException, InvalidParameterValueException,
                              ParameterException)
from rclpy.executors import ExternalShutdownException
from rclpy.node import Node
from rclpy.qos import HistoryPolicy, QoSProfile, ReliabilityPolicy
from rclpy.time import Time
from sensor_msgs.msg import Image

from .conversions import array_to_image, frame_encoding, image_to_frame, pose_to_msg
from .core.draw import draw_pose
from .core.estimator import PoseEstimator
from .core.image_io import ImageError
from .core.models import ModelError
from .parameters import create_runner, estimator_config, PARAMETERS, PARAMETERS_BY_NAME

#: Seconds between repeats of the same complaint in the log.
LOG_THROTTLE = 5.0


class ParameterError(ValueError):
    """A parameter value the node cannot start with."""


class MoveNetNode(Node):
    """Estimates one person's pose in every image it has time for."""

    def __init__(self, node_name='movenet', **kwargs):
        super().__init__(node_name, **kwargs)
        self.values = self._declare_parameters()
        self.runner = self._load_runner()
        self.estimator = PoseEstimator(self.runner, estimator_config(self.values))
        self.received = self.processed = self.dropped = self.rejected = self.failed = 0
        self.rendered = 0
        self._pending = None
        self._stopping = False
        self._wake = threading.Condition()
        self._estimator_lock = threading.Lock()
        self._warned_zero_stamp = False

        self.keypoints_pub = self.create_publisher(PoseKeypoints, 'pose/keypoints', 10)
        self.annotated_pub = self.create_publisher(Image, 'pose/image_annotated', 1)
        self.add_on_set_parameters_callback(self._on_set_parameters)
        reliability = (ReliabilityPolicy.RELIABLE if self.values['qos_reliability'] == 'reliable'
                       else ReliabilityPolicy.BEST_EFFORT)
        qos = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=self.values['qos_depth'],
                         reliability=reliability)
        self.image_sub = self.create_subscription(
            Image, 'image', self._on_image, qos,
            event_callbacks=SubscriptionEventCallbacks(
                incompatible_qos=self._on_incompatible_qos))
        self._worker = threading.Thread(target=self._work, name='movenet_worker', daemon=True)
        self._worker.start()
        self.get_logger().info(
            f'model {Path(self.runner.model_path).name} on {self.runner.delegate} '
            f"({self.values['num_threads']} threads, input {self.runner.input_width}x"
            f'{self.runner.input_height} {self.runner.input_dtype}); listening on '
            f"{self.image_sub.topic_name} ({self.values['qos_reliability']}), publishing "
            f'{self.keypoints_pub.topic_name}')

    # -- parameters --------------------------------------------------------------------
    def _declare_parameters(self):
        values = {}
        for spec in PARAMETERS:
            descriptor = ParameterDescriptor(description=spec.description,
                                             read_only=not spec.dynamic)
            if spec.choices:
                descriptor.additional_constraints = 'one of: ' + ', '.join(spec.choices)
            if spec.low is not None:
                if isinstance(spec.default, int):
                    descriptor.integer_range = [IntegerRange(
                        from_value=int(spec.low), to_value=int(spec.high), step=1)]
                else:
                    descriptor.floating_point_range = [FloatingPointRange(
                        from_value=float(spec.low), to_value=float(spec.high), step=0.0)]
            try:
                value = self.declare_parameter(spec.name, spec.default, descriptor).value
            except InvalidParameterTypeException as e:
                raise ParameterError(f'parameter {spec.name}: wrong type ({e})') from None
            except (InvalidParameterValueException, ParameterException) as e:
                raise ParameterError(f'parameter {spec.name}: {e}') from None
            reason = spec.check(value)
            if reason:
                raise ParameterError(f'parameter {reason}')
            values[spec.name] = value
        return values

    def _on_set_parameters(self, parameters):
        updated = dict(self.values)
        for parameter in parameters:
            spec = PARAMETERS_BY_NAME.get(parameter.name)
            if spec is None:
                continue
            if not spec.dynamic:
                return SetParametersResult(
                    successful=False, reason=f'{spec.name} can only be set at start-up')
            reason = spec.check(parameter.value)
            if reason:
                return SetParametersResult(successful=False, reason=reason)
            updated[spec.name] = parameter.value
        with self._estimator_lock:
            self.estimator.config = estimator_config(updated)
        self.values = updated
        return SetParametersResult(successful=True)

    def _load_runner(self):
        runner = create_runner(self.values)
        if runner.delegate_error:
            self.get_logger().warning(f'{runner.delegate_error}; running on the CPU')
        return runner

    # -- data flow ---------------------------------------------------------------------
    def _on_image(self, msg):
        with self._wake:
            self.received += 1
            if self._pending is not None:
                self.dropped += 1
            self._pending = msg
            self._wake.notify()

    def _on_incompatible_qos(self, event):
        self.get_logger().warning(
            f'a publisher on {self.image_sub.topic_name} offers a QoS incompatible with this '
            f"subscription ({self.values['qos_reliability']}); its images are not received. "
            'Set qos_reliability to best_effort to accept every publisher.',
            throttle_duration_sec=LOG_THROTTLE)

    def _work(self):
        while True:
            with self._wake:
                while self._pending is None and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                msg, self._pending = self._pending, None
            try:
                self._process(msg)
            except ImageError as e:
                self.rejected += 1
                self.get_logger().error(f'dropping image: {e}', throttle_duration_sec=LOG_THROTTLE)
            except Exception as e:  # noqa: B902 - one bad frame must not stop the node
                self.failed += 1
                self.get_logger().error(f'failed on an image: {type(e).__name__}: {e}',
                                        throttle_duration_sec=LOG_THROTTLE)

    def _process(self, msg):
        frame = image_to_frame(msg)
        stamp = Time.from_msg(msg.header.stamp).nanoseconds * 1e-9
        if stamp == 0.0:
            stamp = self.get_clock().now().nanoseconds * 1e-9
            if not self._warned_zero_stamp:
                self._warned_zero_stamp = True
                self.get_logger().warning('images carry no stamp; timing smoothing by arrival')
        with self._estimator_lock:
            pose = self.estimator.estimate(frame, stamp)
            min_keypoint_score = self.estimator.config.min_keypoint_score
        self.keypoints_pub.publish(pose_to_msg(pose, msg.header))
        self.processed += 1
        if self.values['publish_annotated'] and self.annotated_pub.get_subscription_count():
            canvas = draw_pose(frame.pixels, pose, min_keypoint_score)
            self.annotated_pub.publish(
                array_to_image(canvas, frame_encoding(frame.order), msg.header))
            self.rendered += 1

    def close(self):
        """Stop the worker; returns a one-line account of what the node did."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._worker.join(timeout=2.0)
        return (f'processed {self.processed} frames of {self.received} received; dropped '
                f'{self.dropped} while busy, rejected {self.rejected} bad images, '
                f'{self.failed} failures')


def main(args=None):
    """Entry point of `ros2 run movenet_ros movenet_node`."""
    rclpy.init(args=args)
    try:
        node = MoveNetNode()
    except (ModelError, ParameterError) as e:
        rclpy.logging.get_logger('movenet').fatal(str(e))
        rclpy.try_shutdown()
        return 1
    try:
        rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        summary = node.close()
        node.destroy_node()
        # The node (and its /rosout publisher) is gone: log through the plain logger.
        rclpy.logging.get_logger('movenet').info(summary)
        rclpy.try_shutdown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
