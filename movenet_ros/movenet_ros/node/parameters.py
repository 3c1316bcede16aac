# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The pose node's parameters: MoveNet's table (core/parameters.py) plus the node's own.

The node's own ones are about ROS: the image topic's transport and QoS, the published
outputs, depth pairing and diagnostics. The node declares the whole table, the tests
compare it with config/movenet.yaml, and docs/parameters.md is generated from it.
"""

from ..core.parameters import defaults, MOVENET_PARAMETERS, ParameterSpec, validate
from ..ros.transport import RELIABILITY_CHOICES, TRANSPORT_CHOICES

NODE_PARAMETERS = (
    ParameterSpec('publish_annotated', True,
                  'Publish pose/image_annotated (and /compressed), rendered only while '
                  'someone subscribes', dynamic=True),
    ParameterSpec('annotated_image_participant', True,
                  'Send the annotated image from a DDS participant of its own (node '
                  '<name>_images): on stock Fast DDS the topics of a participant share one '
                  '512 KiB shared-memory segment, and its megabytes held back /diagnostics and '
                  'poses by seconds while a viewer took it'),
    ParameterSpec('publish_image_annotations', True,
                  'Publish pose/image_annotations (foxglove_msgs/ImageAnnotations: the '
                  'skeleton as vectors over the camera image), built only while someone '
                  'subscribes'),
    ParameterSpec('hri_bodies', False,
                  'Publish REP-155 bodies: /humans/bodies/tracked and per body skeleton2d and '
                  'roi (hri_msgs)'),
    ParameterSpec('publish_tf', False,
                  'With depth_enabled, publish each body on /tf: body_<id> at the hips and a '
                  'frame per joint with depth, <keypoint>_<id> (REP-155)'),
    ParameterSpec('input_transport', 'auto',
                  'raw: sensor_msgs/Image on image; compressed: sensor_msgs/CompressedImage '
                  'on image/compressed (JPEG or PNG); auto: compressed while the camera '
                  'offers JPEG and its raw frames exceed the 512 KiB Fast DDS shared-memory '
                  'segment, raw otherwise, followed each second', choices=TRANSPORT_CHOICES),
    ParameterSpec('qos_reliability', 'auto',
                  'Input subscription reliability; auto follows the camera: reliable while '
                  'every publisher is, best effort when one is not',
                  choices=RELIABILITY_CHOICES),
    ParameterSpec('qos_depth', 3,
                  'Input queue depth; frames wait there while the model runs, and the newest '
                  'is taken next. Above 1 it absorbs frames that a reliable transport '
                  'delivers together after a repair', low=1, high=100),
    ParameterSpec('depth_enabled', False,
                  '3D keypoints from an aligned depth image (depth/image, 16UC1 mm or 32FC1 m) '
                  'and its depth/camera_info, published on pose/keypoints_3d'),
    ParameterSpec('depth_slop', 0.05,
                  'Largest stamp difference (seconds) for pairing a depth image with a '
                  'colour image', low=0.0, high=10.0, dynamic=True),
    ParameterSpec('depth_window', 5,
                  'Side in pixels of the window whose median depth a keypoint takes',
                  low=1, high=51, dynamic=True),
    ParameterSpec('max_latency', 0.5,
                  'Diagnostics warn when the p95 stamp-to-publish latency exceeds this '
                  '(seconds)', low=0.001, high=60.0, dynamic=True),)

PARAMETERS = MOVENET_PARAMETERS + NODE_PARAMETERS
PARAMETERS_BY_NAME = {p.name: p for p in PARAMETERS}


def node_defaults():
    """Name -> default value of every parameter of the node."""
    return defaults(PARAMETERS)


def validate_node_values(values):
    """Return the first reason a name -> value mapping is not acceptable to the node, or ''."""
    return validate(values, PARAMETERS)
