# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node with person_follower: velocity commands that follow a person."""

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


def _follower(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in (
        'namespace', 'cmd_vel_topic', 'camera_info_topic', 'enabled', 'use_sim_time')}
    return [Node(package='movenet_ros', executable='person_follower',
                 namespace=arg['namespace'],
                 parameters=[{'enabled': arg['enabled'].lower() in TRUE,
                              'use_sim_time': arg['use_sim_time'].lower() in TRUE}],
                 remappings=[('cmd_vel', arg['cmd_vel_topic']),
                             ('camera_info', arg['camera_info_topic'])],
                 output='screen', emulate_tty=sys.stdout.isatty())]


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
                              description='Override the params file (multipose: track ids '
                              'let the follower lock onto one person)'),
        DeclareLaunchArgument('cmd_vel_topic', default_value='cmd_vel',
                              description='geometry_msgs/Twist topic of the robot base'),
        DeclareLaunchArgument('camera_info_topic', default_value='camera_info',
                              description='CameraInfo of the image (focal length); the '
                              'horizontal_fov parameter is used until one arrives'),
        DeclareLaunchArgument('enabled', default_value='true',
                              description='Command motion from the start'),
        DeclareLaunchArgument('use_sim_time', default_value='false',
                              description='Use /clock (replayed bags, simulators)'),
        pose,
        OpaqueFunction(function=_follower),
    ])
