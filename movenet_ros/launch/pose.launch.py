# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Start movenet_node on a camera topic with the parameters from a YAML file."""

import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node


def generate_launch_description():
    default_params = os.path.join(
        get_package_share_directory('movenet_ros'), 'config', 'movenet.yaml')
    return LaunchDescription([
        DeclareLaunchArgument('params_file', default_value=default_params,
                              description='YAML file with the node parameters'),
        DeclareLaunchArgument('image_topic', default_value='/image_raw',
                              description='sensor_msgs/Image topic to estimate poses on'),
        DeclareLaunchArgument('namespace', default_value='',
                              description='Namespace for the node and its pose/ topics'),
        Node(
            package='movenet_ros',
            executable='movenet_node',
            name='movenet',
            namespace=LaunchConfiguration('namespace'),
            parameters=[LaunchConfiguration('params_file')],
            remappings=[('image', LaunchConfiguration('image_topic'))],
            output='screen',
            emulate_tty=True,
        ),
    ])
