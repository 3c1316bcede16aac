# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Process entry of the pose node: its --help, its start-up errors, and its exit.

ros/node_runner.py runs any node; this adds what is the pose node's own: the help text
with its parameters and topics, the errors a start can end with, and leaving the
annotated image's participant (node/image_participant.py) at exit.
"""

from . import image_participant
from .parameters import PARAMETERS
from ..core.models import ModelError
from ..ros.help_text import exit_with_help
from ..ros.node_runner import spin_node, spin_nodes
from ..ros.settings import ParameterError

NODE_SUMMARY = ('MoveNet pose estimation on a camera topic: PoseKeypoints, PoseKeypointsArray, '
                'an annotated image and /diagnostics. docs/outputs.md has the details.')
NODE_TOPICS = (('image', 'sensor_msgs/Image in (or image/compressed: input_transport)'),
               ('pose/keypoints', 'movenet_ros_msgs/PoseKeypoints out'),
               ('pose/poses', 'movenet_ros_msgs/PoseKeypointsArray out'),
               ('pose/image_annotated', 'sensor_msgs/Image out (and /compressed)'))
#: What a pose node's start can fail with: one fatal line, exit code 1.
START_ERRORS = (ModelError, ParameterError, OSError)


def run(node_class, args=None, executable='movenet_node'):
    """Create ``node_class()``, spin it until shutdown, and return the exit code."""
    if exit_with_help(args, executable, NODE_SUMMARY, '--ros-args -r image:=/camera/image_raw '
                      '-p model_type:=thunder', [(p.name, p.default, p.description)
                                                 for p in PARAMETERS], NODE_TOPICS):
        return 0
    return spin_node(node_class, args, 'movenet', START_ERRORS, image_participant.shutdown)


def run_many(create, args, logger_name, more_errors=()):
    """Spin the pose nodes ``create()`` returns on one executor (movenet_cameras)."""
    return spin_nodes(create, args, logger_name, START_ERRORS + tuple(more_errors),
                      image_participant.shutdown)
