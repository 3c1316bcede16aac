# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The controller launch files parse, and the README lists the controller parameters.

The launch files must start what they promise; the README's rows must match what the
nodes declare.

launch_ros is not on PyPI, so the files are checked as Python source here (as in
test_launch_and_params); where launch_ros imports, the launch descriptions are built.
"""

import ast
import importlib.util
from pathlib import Path

from movenet_ros.controller_nodes import joint_angles, person_follower, rep_counter
import pytest

LAUNCH_DIR = Path(__file__).resolve().parents[1] / 'launch'
FITNESS = LAUNCH_DIR / 'fitness.launch.py'
FOLLOW = LAUNCH_DIR / 'follow.launch.py'
POSE_ARGUMENTS = {'params_file', 'image_topic', 'namespace', 'model_type', 'use_sim_time'}


def _declared_arguments(path):
    tree = ast.parse(path.read_text(), str(path))
    return {call.args[0].value for call in ast.walk(tree) if isinstance(call, ast.Call)
            and getattr(call.func, 'id', '') == 'DeclareLaunchArgument'}


def test_fitness_launch_starts_the_pose_node_and_both_fitness_nodes():
    assert _declared_arguments(FITNESS) == POSE_ARGUMENTS | {'exercise', 'exercises_file'}
    # Every argument handed to pose.launch.py is one it declares.
    assert POSE_ARGUMENTS <= _declared_arguments(LAUNCH_DIR / 'pose.launch.py')
    source = FITNESS.read_text()
    assert "'pose.launch.py'" in source
    assert "executable='rep_counter'" in source and "executable='joint_angles'" in source


def test_follow_launch_remaps_cmd_vel():
    assert _declared_arguments(FOLLOW) == POSE_ARGUMENTS | {
        'cmd_vel_topic', 'camera_info_topic', 'enabled'}
    source = FOLLOW.read_text()
    assert "'pose.launch.py'" in source and "executable='person_follower'" in source
    assert "remappings=[('cmd_vel', arg['cmd_vel_topic'])," in source


@pytest.mark.skipif(importlib.util.find_spec('launch_ros') is None,
                    reason='launch_ros exists only on a ROS install (not on PyPI)')
@pytest.mark.parametrize('path', [FITNESS, FOLLOW])
def test_launch_description_builds(path):
    spec = importlib.util.spec_from_file_location('launch_file', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription, OpaqueFunction
    entities = module.generate_launch_description().entities
    # What the nodes get is checked in test_launch_description.py.
    assert {e.name for e in entities if isinstance(e, DeclareLaunchArgument)} == \
        _declared_arguments(path)
    assert sum(isinstance(e, IncludeLaunchDescription) for e in entities) == 1
    assert sum(isinstance(e, OpaqueFunction) for e in entities) == 1


def _readme_cell(value):
    if isinstance(value, bool):
        return f'`{str(value).lower()}`'
    return f'`{value!r}`' if isinstance(value, str) else f'`{value}`'


def test_readme_lists_every_controller_parameter_with_its_default():
    readme = (LAUNCH_DIR.parents[1] / 'README.md').read_text().split('## Controllers')[1]
    for module in (joint_angles, rep_counter, person_follower):
        node = module.__name__.rsplit('.', 1)[1]
        for spec in module.PARAMETERS:
            row = f'| `{node}` | `{spec.name}` | {_readme_cell(spec.default)} |'
            assert row in readme, row
            assert spec.description in readme, spec.description
