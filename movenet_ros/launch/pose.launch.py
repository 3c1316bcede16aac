# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node (or its lifecycle variant) on a camera topic with a params file."""

from launch import LaunchDescription
from launch.actions import OpaqueFunction, Shutdown
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import LifecycleNode, Node
from movenet_ros.node.launch_arguments import (console, declare, is_true, PARAMETER_ARGUMENTS,
                                               parameter_overrides)

ARGUMENTS = ('params_file', 'image_topic', 'depth_image_topic', 'depth_info_topic',
             'namespace', 'node_name') + PARAMETER_ARGUMENTS + (
             'use_sim_time', 'lifecycle', 'autostart')


def _shutdown_unless_shutting_down(event, context):
    """
    Shut launch down when the managed node exits on its own, not when launch stopped it.

    A second Shutdown during Ctrl-C makes launch_ros stop its ROS adapter twice, and launch
    then reports "Cannot shutdown a ROS adapter that is not running".
    """
    if context.is_shutdown:
        return None
    return [Shutdown(reason='movenet_lifecycle_node exited')]


def _nodes(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in ARGUMENTS}
    common = {'package': 'movenet_ros', 'name': arg['node_name'],
              'namespace': arg['namespace'],
              'parameters': [arg['params_file'], parameter_overrides(arg)],
              'remappings': [('image', arg['image_topic']),
                             ('depth/image', arg['depth_image_topic']),
                             ('depth/camera_info', arg['depth_info_topic'])],
              **console()}
    if not is_true(arg['lifecycle']):
        return [Node(executable='movenet_node', **common)]
    # The node configures and activates itself (autostart): launch_ros's change_state
    # client fails on a Ctrl-C that arrives while it still waits for the node's service.
    common['parameters'].append({'autostart': is_true(arg['autostart'])})
    # A managed node that dies at start-up would leave launch waiting for its services.
    return [LifecycleNode(executable='movenet_lifecycle_node',
                          on_exit=_shutdown_unless_shutting_down, **common)]


def generate_launch_description():
    return LaunchDescription([*declare(*ARGUMENTS), OpaqueFunction(function=_nodes)])
