# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Pose estimation for every camera listed in a YAML file, each in its own namespace.

The file holds `cameras:`, a list of entries with `namespace` and `image_topic`, and
optionally `params_file` (default: the package's movenet.yaml) and `parameters` (a map
of overrides), e.g. config/cameras.yaml. By default one process (movenet_cameras) serves
them all with one model; one_process:=false starts one movenet_node per camera.
"""

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, OpaqueFunction
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from movenet_ros.node.launch_arguments import console, declare, is_true, share_file
from movenet_ros.node.launch_checks import (exit_handler, log_warnings, params_file_problems,
                                            undeclared_arguments)
import yaml


def _nodes(context):
    path = LaunchConfiguration('cameras_file').perform(context)
    use_sim_time = is_true(LaunchConfiguration('use_sim_time').perform(context))
    # A pose node parameter is set per camera here: refused with where to set it.
    _, warnings = undeclared_arguments(context.launch_configurations,
                                       'multi_camera.launch.py', takes_parameters=False)
    if is_true(LaunchConfiguration('one_process').perform(context)):
        log_warnings(warnings)
        # The process reads the file itself and names a bad entry in one line.
        return [Node(package='movenet_ros', executable='movenet_cameras',
                     parameters=[{'cameras_file': path, 'use_sim_time': use_sim_time}],
                     on_exit=exit_handler(), **console())]
    with open(path) as f:
        cameras = (yaml.safe_load(f) or {}).get('cameras') or []
    if not cameras:
        raise RuntimeError(f'{path} lists no cameras (expected a `cameras:` list)')
    nodes = []
    for index, camera in enumerate(cameras):
        missing = {'namespace', 'image_topic'} - set(camera)
        if missing:
            raise RuntimeError(f"camera {index} in {path} lacks {', '.join(sorted(missing))}")
        overrides = dict(camera.get('parameters') or {}, use_sim_time=use_sim_time)
        params_file = camera.get('params_file', share_file('config', 'movenet.yaml'))
        warnings += params_file_problems(params_file, 'movenet', camera['namespace'])
        nodes.append(Node(
            package='movenet_ros', executable='movenet_node', name='movenet',
            namespace=camera['namespace'], parameters=[params_file, overrides],
            remappings=[('image', camera['image_topic'])], on_exit=exit_handler(),
            **console()))
    log_warnings(warnings)
    return nodes


def generate_launch_description():
    return LaunchDescription([
        *declare('cameras_file', 'use_sim_time'),
        DeclareLaunchArgument('one_process', default_value='true',
                              description='Serve every camera from one process with one '
                              'model (movenet_cameras); false: one movenet_node per camera'),
        OpaqueFunction(function=_nodes)])
