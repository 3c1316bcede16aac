# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The controller launch files parse, and docs/controllers.md lists the controller parameters.

The launch files must start what they promise; the page's rows must match what the nodes
declare.

launch_ros is not on PyPI, so the files are checked as Python source here (as in
test_launch_and_params); where launch_ros imports, the launch descriptions are built.
"""

from pathlib import Path

from movenet_ros.controller_nodes import joint_angles, person_follower, rep_counter
from ros_harness import declared_launch_arguments

LAUNCH_DIR = Path(__file__).resolve().parents[1] / 'launch'
FITNESS = LAUNCH_DIR / 'fitness.launch.py'
FOLLOW = LAUNCH_DIR / 'follow.launch.py'
POSE_ARGUMENTS = {'params_file', 'image_topic', 'namespace', 'model_type', 'use_sim_time'}


def test_fitness_launch_starts_the_pose_node_and_both_fitness_nodes():
    assert declared_launch_arguments(FITNESS) == POSE_ARGUMENTS | {'exercise', 'exercises_file'}
    # Every argument handed to pose.launch.py is one it declares.
    assert POSE_ARGUMENTS <= declared_launch_arguments(LAUNCH_DIR / 'pose.launch.py')
    source = FITNESS.read_text()
    assert "'pose.launch.py'" in source
    assert "executable='rep_counter'" in source and "executable='joint_angles'" in source


def test_follow_launch_remaps_cmd_vel():
    assert declared_launch_arguments(FOLLOW) == POSE_ARGUMENTS | {
        'cmd_vel_topic', 'camera_info_topic', 'enabled'}
    source = FOLLOW.read_text()
    assert "'pose.launch.py'" in source and "executable='person_follower'" in source
    assert "remappings=[('cmd_vel', arg['cmd_vel_topic'])," in source


def _table_cell(value):
    if isinstance(value, bool):
        return f'`{str(value).lower()}`'
    return f'`{value!r}`' if isinstance(value, str) else f'`{value}`'


def test_docs_list_every_controller_parameter_with_its_default():
    page = (LAUNCH_DIR.parents[1] / 'docs' / 'controllers.md').read_text()
    for module in (joint_angles, rep_counter, person_follower):
        node = module.__name__.rsplit('.', 1)[1]
        for spec in module.PARAMETERS:
            row = f'| `{node}` | `{spec.name}` | {_table_cell(spec.default)} |'
            assert row in page, row
            assert spec.description in page, spec.description
