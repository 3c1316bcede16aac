# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The pose pipeline on one rclpy node (plain or managed): frames in, poses out.

It wires the pieces, each in a module of its own: settings (parameters), intake (image
subscription and worker), the estimator (core), outputs (pose and annotated-image
publishers), depth_input (3D keypoints) and diagnostics. The steps follow the managed
node's life: configure loads the model and creates the publishers and the diagnostics
beat, activate subscribes and starts the worker, deactivate and cleanup undo them. A plain
node configures and activates at once.
"""

import threading
import time

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from rclpy.clock import Clock, ClockType
from sensor_msgs.msg import CompressedImage

from .depth_input import DepthInput
from .diagnostics import diagnostics_array, loss_warning, process_memory
from .intake import FrameIntake
from .outputs import PoseOutputs
from .standard_outputs import StandardOutputs
from .startup_checks import describe_input, warn_unknown_parameters, watch_input
from ..core.allocator import periodic_release
from ..core.image_io import frame_at_model_scale
from ..core.keypoints import published_poses
from ..core.parameters import config_for, create_estimator, create_runner, PARAMETERS
from ..core.stats import LossMonitor, PipelineStats
from ..core.timeline import stamp_ns, Timebase
from ..ros.camera_qos import AUTO
from ..ros.conversions import compressed_to_frame, image_to_frame, PoseMessageBuilder
from ..ros.image_participant import ImageNode
from ..ros.settings import NodeSettings

# OpenCV's own per-image warnings (e.g. on a truncated PNG) would flood the log under
# hostile input; the node reports each rejected image itself, throttled.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

LOG_THROTTLE = 5.0
DIAGNOSTICS_PERIOD = 1.0
#: The parameters that decide the interpreter: cameras that agree on them share one.
MODEL_PARAMETERS = ('model_type', 'model_path', 'model_sha256', 'model_fetch',
                    'model_cache_dir', 'num_threads', 'delegate', 'delegate_library',
                    'delegate_fallback')


class PosePipeline:
    """
    Pose estimation wired to ``node``.

    ``managed``: the node is a lifecycle node. Its start-up parameters stay writable and
    apply at the next configure/activate, and its outputs are lifecycle publishers.
    """

    def __init__(self, node, managed=False, scheduler=None, runners=None):
        self.node = node
        self.managed = managed
        #: In one process for many cameras: the shared worker, and the shared models.
        self._scheduler = scheduler
        self._runners = runners
        self.log = node.get_logger()
        self.settings = NodeSettings(node, PARAMETERS, startup_read_only=not managed,
                                     apply=self._apply_live)
        warn_unknown_parameters(node)
        self.stats = PipelineStats()
        self.runner = self.estimator = None
        self.configured = self.activated = None  # frozen settings of each step
        self.outputs = self.depth = self.intake = self.standard = None
        self._diagnostics = self._timer = self._watchdog = None
        self._image_node = None  # the annotated image's own participant (ros/image_participant)
        self._losses = LossMonitor()
        self._estimator_lock = threading.Lock()
        self._worker_local = threading.local()  # one reusable pose message per worker
        self._warned_zero_stamp = False
        self._decode_scale = 1  # of the last compressed frame
        self._timebase = Timebase()

    def _apply_live(self, updated):
        """Hand live changes to the estimator: a new configuration restarts tracking."""
        if self.estimator is not None:
            config = config_for(self.runner, updated)
            if config != self.estimator.config:
                with self._estimator_lock:
                    self.estimator.config = config
        return ''

    # -- life cycle --------------------------------------------------------------------
    def configure(self):
        """Load the model and create the publishers (ModelError when the model fails)."""
        self.configured = self.settings.freeze()
        if self._runners is None:
            self.runner = create_runner(self.configured, self.log.info)
        else:  # one interpreter per model for every camera of the process
            key = tuple(self.configured[name] for name in MODEL_PARAMETERS)
            if key not in self._runners:
                self._runners[key] = create_runner(self.configured, self.log.info)
            self.runner = self._runners[key]
        if self.runner.delegate_error:
            self.log.warning(f'{self.runner.delegate_error}; running on the CPU')
        self.estimator = create_estimator(self.runner, self.settings.values)
        node = self.node
        image_node = None
        if self.configured['annotated_image_participant']:
            if self._image_node is None:  # made once, kept across lifecycle cycles
                self._image_node = ImageNode(node)
            image_node = self._image_node
        elif self._image_node is not None:  # turned off since the last configure
            self._image_node.close()
            self._image_node = None
        self.outputs = PoseOutputs(node, self.managed, image_node)
        self.standard = StandardOutputs(node, self.outputs, self.configured)
        if self.configured['publish_tf'] and not self.configured['depth_enabled']:
            self.log.warning('publish_tf places joints by depth: it needs depth_enabled')
        if self.configured['depth_enabled']:
            self.depth = DepthInput(node, self.outputs, self.settings, self.stats)
        self._diagnostics = node.create_publisher(DiagnosticArray, '/diagnostics', 10)
        self.stats.snapshot(time.monotonic())
        # Diagnostics beat in steady time, so they go on while a replayed bag is paused,
        # and from configure on, so an inactive managed node still reports its state.
        self._timer = node.create_timer(DIAGNOSTICS_PERIOD, self._beat,
                                        clock=Clock(clock_type=ClockType.STEADY_TIME))
        periodic_release.release_now(time.monotonic())  # what loading the model split
        self._beat()  # at once: a lifecycle cycle leaves no second without diagnostics

    def activate(self):
        """Subscribe to the camera (and depth) and start the worker."""
        startup = self.activated = self.settings.freeze()
        self._losses = LossMonitor()
        self.intake = FrameIntake(self.node, self.settings, startup, self.stats,
                                  self._process, self._on_incompatible_qos, self._scheduler)
        self._watchdog = watch_input(self.node, self.intake, self.stats)
        if self.depth is not None:
            self.depth.start(startup['qos_reliability'], self._on_incompatible_qos)
        runner, subscription = self.runner, self.intake.subscription
        reliability = subscription.reliability.replace('_', ' ')
        if subscription.setting == AUTO:
            reliability += ', following the camera'
        choice = self.intake.choice
        self.log.info(
            f'model {runner.model_path.rsplit("/", 1)[-1]} on {runner.delegate} '
            f"({startup['num_threads']} threads, input {describe_input(runner, startup)}); "
            f'listening on {subscription.topic_name} ({choice.transport}: {choice.reason}; '
            f'{reliability}), publishing {self.outputs.keypoints.topic_name}')
        self._beat()  # the new state, at once

    def deactivate(self):
        """Stop listening and the worker (no frame is in work once this returns)."""
        if self._watchdog is not None:
            self._watchdog.stop()
            self._watchdog = None
        if self.depth is not None:
            self.depth.stop()  # first: a worker waiting for depth goes on at once
        if self.intake is not None:
            self.intake.stop()
            self.intake = None
        if self.standard is not None:
            self.standard.stop()
        periodic_release.release_now(time.monotonic())  # the stopped intake's cycles
        if self._timer is not None and self.node.context.ok():  # not on the way out
            self._beat()  # the new state, at once

    def cleanup(self):
        """Release the publishers, the diagnostics beat and the model."""
        if self._timer is not None:
            self.node.destroy_timer(self._timer)
            self._timer = None
        if self.outputs is not None:
            self.outputs.destroy()
        if self._diagnostics is not None:
            self.node.destroy_publisher(self._diagnostics)
        self.outputs = self.depth = self._diagnostics = self.standard = None
        self.runner = self.estimator = None
        periodic_release.release_now(time.monotonic())

    # -- one frame (worker thread) -----------------------------------------------------
    def _process(self, msg, stop):
        values = self.settings.values
        if isinstance(msg, CompressedImage):
            warnings = []
            if values['jpeg_scaled_decode'] and not (
                    values['publish_annotated'] and self.outputs.annotated_wanted()):
                with self._estimator_lock:
                    frame = frame_at_model_scale(msg.data, self.estimator, values['max_pixels'],
                                                 warnings)
            else:
                frame = compressed_to_frame(msg, values['max_pixels'], warnings)
            self._decode_scale = frame.reduction
            if warnings:
                self._jpeg_warned(warnings)
        else:
            frame = image_to_frame(msg)
        ns = stamp_ns(msg.header.stamp.sec, msg.header.stamp.nanosec)
        if ns == 0:
            ns = self.node.get_clock().now().nanoseconds
            if not self._warned_zero_stamp:
                self._warned_zero_stamp = True
                self.log.warning('images carry no stamp; timing smoothing by arrival')
        stamp = ns * 1e-9  # absolute: depth pairing and latency
        with self._estimator_lock:
            # Smoothing and tracking run on exact seconds since the first frame.
            found = self.estimator.estimate(frame, self._timebase.seconds(ns))  # best first
            invoke = self.runner.invoke_seconds
            config = self.estimator.config
        if stop.is_set():  # deactivated meanwhile: publish nothing more
            self.stats.count('skipped')  # still accounted for, as one a deactivate came before
            return
        main, detected = published_poses(found, frame.width, frame.height)
        local = self._worker_local
        if not hasattr(local, 'message'):
            local.message = PoseMessageBuilder()
        self.outputs.publish_poses(main, detected, msg.header, frame, local.message)
        body_ids = self.standard.publish(detected, msg.header, frame, config.min_keypoint_score)
        if self.depth is not None:
            paired = self.depth.publish(detected, stamp, msg.header, frame, stop)
            if paired is not None and body_ids:
                self.standard.publish_tf(detected, paired[0], body_ids, paired[1],
                                         config.min_keypoint_score)
        latency = self.node.get_clock().now().nanoseconds * 1e-9 - stamp
        self.stats.count('processed')
        self.stats.add_timing(invoke, latency)
        # Not after a stop: the annotated image's own publishers are plain ones, which no
        # deactivate silences (ros/image_participant.py).
        if values['publish_annotated'] and not stop.is_set() and self.outputs.publish_annotated(
                frame, detected, msg.header, config.min_keypoint_score, values['draw_bbox']):
            self.stats.count('rendered')

    def _jpeg_warned(self, warnings):
        """Count a damaged JPEG libjpeg decoded anyway, and say so, throttled."""
        self.stats.count('jpeg_warnings')
        self.log.warning(f'damaged JPEG decoded anyway: libjpeg says "{warnings[0]}" '
                         f'({self.stats.total("jpeg_warnings")} so far)',
                         throttle_duration_sec=LOG_THROTTLE)

    def _on_incompatible_qos(self, subscription):
        if subscription.setting == AUTO:
            return  # the next beat follows the publisher (ImageSubscription.follow)
        self.log.warning(
            f'a publisher on {subscription.topic_name} offers a QoS incompatible with this '
            f'subscription ({subscription.setting}); its images are not received. '
            'Set qos_reliability to auto to follow the camera.',
            throttle_duration_sec=LOG_THROTTLE)

    # -- diagnostics -------------------------------------------------------------------
    def _beat(self):
        """Once a second: follow the cameras' QoS, watch for losses, publish diagnostics."""
        intake = self.intake
        subscription = intake.subscription if intake else None
        following = ([subscription] if subscription else []) + (
            self.depth.subscriptions if self.depth else [])
        switched = intake.follow_transport() if intake else None
        if switched is not None:
            subscription = intake.subscription
            following[0] = subscription
            self.log.info(f'reading {subscription.topic_name} now ({switched.transport}: '
                          f'{switched.reason})')
        for each in following:
            changed = each.follow()
            if changed:
                self.log.info(f'publishers on {each.topic_name} changed: '
                              f"subscribing {changed.replace('_', ' ')}")
        now = time.monotonic()
        periodic_release.tick(now)  # what frames of other sizes left free in the heap
        snapshot = self.stats.snapshot(now)
        lost_share = None
        if subscription is not None:
            due = self._losses.update(now, snapshot.received, snapshot.lost)
            lost_share = self._losses.share()
            if due is not None:
                self.log.warning(loss_warning(subscription.topic_name, due,
                                              subscription.reliability))
        configured = self.configured
        self._diagnostics.publish(diagnostics_array(
            self.node.get_fully_qualified_name(), self.node.get_clock().now().to_msg(),
            snapshot, active=subscription is not None,
            topic=subscription.topic_name if subscription else None,
            reliability=subscription.reliability if subscription else None,
            delegate=self.runner.delegate,
            model_file=self.runner.model_path.rsplit('/', 1)[-1],
            model=configured['model_path'] or configured['model_type'],
            max_latency=self.settings.values['max_latency'], lost_share=lost_share,
            transport=intake.choice if intake else None, decode_scale=self._decode_scale,
            memory=process_memory.pairs(now)))
