# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node (or its lifecycle variant) on a camera topic with a params file."""

import os
import sys

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, OpaqueFunction, Shutdown
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import LifecycleNode, Node

TRUE = ('true', '1', 'yes', 'on')


def _shutdown_unless_shutting_down(event, context):
    """
    Shut launch down when the managed node exits on its own, not when launch stopped it.

    A second Shutdown during Ctrl-C makes launch_ros stop its ROS adapter twice, and launch
    then reports "Cannot shutdown a ROS adapter that is not running".
    """
    if context.is_shutdown:
        return None
    return [Shutdown(reason='movenet_lifecycle_node exited')]


#: Launch arguments passed on as parameters when not empty (empty: the params file decides).
PARAMETER_ARGUMENTS = ('model_type', 'input_transport', 'qos_reliability')


def parameter_overrides(arg):
    """Parameters the launch arguments set over the params file."""
    overrides = {'use_sim_time': arg['use_sim_time'].lower() in TRUE}
    overrides.update({name: arg[name] for name in PARAMETER_ARGUMENTS if arg.get(name)})
    return overrides


def _nodes(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in (
        'params_file', 'image_topic', 'namespace', 'use_sim_time', 'lifecycle', 'autostart',
        'node_name', 'depth_image_topic', 'depth_info_topic') + PARAMETER_ARGUMENTS}
    overrides = parameter_overrides(arg)
    common = {'package': 'movenet_ros', 'name': arg['node_name'],
              'namespace': arg['namespace'], 'parameters': [arg['params_file'], overrides],
              'remappings': [('image', arg['image_topic']),
                             ('depth/image', arg['depth_image_topic']),
                             ('depth/camera_info', arg['depth_info_topic'])],
              'output': 'screen',
              # Colours (and line buffering) on a terminal only: a redirected log gets plain
              # text, without escape codes.
              'emulate_tty': sys.stdout.isatty()}
    if arg['lifecycle'].lower() not in TRUE:
        return [Node(executable='movenet_node', **common)]
    # The node configures and activates itself (autostart): launch_ros's change_state
    # client fails on a Ctrl-C that arrives while it still waits for the node's service.
    common['parameters'].append({'autostart': arg['autostart'].lower() in TRUE})
    # A managed node that dies at start-up would leave launch waiting for its services.
    return [LifecycleNode(executable='movenet_lifecycle_node',
                          on_exit=_shutdown_unless_shutting_down, **common)]


def generate_launch_description():
    default_params = os.path.join(
        get_package_share_directory('movenet_ros'), 'config', 'movenet.yaml')
    return LaunchDescription([
        DeclareLaunchArgument('params_file', default_value=default_params,
                              description='YAML file with the node parameters'),
        DeclareLaunchArgument('image_topic', default_value='/image_raw',
                              description='sensor_msgs/Image topic to estimate poses on '
                              '(with input_transport compressed: its /compressed sibling)'),
        DeclareLaunchArgument('depth_image_topic', default_value='depth/image',
                              description='Aligned depth image, with depth_enabled (e.g. '
                              '/camera/aligned_depth_to_color/image_raw)'),
        DeclareLaunchArgument('depth_info_topic', default_value='depth/camera_info',
                              description='CameraInfo of the depth image, with depth_enabled'),
        DeclareLaunchArgument('namespace', default_value='',
                              description='Namespace for the node and its pose/ topics'),
        DeclareLaunchArgument('node_name', default_value='movenet',
                              description='Node name'),
        DeclareLaunchArgument('model_type', default_value='',
                              description='Override the params file: lightning, '
                              'lightning_f16, thunder, thunder_int8, lightning_edgetpu, '
                              'multipose or multipose_256'),
        DeclareLaunchArgument('input_transport', default_value='',
                              description='Override the params file: raw (sensor_msgs/Image '
                              'on image_topic) or compressed (CompressedImage on '
                              'image_topic/compressed)'),
        DeclareLaunchArgument('qos_reliability', default_value='',
                              description='Override the params file: the input '
                              "subscription's reliability"),
        DeclareLaunchArgument('use_sim_time', default_value='false',
                              description='Use /clock (replayed bags, simulators)'),
        DeclareLaunchArgument('lifecycle', default_value='false',
                              description='Start the managed (lifecycle) node'),
        DeclareLaunchArgument('autostart', default_value='true',
                              description='With lifecycle: configure and activate at once'),
        OpaqueFunction(function=_nodes),
    ])
