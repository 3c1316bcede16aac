# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Start one movenet_node per camera listed in a YAML file, each in its own namespace.

The file holds `cameras:`, a list of entries with `namespace` and `image_topic`, and
optionally `params_file` (default: the package's movenet.yaml) and `parameters` (a map
of overrides), e.g. config/cameras.yaml.
"""

import os
import sys

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, OpaqueFunction
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
import yaml


def _nodes(context):
    share = get_package_share_directory('movenet_ros')
    path = LaunchConfiguration('cameras_file').perform(context)
    with open(path) as f:
        cameras = (yaml.safe_load(f) or {}).get('cameras') or []
    if not cameras:
        raise RuntimeError(f'{path} lists no cameras (expected a `cameras:` list)')
    use_sim_time = LaunchConfiguration('use_sim_time').perform(context).lower() in (
        'true', '1', 'yes', 'on')
    nodes = []
    for index, camera in enumerate(cameras):
        missing = {'namespace', 'image_topic'} - set(camera)
        if missing:
            raise RuntimeError(f"camera {index} in {path} lacks {', '.join(sorted(missing))}")
        overrides = dict(camera.get('parameters') or {}, use_sim_time=use_sim_time)
        nodes.append(Node(
            package='movenet_ros', executable='movenet_node', name='movenet',
            namespace=camera['namespace'],
            parameters=[camera.get('params_file',
                                   os.path.join(share, 'config', 'movenet.yaml')), overrides],
            remappings=[('image', camera['image_topic'])],
            output='screen', emulate_tty=sys.stdout.isatty()))
    return nodes


def generate_launch_description():
    return LaunchDescription([
        DeclareLaunchArgument(
            'cameras_file', default_value=os.path.join(
                get_package_share_directory('movenet_ros'), 'config', 'cameras.yaml'),
            description='YAML file with a `cameras:` list'),
        DeclareLaunchArgument('use_sim_time', default_value='false',
                              description='Use /clock (replayed bags, simulators)'),
        OpaqueFunction(function=_nodes),
    ])
