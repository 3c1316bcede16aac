# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The pose pipeline on one rclpy node (plain or managed): frames in, poses out.

It wires the pieces, each in a module of its own: settings (parameters), intake (image
subscription and worker), the frame path (core), the outputs, each one object called
once per frame, and diagnostics. The steps follow the managed node's life: configure
loads the model and creates the publishers and the diagnostics beat, activate
subscribes and starts the worker, deactivate and cleanup undo them. A plain node
configures and activates at once.
"""

from dataclasses import replace
import time

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from rclpy.clock import Clock, ClockType

from .depth_input import DepthInput
from .diagnostics import (diagnostics_array, loss_facts, loss_warning, PipelineStatus,
                          process_memory)
from .image_participant import ImageNode
from .intake import FrameIntake
from .outputs import AnnotatedImage, OutputFrame, PoseOutputs, PublisherSet
from .parameters import PARAMETERS
from .standard_outputs import BodyTransforms, StandardOutputs
from .startup_checks import describe_input, warn_unknown_parameters, watch_input
from ..core.frame_path import Encoded, FramePath
from ..core.parameters import config_for
from ..core.timeline import stamp_ns
from ..ros.camera_qos import AUTO
from ..ros.conversions import received_image
from ..ros.settings import NodeSettings
from ..runtime.allocator import periodic_release
from ..runtime.frame_accounting import LossMonitor, PipelineStats
from ..runtime.model_loading import load_estimator

# OpenCV's own per-image warnings (e.g. on a truncated PNG) would flood the log under
# hostile input; the node reports each rejected image itself, throttled.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

LOG_THROTTLE = 5.0
DIAGNOSTICS_PERIOD = 1.0


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
        self.runner = self.frame_path = None
        self.configured = self.activated = None  # frozen settings of each step
        self.publishers = self.poses = self.standard = self.depth = self.annotated = None
        self.intake = None
        #: The outputs called once per frame, in order (node/outputs.py).
        self.outputs = []
        self._diagnostics = self._timer = self._watchdog = None
        self._image_node = None  # the annotated image's own participant (image_participant)
        self._losses = LossMonitor()
        self._warned_zero_stamp = False

    def _apply_live(self, updated):
        """Hand live changes to the estimator: a new configuration restarts tracking."""
        if self.frame_path is not None:
            self.frame_path.configure(config_for(self.runner, updated))
        return ''

    # -- life cycle --------------------------------------------------------------------
    def configure(self):
        """Load the model and create the publishers (ModelError when the model fails)."""
        self.configured = self.settings.freeze()
        configured = self.configured
        # With many cameras in one process, one interpreter per model for all of them.
        estimator = load_estimator(configured, self.log.info, self._runners)
        self.runner = estimator.runner
        for runner in (self.runner, estimator.refiner):
            if runner is not None and runner.delegate_error:
                self.log.warning(f'{runner.delegate_error}; running on the CPU')
        # Live values: a parameter change replaces the settings' mapping.
        self.frame_path = FramePath(estimator, lambda: self.settings.values)
        node = self.node
        self.publishers = PublisherSet(node, self.managed)
        self.annotated = AnnotatedImage(self.publishers, self._annotated_participant(),
                                        self.settings, self.stats)
        self.poses = PoseOutputs(self.publishers)
        self.standard = StandardOutputs(node, self.publishers, configured)
        self.outputs = [self.poses, self.standard]
        if configured['depth_enabled']:
            self.depth = DepthInput(node, self.publishers, self.settings, self.stats)
            self.outputs.append(self.depth)
            if configured['publish_tf']:
                self.outputs.append(BodyTransforms(node, self.publishers))
        elif configured['publish_tf']:
            self.log.warning('publish_tf places joints by depth: it needs depth_enabled; '
                             'nothing is published on /tf')
        self._diagnostics = node.create_publisher(DiagnosticArray, '/diagnostics', 10)
        self.stats.snapshot(time.monotonic())
        # Diagnostics beat in steady time, so they go on while a replayed bag is paused,
        # and from configure on, so an inactive managed node still reports its state.
        self._timer = node.create_timer(DIAGNOSTICS_PERIOD, self._beat,
                                        clock=Clock(clock_type=ClockType.STEADY_TIME))
        periodic_release.release_now(time.monotonic())  # what loading the model split
        self._beat()  # at once: a lifecycle cycle leaves no second without diagnostics

    def _annotated_participant(self):
        """Return the image participant when annotated_image_participant is on, else None."""
        if self.configured['annotated_image_participant']:
            if self._image_node is None:  # made once, kept across lifecycle cycles
                self._image_node = ImageNode(self.node)
        elif self._image_node is not None:  # turned off since the last configure
            self._image_node.close()
            self._image_node = None
        return self._image_node

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
        refiner = self.frame_path.estimator.refiner
        refined = (f', each person refined by {refiner.model_path.rsplit("/", 1)[-1]}'
                   if refiner is not None else '')
        self.log.info(
            f'model {runner.model_path.rsplit("/", 1)[-1]} on {runner.delegate} '
            f"({startup['num_threads']} threads, input {describe_input(runner, startup)}"
            f'{refined}); '
            f'listening on {subscription.topic_name} ({choice.transport}: {choice.reason}; '
            f'{reliability}), publishing {self.poses.keypoints.topic_name}')
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
            self.standard.stop()  # the people seen are gone (REP-155 bodies)
        periodic_release.release_now(time.monotonic())  # the stopped intake's cycles
        if self._timer is not None and self.node.context.ok():  # not on the way out
            self._beat()  # the new state, at once

    def cleanup(self):
        """Release the publishers, the diagnostics beat and the model."""
        if self._timer is not None:
            self.node.destroy_timer(self._timer)
            self._timer = None
        if self.annotated is not None:
            self.annotated.destroy()
        if self.publishers is not None:
            self.publishers.destroy()
        if self._diagnostics is not None:
            self.node.destroy_publisher(self._diagnostics)
        self.publishers = self.poses = self.standard = self.depth = self.annotated = None
        self._diagnostics = None
        self.outputs = []
        self.runner = self.frame_path = None
        periodic_release.release_now(time.monotonic())

    # -- one frame (worker thread) -----------------------------------------------------
    def _process(self, msg, stop):
        image = received_image(msg)
        own_ns = stamp_ns(msg.header.stamp.sec, msg.header.stamp.nanosec)
        arrival_ns = 0 if own_ns else self.node.get_clock().now().nanoseconds
        # The annotated image is drawn on the whole JPEG; the model needs less of it.
        encoded = isinstance(image, Encoded)
        result = self.frame_path.process(image, own_ns, arrival_ns,
                                         whole=encoded and self.annotated.wanted())
        if encoded:
            self.stats.note_decode_scale(result.frame.reduction)
        if result.decode_warnings:
            self._jpeg_warned(result.decode_warnings)
        if not result.stamped and not self._warned_zero_stamp:
            self._warned_zero_stamp = True
            self.log.warning('images carry no stamp; timing smoothing by arrival')
        if stop.is_set():  # deactivated meanwhile: publish nothing more
            self.stats.count('skipped')  # still accounted for, as one a deactivate came before
            return
        out = OutputFrame(result, msg.header, stop)
        for output in self.outputs:
            output.publish(out)
        latency = self.node.get_clock().now().nanoseconds * 1e-9 - result.stamp
        self.stats.count('processed')
        if result.people_over_budget:
            self.stats.count('over_budget', result.people_over_budget)
        self.stats.add_timing(result.invoke_seconds, latency)
        self.annotated.publish(out)

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
                                              loss_facts(self.node, intake)))
        self._diagnostics.publish(diagnostics_array(
            self.node.get_fully_qualified_name(), self.node.get_clock().now().to_msg(),
            snapshot, self._status(subscription, lost_share), process_memory.pairs(now)))

    def _status(self, subscription, lost_share):
        """Return the beat's PipelineStatus: the state, the input and the model."""
        configured, intake = self.configured, self.intake
        status = PipelineStatus(
            active=subscription is not None, model_file=self.runner.model_path.rsplit('/', 1)[-1],
            model=configured['model_path'] or configured['model_type'],
            delegate=self.runner.delegate, max_latency=self.settings.values['max_latency'],
            lost_share=lost_share)
        if subscription is None:
            return status
        return replace(status, topic=subscription.topic_name,
                       reliability=subscription.reliability,
                       transport=intake.choice if intake else None)
