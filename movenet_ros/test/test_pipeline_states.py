# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The pipeline in a node of this process, through its states: counts and diagnostics."""

import gc
import threading

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from movenet_ros.node import image_participant, pipeline
from movenet_ros.node.intake import FrameIntake
from movenet_ros.node.nodes import MoveNetLifecycleNode, MoveNetNode
import pytest
import rclpy
from rclpy.executors import SingleThreadedExecutor
from ros_harness import bgr8_image, node_of_this_process


@pytest.fixture
def node(data_dir):
    with node_of_this_process(MoveNetNode) as node:
        yield node


def _image(data_dir):
    return bgr8_image(cv2.imread(str(data_dir / 'images' / 'squat.bmp')), 1)


def test_a_frame_whose_deactivate_came_during_inference_counts_as_skipped(node, data_dir):
    stats, stop = node.pipeline.stats, threading.Event()
    node.pipeline._process(_image(data_dir), stop)
    assert (stats.total('processed'), stats.total('skipped')) == (1, 0)
    stop.set()  # as deactivate does while the model runs
    node.pipeline._process(_image(data_dir), stop)
    assert (stats.total('processed'), stats.total('skipped')) == (1, 1)


def test_each_transition_reports_its_state_at_once(monkeypatch):
    # With a beat an hour apart, every message below is one a transition sent itself.
    monkeypatch.setattr(pipeline, 'DIAGNOSTICS_PERIOD', 3600.0)
    context = rclpy.Context()
    rclpy.init(context=context)
    node = MoveNetLifecycleNode(context=context)
    listener = rclpy.create_node('listener', context=context)
    states = []
    listener.create_subscription(
        DiagnosticArray, '/diagnostics', lambda m: states.extend(
            kv.value for s in m.status for kv in s.values if kv.key == 'state'), 10)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(listener)
    try:
        for transition, expected in (('configure', ['inactive']), ('activate', ['active']),
                                     ('deactivate', ['inactive'])):
            states.clear()
            getattr(node, f'trigger_{transition}')()
            for _ in range(200):
                if states:
                    break
                executor.spin_once(timeout_sec=0.05)
            assert states == expected, transition
    finally:
        node.trigger_cleanup()
        listener.destroy_node()
        node.destroy_node()
        image_participant.shutdown()
        rclpy.shutdown(context=context)


def test_deactivate_leaves_no_intake_for_the_cyclic_collector():
    # The intake's worker thread, timers and callbacks point back at it: a reference cycle
    # that, once old, Python's own collector reaches only hours later.
    context = rclpy.Context()
    rclpy.init(context=context)
    node = MoveNetLifecycleNode(context=context)
    gc.collect()  # what earlier tests of this process left
    gc.disable()  # only the node's own collection may free it
    try:
        node.trigger_configure()
        node.trigger_activate()
        assert _alive(FrameIntake) == 1
        node.trigger_deactivate()
        assert _alive(FrameIntake) == 0
    finally:
        gc.enable()
        node.trigger_cleanup()
        node.destroy_node()
        image_participant.shutdown()
        rclpy.shutdown(context=context)


def _alive(kind):
    return sum(1 for each in gc.get_objects() if type(each) is kind)
