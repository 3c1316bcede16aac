# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node with person_follower: velocity commands that follow a person."""

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription, OpaqueFunction
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from movenet_ros.node.launch_arguments import (console, declare, is_true, POSE_ARGUMENTS,
                                               share_file)
from movenet_ros.node.launch_checks import exit_handler


def _follower(context):
    arg = {name: LaunchConfiguration(name).perform(context) for name in (
        'namespace', 'cmd_vel_topic', 'camera_info_topic', 'enabled', 'use_sim_time')}
    return [Node(package='movenet_ros', executable='person_follower',
                 namespace=arg['namespace'],
                 parameters=[{'enabled': is_true(arg['enabled']),
                              'use_sim_time': is_true(arg['use_sim_time'])}],
                 remappings=[('cmd_vel', arg['cmd_vel_topic']),
                             ('camera_info', arg['camera_info_topic'])],
                 on_exit=exit_handler(), **console())]


def generate_launch_description():
    pose = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(share_file('launch', 'pose.launch.py')),
        launch_arguments={name: LaunchConfiguration(name) for name in POSE_ARGUMENTS}.items())
    return LaunchDescription([
        *declare(*POSE_ARGUMENTS),
        DeclareLaunchArgument('cmd_vel_topic', default_value='cmd_vel',
                              description='geometry_msgs/Twist topic of the robot base'),
        DeclareLaunchArgument('camera_info_topic', default_value='camera_info',
                              description='CameraInfo of the image (focal length); the '
                              'horizontal_fov parameter is used until one arrives'),
        DeclareLaunchArgument('enabled', default_value='true',
                              description='Command motion from the start'),
        pose,
        OpaqueFunction(function=_follower),
    ])
