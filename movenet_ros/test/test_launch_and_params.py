# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The launch file and the params file parse and agree with what the node declares.

launch_ros is not on PyPI, so the launch files are built against stand-ins here; on a ROS
install where launch_ros imports, the launch description is also built.
"""

import importlib.util
from pathlib import Path

from movenet_ros.node.launch_arguments import parameter_overrides
from movenet_ros.node.nodes import MoveNetNode
from movenet_ros.node.parameters import PARAMETERS, PARAMETERS_BY_NAME
from movenet_ros.ros.settings import ParameterError
import pytest
import rclpy
from rclpy.parameter import Parameter
from ros_harness import declared_launch_arguments
import yaml

PACKAGE_DIR = Path(__file__).resolve().parents[1]
LAUNCH_FILE = PACKAGE_DIR / 'launch' / 'pose.launch.py'
MULTI_CAMERA_FILE = PACKAGE_DIR / 'launch' / 'multi_camera.launch.py'
PARAMS_FILE = PACKAGE_DIR / 'config' / 'movenet.yaml'


def _yaml_parameters():
    document = yaml.safe_load(PARAMS_FILE.read_text())
    assert list(document) == ['/**'], 'parameters apply to the node under any name'
    return document['/**']['ros__parameters']


def test_launch_files_declare_their_arguments():
    assert declared_launch_arguments(LAUNCH_FILE) == {
        'params_file', 'image_topic', 'namespace', 'node_name', 'model_type', 'use_sim_time',
        'lifecycle', 'autostart', 'depth_image_topic', 'depth_info_topic', 'input_transport',
        'qos_reliability'}
    assert declared_launch_arguments(MULTI_CAMERA_FILE) == {'cameras_file', 'use_sim_time',
                                                            'one_process'}
    source = LAUNCH_FILE.read_text()
    assert "executable='movenet_node'" in source
    assert "executable='movenet_lifecycle_node'" in source
    assert "'remappings': [('image', arg['image_topic'])," in source
    assert "('depth/camera_info', arg['depth_info_topic'])]" in source


def test_launch_arguments_override_parameters_only_when_given():
    given = {'use_sim_time': 'false', 'model_type': '', 'input_transport': '',
             'qos_reliability': ''}
    assert parameter_overrides(given) == {'use_sim_time': False}  # the params file decides
    given.update(use_sim_time='true', model_type='thunder', input_transport='compressed',
                 qos_reliability='reliable')
    assert parameter_overrides(given) == {
        'use_sim_time': True, 'model_type': 'thunder', 'input_transport': 'compressed',
        'qos_reliability': 'reliable'}
    for name in ('model_type', 'input_transport', 'qos_reliability'):
        assert name in PARAMETERS_BY_NAME  # each one is a real node parameter


def test_cameras_file_lists_valid_cameras():
    cameras = yaml.safe_load((PACKAGE_DIR / 'config' / 'cameras.yaml').read_text())['cameras']
    assert len({c['namespace'] for c in cameras}) == len(cameras) >= 2
    for camera in cameras:
        assert camera['image_topic'].startswith('/')
        for name, value in (camera.get('parameters') or {}).items():
            assert PARAMETERS_BY_NAME[name].check(value) == '', name


@pytest.mark.skipif(importlib.util.find_spec('launch_ros') is None,
                    reason='launch_ros exists only on a ROS install (not on PyPI)')
@pytest.mark.parametrize('path', sorted(LAUNCH_FILE.parent.glob('*.launch.py')),
                         ids=lambda path: path.name)
def test_launch_description_builds(path):
    spec = importlib.util.spec_from_file_location('launch_file', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription, OpaqueFunction
    entities = module.generate_launch_description().entities
    # The real launch builds the description the source declares; what its nodes get is
    # in test_launch_description.py. The controller launch files include pose.launch.py.
    assert {e.name for e in entities if isinstance(e, DeclareLaunchArgument)} == \
        declared_launch_arguments(path)
    assert sum(isinstance(e, OpaqueFunction) for e in entities) == 1
    includes = 1 if path.name in ('fitness.launch.py', 'follow.launch.py') else 0
    assert sum(isinstance(e, IncludeLaunchDescription) for e in entities) == includes


def test_params_file_has_every_parameter_with_a_valid_value():
    values = _yaml_parameters()
    assert set(values) == {p.name for p in PARAMETERS}
    for spec in PARAMETERS:
        assert spec.check(values[spec.name]) == '', spec.name
        assert values[spec.name] == spec.default, f'{spec.name}: YAML and code defaults differ'


@pytest.fixture
def ros_context():
    context = rclpy.Context()
    rclpy.init(context=context)
    yield context
    rclpy.shutdown(context=context)


def _overrides(values):
    return [Parameter(name, value=value) for name, value in values.items()]


def test_node_declares_exactly_the_params_file_keys(ros_context):
    node = MoveNetNode(context=ros_context, parameter_overrides=_overrides(_yaml_parameters()))
    try:
        built_in = {'use_sim_time', 'start_type_description_service'}
        declared = set(node._parameters) - built_in
        assert declared == set(_yaml_parameters())
        descriptor = node.describe_parameter('min_pose_score')
        assert descriptor.floating_point_range[0].to_value == 1.0
        assert 'best_effort' in node.describe_parameter('qos_reliability').additional_constraints
    finally:
        node.close()
        node.destroy_node()


@pytest.mark.parametrize('name, value, reason', [
    ('min_pose_score', 1.5, 'min_pose_score'),
    ('delegate', 'tpu', 'delegate must be one of cpu, edgetpu, gpu, external'),
    ('num_threads', 'two', 'num_threads: wrong type'),
    ('model_type', 'giant', 'model_type must be one of'),
])
def test_invalid_start_up_values_are_refused_with_a_reason(ros_context, name, value, reason):
    with pytest.raises(ParameterError, match=reason):
        MoveNetNode(context=ros_context, parameter_overrides=_overrides({name: value}))


def test_live_parameters_are_validated(ros_context):
    node = MoveNetNode(context=ros_context)
    try:
        ok = node.set_parameters([Parameter('min_pose_score', value=0.5)])[0]
        assert ok.successful and node.pipeline.frame_path.config.min_pose_score == 0.5
        refused = node.set_parameters([Parameter('num_threads', value=4)])[0]
        assert not refused.successful
        assert 'read-only' in refused.reason or 'start-up' in refused.reason
        out_of_range = node.set_parameters([Parameter('min_keypoint_score', value=-0.1)])[0]
        assert not out_of_range.successful
    finally:
        node.close()
        node.destroy_node()
