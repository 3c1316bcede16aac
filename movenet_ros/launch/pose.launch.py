# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node (or its lifecycle variant) on a camera topic with a params file."""

from launch import LaunchDescription
from launch.actions import OpaqueFunction
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import LifecycleNode, Node
from movenet_ros.node.launch_arguments import (console, declare, is_true, PARAMETER_ARGUMENTS,
                                               parameter_overrides)
from movenet_ros.node.launch_checks import (exit_handler, log_warnings, params_file_problems,
                                            undeclared_arguments)

ARGUMENTS = ('params_file', 'image_topic', 'depth_image_topic', 'depth_info_topic',
             'namespace', 'node_name') + PARAMETER_ARGUMENTS + (
             'use_sim_time', 'lifecycle', 'autostart')


def _nodes(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in ARGUMENTS}
    # min_pose_score:=0.5 is a parameter the user meant: passed on, parsed and checked.
    given, warnings = undeclared_arguments(context.launch_configurations, 'pose.launch.py')
    warnings += params_file_problems(arg['params_file'], arg['node_name'], arg['namespace'])
    log_warnings(warnings)
    common = {'package': 'movenet_ros', 'name': arg['node_name'],
              'namespace': arg['namespace'],
              'parameters': [arg['params_file'], {**parameter_overrides(arg), **given}],
              'remappings': [('image', arg['image_topic']),
                             ('depth/image', arg['depth_image_topic']),
                             ('depth/camera_info', arg['depth_info_topic'])],
              **console()}
    if not is_true(arg['lifecycle']):
        return [Node(executable='movenet_node', on_exit=exit_handler(), **common)]
    # The node configures and activates itself (autostart): launch_ros's change_state
    # client fails on a Ctrl-C that arrives while it still waits for the node's service.
    common['parameters'].append({'autostart': is_true(arg['autostart'])})
    # A managed node that exits, even cleanly, would leave launch waiting for its services.
    return [LifecycleNode(executable='movenet_lifecycle_node',
                          on_exit=exit_handler(shutdown_on_clean_exit=True), **common)]


def generate_launch_description():
    return LaunchDescription([*declare(*ARGUMENTS), OpaqueFunction(function=_nodes)])
