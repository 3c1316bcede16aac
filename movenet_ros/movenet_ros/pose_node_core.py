# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What movenet_node and movenet_lifecycle_node share: parameters, topics, worker, diagnostics.

A worker thread runs the model; the subscription takes a frame only when the worker is
ready for one (FrameGate), so a slow model skips frames (counted) instead of building a
backlog, and every output carries the header of the frame it was computed from. The
steps follow the managed-node life: configure loads the model and creates publishers and
the diagnostics beat, activate subscribes and starts the worker, deactivate and cleanup
undo them. On the managed node the outputs are lifecycle publishers: nothing goes out
while it is inactive, except /diagnostics, which says so.
"""

from functools import partial
import threading
import time

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from movenet_ros_msgs.msg import PoseKeypoints, PoseKeypoints3DArray, PoseKeypointsArray
from rcl_interfaces.msg import (FloatingPointRange, IntegerRange, ParameterDescriptor,
                                SetParametersResult)
from rclpy.clock import Clock, ClockType
from rclpy.exceptions import (InvalidParameterTypeException, InvalidParameterValueException,
                              ParameterException)
from sensor_msgs.msg import CameraInfo, CompressedImage, Image
from std_msgs.msg import Header
from visualization_msgs.msg import MarkerArray

from .camera_qos import AUTO, ImageSubscription
from .compat import with_info
from .conversions import (array_to_compressed, array_to_image, compressed_to_frame,
                          frame_encoding, image_to_frame, pose_to_msg, PoseMessageBuilder,
                          poses_to_array)
from .core.depth import depth_from_buffer, Intrinsics, keypoints_3d, StampPairer
from .core.draw import draw_poses
from .core.image_io import check_compressed, check_layout, ImageError
from .core.keypoints import published_poses
from .core.stats import LossMonitor, PipelineStats, SequenceGaps
from .depth_output import poses_3d_to_msg, skeleton_markers
from .diagnostics import diagnostics_array, loss_warning
from .frame_gate import FrameGate
from .parameters import (config_for, create_estimator, create_runner, PARAMETERS,
                         PARAMETERS_BY_NAME)
from .startup_checks import describe_input, warn_unknown_parameters, watch_input

# OpenCV's own per-image warnings (e.g. on a truncated PNG) would flood the log under
# hostile input; the node reports each rejected image itself, throttled.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

#: Seconds between repeats of the same complaint in the log.
LOG_THROTTLE = 5.0
DIAGNOSTICS_PERIOD = 1.0


class ParameterError(ValueError):
    """A parameter value the node cannot start with."""


class PoseNodeCore:
    """
    Pose estimation wired to one rclpy node (plain or lifecycle).

    ``startup_only_read_only`` marks start-up parameters read-only (plain node); the
    lifecycle node leaves them writable and applies them at the next configure/activate.
    ``managed``: create the outputs as lifecycle publishers (enabled while active).
    """

    def __init__(self, node, startup_only_read_only=True, managed=False):
        self.node = node
        self.managed = managed
        self.values = self._declare_parameters(startup_only_read_only)
        warn_unknown_parameters(node)
        node.add_on_set_parameters_callback(self._on_set_parameters)
        self.stats = PipelineStats()
        self.runner = self.estimator = None
        self.keypoints_pub = self.poses_pub = self.annotated_pub = self.compressed_pub = None
        self.diagnostics_pub = self.poses_3d_pub = self.markers_pub = None
        self.image_sub = None  # an ImageSubscription while active
        self._gate = None
        self._losses = LossMonitor()
        self._watchdog = None  # warns when no image arrives (while active)
        self._gaps = SequenceGaps()
        self._depth_subs = []
        self._depth_pairer = StampPairer()
        self._depth_info = None
        self._timer = None
        self._worker = None
        self._worker_stop = None
        self._pending = None
        self._wake = threading.Condition()
        self._estimator_lock = threading.Lock()
        self._warned_zero_stamp = False
        self.configured = {}

    @property
    def log(self):
        return self.node.get_logger()

    # -- parameters --------------------------------------------------------------------
    def _declare_parameters(self, read_only):
        values = {}
        for spec in PARAMETERS:
            descriptor = ParameterDescriptor(description=spec.description,
                                             read_only=read_only and not spec.dynamic,
                                             dynamic_typing=isinstance(spec.default, float))
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
                value = self.node.declare_parameter(spec.name, spec.default, descriptor).value
            except InvalidParameterTypeException as e:
                raise ParameterError(f'parameter {spec.name}: wrong type ({e})') from None
            except (InvalidParameterValueException, ParameterException) as e:
                raise ParameterError(f'parameter {spec.name}: {e}') from None
            reason = spec.check(value)
            if reason:
                raise ParameterError(f'parameter {reason}')
            values[spec.name] = spec.coerce(value)
        return values

    def _on_set_parameters(self, parameters):
        updated = dict(self.values)
        deferred = []
        for parameter in parameters:
            spec = PARAMETERS_BY_NAME.get(parameter.name)
            if spec is None:
                continue
            if not spec.dynamic:  # writable on the lifecycle node only (read-only otherwise)
                deferred.append(spec.name)
            reason = spec.check(parameter.value)
            if reason:
                return SetParametersResult(successful=False, reason=reason)
            updated[spec.name] = spec.coerce(parameter.value)
        config = config_for(self.runner, updated) if self.runner is not None else None
        if self.estimator is not None and config != self.estimator.config:
            # A new estimator configuration restarts tracking; other changes do not.
            with self._estimator_lock:
                self.estimator.config = config
        self.values = updated
        if deferred:
            self.log.info(f"{', '.join(deferred)}: applied at the next configure/activate")
        return SetParametersResult(successful=True)

    # -- life cycle --------------------------------------------------------------------
    def configure(self):
        """Load the model and create the publishers (ModelError when the model fails)."""
        # Start-up settings are fixed from here until cleanup, even on the lifecycle node
        # where they may be set meanwhile (they apply at the next configure).
        self.configured = dict(self.values)
        self.runner = create_runner(self.values, self.log.info)
        if self.runner.delegate_error:
            self.log.warning(f'{self.runner.delegate_error}; running on the CPU')
        self.estimator = create_estimator(self.runner, self.values)
        node = self.node
        output = node.create_lifecycle_publisher if self.managed else node.create_publisher
        self.keypoints_pub = output(PoseKeypoints, 'pose/keypoints', 10)
        self.poses_pub = output(PoseKeypointsArray, 'pose/poses', 10)
        if self.configured['depth_enabled']:
            self.poses_3d_pub = output(PoseKeypoints3DArray, 'pose/keypoints_3d', 10)
            self.markers_pub = output(MarkerArray, 'pose/markers', 10)
        self.annotated_pub = output(Image, 'pose/image_annotated', 1)
        self.compressed_pub = output(CompressedImage, 'pose/image_annotated/compressed', 1)
        self.diagnostics_pub = node.create_publisher(DiagnosticArray, '/diagnostics', 10)
        self.stats.snapshot(time.monotonic())
        # Diagnostics beat in steady time, so they go on while a replayed bag is paused,
        # and from configure on, so an inactive managed node still reports its state.
        self._timer = node.create_timer(DIAGNOSTICS_PERIOD, self._beat,
                                        clock=Clock(clock_type=ClockType.STEADY_TIME))

    def activate(self):
        """Subscribe to the camera and start the worker and the diagnostics timer."""
        values = self.values
        gate = self._gate = FrameGate()
        self._gaps = SequenceGaps()
        self._losses = LossMonitor()
        # Each worker has its own stop flag: one that outlives a deactivate (a very slow
        # inference) finishes its frame and exits instead of running beside the next.
        self._worker_stop = threading.Event()
        if values['input_transport'] == 'compressed':
            topic = self.node.resolve_topic_name('image') + '/compressed'
            msg_type = CompressedImage
        else:
            msg_type, topic = Image, 'image'
        callback = with_info(partial(self._on_image, gate))  # this activation's gate
        self.image_sub = ImageSubscription(
            self.node, msg_type, topic, callback, values['qos_reliability'],
            values['qos_depth'], gate, self._on_incompatible_qos)
        self._worker = threading.Thread(target=self._work,
                                        args=(self._worker_stop, gate, self.image_sub),
                                        name='movenet_worker', daemon=True)
        self._worker.start()
        self._watchdog = watch_input(self.node, self.image_sub, self.stats)
        if self.poses_3d_pub is not None:  # depth follows its camera's QoS as well
            self._depth_subs = [
                ImageSubscription(self.node, msg_type, topic, callback,
                                  values['qos_reliability'],
                                  on_incompatible=self._on_incompatible_qos)
                for msg_type, topic, callback in (
                    (Image, 'depth/image', self._on_depth),
                    (CameraInfo, 'depth/camera_info', self._on_depth_info))]
        runner = self.runner
        self.log.info(
            f'model {runner.model_path.rsplit("/", 1)[-1]} on {runner.delegate} '
            f"({values['num_threads']} threads, input {describe_input(runner, values)}); "
            'listening on '
            f"{self.image_sub.topic_name} ({values['input_transport']}, "
            f'{self._reliability_text()}), publishing {self.keypoints_pub.topic_name}')

    def _reliability_text(self):
        sub = self.image_sub
        if sub.setting != AUTO:
            return sub.reliability.replace('_', ' ')
        return f"{sub.reliability.replace('_', ' ')}, following the camera"

    def deactivate(self):
        """Stop listening and stop the worker; publishers and diagnostics stay."""
        if self._watchdog is not None:
            self._watchdog.stop()
            self._watchdog = None
        if self.image_sub is not None:
            self.image_sub.destroy()
            self.image_sub = None
        for subscription in self._depth_subs:
            subscription.destroy()
        self._depth_subs = []
        if self._worker is not None:
            with self._wake:
                self._worker_stop.set()
                if self._pending is not None:
                    self.stats.count('skipped')
                self._pending = None
                self._wake.notify_all()
            self._worker.join(timeout=2.0)
            self._worker = None

    def cleanup(self):
        """Release publishers, the diagnostics beat and the model."""
        if self._timer is not None:
            self.node.destroy_timer(self._timer)
            self._timer = None
        destroy = (self.node.destroy_lifecycle_publisher if self.managed
                   else self.node.destroy_publisher)
        for publisher in (self.keypoints_pub, self.poses_pub, self.annotated_pub,
                          self.compressed_pub, self.poses_3d_pub, self.markers_pub):
            if publisher is not None:
                destroy(publisher)
        if self.diagnostics_pub is not None:
            self.node.destroy_publisher(self.diagnostics_pub)
        self.keypoints_pub = self.poses_pub = self.annotated_pub = self.compressed_pub = None
        self.diagnostics_pub = self.poses_3d_pub = self.markers_pub = None
        self.runner = self.estimator = None

    # -- data flow ---------------------------------------------------------------------
    def _on_image(self, gate, msg, info):
        # Taken by the executor: the gate was open, so the worker was idle, and a gap in
        # the sequence numbers now means frames that never reached the node.
        if not self._admit(msg, info, gap='lost'):
            return  # the gate opens again by itself: nothing was handed over
        with self._wake:
            if gate is not self._gate or self._worker_stop.is_set():
                self.stats.count('skipped')  # arrived while deactivating
                return
            if self._pending is not None:  # only under a multi-threaded executor
                self.stats.count('skipped')
            gate.hand_over()
            self._pending = msg
            self._wake.notify()

    def _admit(self, msg, info, gap):
        """
        Count a frame on arrival, and the frames missing before it as ``gap``.

        ``gap`` is 'skipped' for a frame the worker took as it finished the previous one
        (the missing ones were replaced in the queue meanwhile) and 'lost' for one taken
        while the worker was idle. Returns False when the frame is refused.
        """
        missing = self._gaps.missed(info.get('publication_sequence_number'),
                                    msg.header.frame_id)
        if missing:
            self.stats.count('received', missing)
            self.stats.count(gap, missing)
        self.stats.count('received')
        try:  # cheap checks on arrival: garbage must not displace a pending good frame
            _check_message(msg, self.values['max_pixels'])
        except ImageError as e:
            self._reject(e)
            return False
        return True

    def _on_depth_info(self, msg):
        try:
            self._depth_info = Intrinsics.from_k(msg.k, msg.width, msg.height)
        except ImageError as e:
            self.log.error(f'ignoring depth camera info: {e}', throttle_duration_sec=LOG_THROTTLE)

    def _on_depth(self, msg):
        intrinsics = self._depth_info
        if intrinsics is None:
            self.log.warning('depth image without depth/camera_info yet; waiting for it',
                             throttle_duration_sec=LOG_THROTTLE)
            return
        try:
            metres = depth_from_buffer(msg.data, msg.encoding, msg.width, msg.height,
                                       msg.step, bool(msg.is_bigendian))
        except ImageError as e:
            self.log.error(f'dropping depth image: {e}', throttle_duration_sec=LOG_THROTTLE)
            return
        stamp = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        self._depth_pairer.add(stamp, (metres, intrinsics, msg.header.frame_id))

    def _publish_3d(self, poses, stamp, header, frame):
        slop = self.values['depth_slop']
        self._depth_pairer.slop = slop
        paired = self._depth_pairer.match(stamp, wait=slop)
        if paired is None:
            self.stats.count('unpaired')
            return
        metres, intrinsics, frame_id = paired
        points = [keypoints_3d(p.keypoints, (frame.width, frame.height), metres, intrinsics,
                               self.values['depth_window']) for p in poses]
        out_header = Header(stamp=header.stamp, frame_id=frame_id)
        self.poses_3d_pub.publish(poses_3d_to_msg(poses, points, out_header))
        if self.markers_pub.get_subscription_count():
            self.markers_pub.publish(skeleton_markers(
                poses, points, out_header, self.values['min_keypoint_score']))

    def _on_incompatible_qos(self, subscription):
        if subscription.setting == AUTO:
            return  # the next beat follows the publisher (ImageSubscription.follow)
        self.log.warning(
            f'a publisher on {subscription.topic_name} offers a QoS incompatible with this '
            f'subscription ({subscription.setting}); its images are not received. '
            'Set qos_reliability to auto to follow the camera.',
            throttle_duration_sec=LOG_THROTTLE)

    def _work(self, stop, gate, intake):
        message = PoseMessageBuilder()  # one reusable message per worker thread
        msg = None
        while True:
            if msg is None:
                with self._wake:
                    while self._pending is None and not stop.is_set():
                        self._wake.wait()
                    if stop.is_set():
                        return
                    msg, self._pending = self._pending, None
            elif stop.is_set():  # taken here just before a deactivate
                self.stats.count('skipped')
                return
            try:
                self._process(msg, message)
            except ImageError as e:
                self._reject(e)
            except Exception as e:  # noqa: B902 - one bad frame must not stop the node
                self.stats.count('failed')
                self.log.error(f'failed on an image: {type(e).__name__}: {e}',
                               throttle_duration_sec=LOG_THROTTLE)
            finally:
                msg = None  # free this frame before the next one is taken
                msg = self._next_waiting(stop, gate, intake)
                if msg is None:
                    gate.reopen(self.node.executor)  # ready for the newest frame

    def _next_waiting(self, stop, gate, intake):
        """
        Take the newest frame that came during the last one; None when none did.

        Up to ``qos_depth`` frames can be waiting; all are taken and the newest is kept,
        the others count as skipped while busy. A bounded drain: frames arriving as fast
        as they are taken cannot keep the worker here.
        """
        newest = None
        for _ in range(intake.depth):
            subscription = intake.subscription
            if stop.is_set() or subscription is None:
                break
            try:
                taken = gate.take_waiting(subscription)
            except Exception as e:  # noqa: B902 - e.g. a message that cannot be read
                self.log.error(f'cannot take an image: {type(e).__name__}: {e}',
                               throttle_duration_sec=LOG_THROTTLE)
                break
            if taken is None:
                break
            if self._admit(*taken, gap='skipped'):
                if newest is not None:
                    self.stats.count('skipped')  # a newer frame was waiting behind it
                newest = taken[0]
        return newest

    def _reject(self, error):
        self.stats.count('rejected')
        self.log.error(f'dropping image: {error}', throttle_duration_sec=LOG_THROTTLE)

    def _process(self, msg, message):
        values = self.values
        if isinstance(msg, CompressedImage):
            frame = compressed_to_frame(msg, values['max_pixels'])
        else:
            frame = image_to_frame(msg)
        stamp = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        if stamp == 0.0:
            stamp = self.node.get_clock().now().nanoseconds * 1e-9
            if not self._warned_zero_stamp:
                self._warned_zero_stamp = True
                self.log.warning('images carry no stamp; timing smoothing by arrival')
        with self._estimator_lock:
            estimator = self.estimator
            found = estimator.estimate(frame, stamp)  # best first
            invoke = self.runner.invoke_seconds
            config = estimator.config
        pose, poses = published_poses(found, frame.width, frame.height)
        pose_msg = message.fill(pose, msg.header)
        self.keypoints_pub.publish(pose_msg)
        # The main pose's message is reused as the array's first element: no second build.
        members = [pose_msg if p is pose else pose_to_msg(p, msg.header) for p in poses]
        self.poses_pub.publish(poses_to_array(members, msg.header, frame.width, frame.height))
        if self.poses_3d_pub is not None:
            self._publish_3d(poses, stamp, msg.header, frame)
        latency = self.node.get_clock().now().nanoseconds * 1e-9 - stamp
        self.stats.count('processed')
        self.stats.add_timing(invoke, latency)
        if not values['publish_annotated']:
            return
        want_raw = self.annotated_pub.get_subscription_count() > 0
        want_compressed = self.compressed_pub.get_subscription_count() > 0
        if want_raw or want_compressed:
            canvas = draw_poses(frame.pixels, poses, config.min_keypoint_score,
                                draw_box=values['draw_bbox'], order=frame.order)
            self.stats.count('rendered')
            if want_raw:
                self.annotated_pub.publish(
                    array_to_image(canvas, frame_encoding(frame.order), msg.header))
            if want_compressed:
                self.compressed_pub.publish(
                    array_to_compressed(canvas, frame.order, msg.header))

    # -- diagnostics -------------------------------------------------------------------
    def _beat(self):
        """Once a second: follow the camera's QoS, watch for losses, publish diagnostics."""
        intake = self.image_sub
        for subscription in ([intake] if intake else []) + self._depth_subs:
            changed = subscription.follow()
            if changed:
                self.log.info(f'publishers on {subscription.topic_name} changed: '
                              f"subscribing {changed.replace('_', ' ')}")
        snapshot = self.stats.snapshot(time.monotonic())
        lost_share = None
        if intake is not None:
            due = self._losses.update(time.monotonic(), snapshot.received, snapshot.lost)
            lost_share = self._losses.share()
            if due is not None:
                self.log.warning(loss_warning(intake.topic_name, due, intake.reliability))
        self.diagnostics_pub.publish(diagnostics_array(
            self.node.get_fully_qualified_name(), self.node.get_clock().now().to_msg(),
            snapshot, active=intake is not None,
            topic=intake.topic_name if intake else None,
            reliability=intake.reliability if intake else None,
            delegate=self.runner.delegate,
            model_file=self.runner.model_path.rsplit('/', 1)[-1],
            model=self.configured['model_path'] or self.configured['model_type'],
            max_latency=self.values['max_latency'], lost_share=lost_share))


def _check_message(msg, max_pixels):
    """Refuse an image message whose header, size or layout cannot be right."""
    if msg.header.stamp.nanosec >= 1_000_000_000:
        raise ImageError(f'invalid stamp: nanosec {msg.header.stamp.nanosec} is not below 1e9')
    if isinstance(msg, CompressedImage):
        check_compressed(msg.data, max_pixels)
    else:
        check_layout(msg.encoding, msg.width, msg.height, msg.step, len(msg.data))
