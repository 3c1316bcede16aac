# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""What every controller node shares: validated parameters, pose conversion, process entry."""

import sys

import numpy as np
from rclpy.node import Node
from rclpy.qos import QoSProfile, ReliabilityPolicy

from ..ros.help_text import exit_with_help
from ..ros.node_runner import spin_node
from ..ros.settings import NodeSettings, ParameterError

__all__ = ['ControllerNode', 'ParameterError', 'run']

#: Seconds between repeats of the same complaint in the log.
LOG_THROTTLE = 5.0
#: Pose topics as the pose node publishes them.
POSE_QOS = QoSProfile(depth=10, reliability=ReliabilityPolicy.RELIABLE)


def stamp_seconds(header):
    """Return a header stamp in seconds."""
    return header.stamp.sec + header.stamp.nanosec * 1e-9


def keypoints_of(pose):
    """(17, 3) float array of x, y, score of a movenet_ros_msgs/PoseKeypoints."""
    return np.array([(k.x, k.y, k.score) for k in pose.keypoints], np.float64)


def keypoints_3d_of(pose):
    """(17, 3) metres, (17,) scores and (17,) valid of a movenet_ros_msgs/PoseKeypoints3D."""
    points = np.array([(k.x, k.y, k.z) for k in pose.keypoints], np.float64)
    scores = np.array([k.score for k in pose.keypoints], np.float64)
    valid = np.array([k.valid for k in pose.keypoints], bool)
    return points, scores, valid


class ControllerNode(Node):
    """
    A node whose parameters come from a list of ParameterSpec (settings.NodeSettings).

    Start-up values are checked (ParameterError with the reason); live ones are checked
    again on every change and handed to ``apply(values)``, which may refuse them by
    returning a reason.
    """

    def __init__(self, name, specs):
        super().__init__(name)
        self.settings = NodeSettings(self, specs, apply=self.apply)

    @property
    def values(self):
        """Return the current parameter values."""
        return self.settings.values

    def apply(self, values):
        """Take new live values; return a reason to refuse them, or ''."""
        return ''

    def close(self):
        """Return a one-line summary for the log at exit."""
        return 'stopped'


def run(node_class, args=None):
    """
    Process entry of a controller node: node_runner.spin_node; exit code.

    ``--help`` prints the module's summary and its PARAMETERS instead of starting.
    """
    module = sys.modules[node_class.__module__]
    executable = module.__name__.rsplit('.', 1)[-1]
    if exit_with_help(args, executable, module.__doc__.strip().splitlines()[0],
                      '--ros-args -r pose/poses:=/pose/poses',
                      [(p.name, p.default, p.description) for p in module.PARAMETERS]):
        return 0
    return spin_node(node_class, args, executable, (ParameterError, OSError, ValueError))
