# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node with rep_counter and joint_angles: repetitions counted on a camera."""

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription, OpaqueFunction
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from movenet_ros.node.launch_arguments import (console, declare, is_true, POSE_ARGUMENTS,
                                               share_file)
from movenet_ros.node.launch_checks import exit_handler


def _controllers(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in (
        'namespace', 'exercise', 'exercises_file', 'use_sim_time')}
    sim = {'use_sim_time': is_true(arg['use_sim_time'])}
    common = {'package': 'movenet_ros', 'namespace': arg['namespace'], **console()}
    return [
        Node(executable='rep_counter', parameters=[
            {'exercise': arg['exercise'], 'exercises_file': arg['exercises_file'], **sim}],
            on_exit=exit_handler(), **common),
        Node(executable='joint_angles', parameters=[sim], on_exit=exit_handler(), **common),
    ]


def generate_launch_description():
    pose = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(share_file('launch', 'pose.launch.py')),
        launch_arguments={name: LaunchConfiguration(name) for name in POSE_ARGUMENTS}.items())
    return LaunchDescription([
        *declare(*POSE_ARGUMENTS),
        DeclareLaunchArgument('exercise', default_value='squat',
                              description='Exercise to count, a name in exercises_file'),
        DeclareLaunchArgument('exercises_file',
                              default_value=share_file('config', 'exercises.yaml'),
                              description='YAML file of exercises'),
        pose,
        OpaqueFunction(function=_controllers),
    ])
