# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The launch arguments the launch files share, declared once.

pose.launch.py, fitness.launch.py, follow.launch.py and multi_camera.launch.py take the
same names with the same defaults and meanings. Each names the ones it takes and gets its
DeclareLaunchArgument actions from `declare`. launch is imported only when they are built,
so this module (and its tests) load where launch is not installed.
"""

import os
import sys

#: What launch accepts as true for a boolean argument.
TRUE = ('true', '1', 'yes', 'on')

#: Launch arguments passed on as node parameters when not empty (empty: the params file
#: decides).
PARAMETER_ARGUMENTS = ('model_type', 'input_transport', 'qos_reliability')


def share_file(*parts):
    """Path of a file installed in the package's share directory."""
    from ament_index_python.packages import get_package_share_directory
    return os.path.join(get_package_share_directory('movenet_ros'), *parts)


#: name -> (default, description). A callable default is looked up when declared.
ARGUMENTS = {
    'params_file': (lambda: share_file('config', 'movenet.yaml'),
                    'YAML file with the pose node parameters'),
    'image_topic': ('/image_raw', 'sensor_msgs/Image topic to estimate poses on '
                    '(or its /compressed sibling: input_transport)'),
    'depth_image_topic': ('depth/image', 'Aligned depth image, with depth_enabled (e.g. '
                          '/camera/aligned_depth_to_color/image_raw)'),
    'depth_info_topic': ('depth/camera_info',
                         'CameraInfo of the depth image, with depth_enabled'),
    'namespace': ('', 'Namespace for the nodes and their topics'),
    'node_name': ('movenet', 'Name of the pose node'),
    'model_type': ('', 'Override the params file: lightning, lightning_f16, thunder, '
                   'thunder_int8, lightning_edgetpu, multipose or multipose_256 (multipose '
                   'gives track ids, for several people)'),
    'input_transport': ('', 'Override the params file: auto (the compressed sibling for '
                        'large frames when the camera offers it), raw (sensor_msgs/Image on '
                        'image_topic) or compressed (CompressedImage on image_topic/compressed)'),
    'qos_reliability': ('', "Override the params file: the input subscription's reliability"),
    'use_sim_time': ('false', 'Use /clock (replayed bags, simulators)'),
    'lifecycle': ('false', 'Start the managed (lifecycle) node'),
    'autostart': ('true', 'With lifecycle: configure and activate at once'),
    'cameras_file': (lambda: share_file('config', 'cameras.yaml'),
                     'YAML file with a `cameras:` list'),
}

#: The arguments pose.launch.py takes that an including launch file passes on to it.
POSE_ARGUMENTS = ('params_file', 'image_topic', 'namespace', 'model_type', 'use_sim_time')


def declare(*names):
    """Return DeclareLaunchArgument actions for the shared arguments ``names``."""
    from launch.actions import DeclareLaunchArgument
    actions = []
    for name in names:
        default, description = ARGUMENTS[name]
        actions.append(DeclareLaunchArgument(
            name, default_value=default() if callable(default) else default,
            description=description))
    return actions


def is_true(text):
    """Whether a launch argument's text means true."""
    return text.lower() in TRUE


def parameter_overrides(arg):
    """Parameters the launch arguments set over the params file."""
    overrides = {'use_sim_time': is_true(arg['use_sim_time'])}
    overrides.update({name: arg[name] for name in PARAMETER_ARGUMENTS if arg.get(name)})
    return overrides


def console():
    """
    Where a node's log goes: the screen, coloured only on a terminal.

    emulate_tty would make the node colour its log even into a redirected launch log.
    """
    return {'output': 'screen', 'emulate_tty': sys.stdout.isatty()}
