# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node with rep_counter and joint_angles: repetitions counted on a camera."""

import os
import sys

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription, OpaqueFunction
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

TRUE = ('true', '1', 'yes', 'on')
POSE_ARGUMENTS = ('params_file', 'image_topic', 'namespace', 'model_type', 'use_sim_time')


def _controllers(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in (
        'namespace', 'exercise', 'exercises_file', 'use_sim_time')}
    sim = {'use_sim_time': arg['use_sim_time'].lower() in TRUE}
    common = {'package': 'movenet_ros', 'namespace': arg['namespace'], 'output': 'screen',
              'emulate_tty': sys.stdout.isatty()}  # no colour codes in a redirected log
    return [
        Node(executable='rep_counter', parameters=[
            {'exercise': arg['exercise'], 'exercises_file': arg['exercises_file'], **sim}],
            **common),
        Node(executable='joint_angles', parameters=[sim], **common),
    ]


def generate_launch_description():
    share = get_package_share_directory('movenet_ros')
    pose = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(os.path.join(share, 'launch', 'pose.launch.py')),
        launch_arguments={name: LaunchConfiguration(name) for name in POSE_ARGUMENTS}.items())
    return LaunchDescription([
        DeclareLaunchArgument('params_file',
                              default_value=os.path.join(share, 'config', 'movenet.yaml'),
                              description='YAML file with the pose node parameters'),
        DeclareLaunchArgument('image_topic', default_value='/image_raw',
                              description='sensor_msgs/Image topic to estimate poses on'),
        DeclareLaunchArgument('namespace', default_value='',
                              description='Namespace for all nodes and their topics'),
        DeclareLaunchArgument('model_type', default_value='',
                              description='Override the params file (e.g. multipose to '
                              'count several people)'),
        DeclareLaunchArgument('exercise', default_value='squat',
                              description='Exercise to count, a name in exercises_file'),
        DeclareLaunchArgument('exercises_file',
                              default_value=os.path.join(share, 'config', 'exercises.yaml'),
                              description='YAML file of exercises'),
        DeclareLaunchArgument('use_sim_time', default_value='false',
                              description='Use /clock (replayed bags, simulators)'),
        pose,
        OpaqueFunction(function=_controllers),
    ])
