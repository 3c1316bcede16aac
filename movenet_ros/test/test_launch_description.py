# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the launch files start, with which parameters and remappings.

launch and launch_ros are not on PyPI, so the launch files run here against stand-ins
that only record what they are given: the real launch files' own code decides which
nodes, names, parameters and remappings come out (launch itself is not under test).
"""

import importlib.util
from pathlib import Path
import sys
import types

from ament_index_python.packages import get_package_share_directory
import pytest

LAUNCH_DIR = Path(__file__).resolve().parents[1] / 'launch'


class Recorded:
    """Any launch entity: remembers its arguments."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


def _kind(name):
    return type(name, (Recorded,), {})


class LaunchConfiguration:

    def __init__(self, name):
        self.name = name

    def perform(self, context):
        return context[self.name]


def _stand_ins():
    modules = {}
    for module, names in {
            'launch': ['LaunchDescription'],
            'launch.actions': ['DeclareLaunchArgument', 'EmitEvent', 'IncludeLaunchDescription',
                               'OpaqueFunction', 'RegisterEventHandler', 'Shutdown'],
            'launch.launch_description_sources': ['PythonLaunchDescriptionSource'],
            'launch.events': ['matches_action'],
            'launch.substitutions': [],
            'launch_ros': [],
            'launch_ros.actions': ['LifecycleNode', 'Node'],
            'launch_ros.event_handlers': ['OnStateTransition'],
            'launch_ros.events': [],
            'launch_ros.events.lifecycle': ['ChangeState']}.items():
        modules[module] = types.ModuleType(module)
        for name in names:
            setattr(modules[module], name, _kind(name))
    modules['launch.substitutions'].LaunchConfiguration = LaunchConfiguration
    return modules


@pytest.fixture
def launch_file(monkeypatch):
    for name, module in _stand_ins().items():
        monkeypatch.setitem(sys.modules, name, module)

    def load(name):
        spec = importlib.util.spec_from_file_location(name.replace('.', '_'), LAUNCH_DIR / name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        description = module.generate_launch_description()
        (entities,) = description.args
        defaults = {e.args[0]: e.kwargs['default_value'] for e in entities
                    if type(e).__name__ == 'DeclareLaunchArgument'}
        (opaque,) = [e for e in entities if type(e).__name__ == 'OpaqueFunction']
        load.included = [e for e in entities if type(e).__name__ == 'IncludeLaunchDescription']
        return defaults, lambda **given: opaque.kwargs['function'](dict(defaults, **given))
    return load


def test_pose_launch_starts_one_node_with_the_params_file_and_remappings(launch_file):
    defaults, launch = launch_file('pose.launch.py')
    share = get_package_share_directory('movenet_ros')
    assert defaults['params_file'] == str(Path(share) / 'config' / 'movenet.yaml')
    (node,) = launch()
    assert type(node).__name__ == 'Node'
    assert node.kwargs['executable'] == 'movenet_node'
    assert (node.kwargs['package'], node.kwargs['name'], node.kwargs['namespace']) == (
        'movenet_ros', 'movenet', '')
    assert node.kwargs['parameters'] == [defaults['params_file'], {'use_sim_time': False}]
    assert node.kwargs['remappings'] == [('image', '/image_raw'), ('depth/image', 'depth/image'),
                                         ('depth/camera_info', 'depth/camera_info')]
    (node,) = launch(image_topic='/cam/image', namespace='front', node_name='pose',
                     model_type='thunder', use_sim_time='true', params_file='/p.yaml')
    assert (node.kwargs['name'], node.kwargs['namespace']) == ('pose', 'front')
    assert node.kwargs['parameters'] == ['/p.yaml', {'use_sim_time': True,
                                                     'model_type': 'thunder'}]
    assert node.kwargs['remappings'][0] == ('image', '/cam/image')


def test_pose_launch_lets_the_managed_node_configure_and_activate_itself(launch_file):
    from types import SimpleNamespace
    _, launch = launch_file('pose.launch.py')
    (node,) = launch(lifecycle='true')  # no launch events: the node's autostart parameter
    assert type(node).__name__ == 'LifecycleNode'
    assert node.kwargs['executable'] == 'movenet_lifecycle_node'
    assert node.kwargs['parameters'][-1] == {'autostart': True}
    (node,) = launch(lifecycle='true', autostart='false')
    assert node.kwargs['parameters'][-1] == {'autostart': False}
    # The node exiting on its own shuts launch down; while launch is already shutting
    # down (Ctrl-C) a second Shutdown would stop launch_ros's ROS adapter twice.
    on_exit = node.kwargs['on_exit']
    (shutdown,) = on_exit(None, SimpleNamespace(is_shutdown=False))
    assert type(shutdown).__name__ == 'Shutdown'
    assert on_exit(None, SimpleNamespace(is_shutdown=True)) is None


def test_multi_camera_launch_starts_one_node_per_listed_camera(launch_file, tmp_path):
    defaults, launch = launch_file('multi_camera.launch.py')
    nodes = launch()
    import yaml
    cameras = yaml.safe_load(Path(defaults['cameras_file']).read_text())['cameras']
    assert [n.kwargs['namespace'] for n in nodes] == [c['namespace'] for c in cameras]
    for node, camera in zip(nodes, cameras):
        assert node.kwargs['executable'] == 'movenet_node'
        assert node.kwargs['remappings'] == [('image', camera['image_topic'])]
        assert node.kwargs['parameters'][1] == dict(camera.get('parameters') or {},
                                                    use_sim_time=False)
    empty = tmp_path / 'none.yaml'
    empty.write_text('cameras: []\n')
    with pytest.raises(RuntimeError, match='lists no cameras'):
        launch(cameras_file=str(empty))
    partial = tmp_path / 'partial.yaml'
    partial.write_text('cameras: [{namespace: a}]\n')
    with pytest.raises(RuntimeError, match='camera 0 in .* lacks image_topic'):
        launch(cameras_file=str(partial))


def _includes_pose_launch(launch_file, names):
    (include,) = launch_file.included
    (source,) = include.args
    assert source.args[0] == str(Path(get_package_share_directory('movenet_ros'))
                                 / 'launch' / 'pose.launch.py')
    passed = dict(include.kwargs['launch_arguments'])
    assert set(passed) == set(names)
    assert all(value.name == name for name, value in passed.items())  # passed through


def test_fitness_launch_starts_the_pose_node_and_both_fitness_nodes(launch_file):
    defaults, launch = launch_file('fitness.launch.py')
    _includes_pose_launch(launch_file, ('params_file', 'image_topic', 'namespace',
                                        'model_type', 'use_sim_time'))
    reps, angles = launch(namespace='gym', exercise='lunge', use_sim_time='true')
    assert (reps.kwargs['executable'], angles.kwargs['executable']) == (
        'rep_counter', 'joint_angles')
    assert reps.kwargs['namespace'] == angles.kwargs['namespace'] == 'gym'
    assert reps.kwargs['parameters'] == [{'exercise': 'lunge', 'use_sim_time': True,
                                          'exercises_file': defaults['exercises_file']}]
    assert angles.kwargs['parameters'] == [{'use_sim_time': True}]


def test_follow_launch_remaps_cmd_vel(launch_file):
    _, launch = launch_file('follow.launch.py')
    _includes_pose_launch(launch_file, ('params_file', 'image_topic', 'namespace',
                                        'model_type', 'use_sim_time'))
    (follower,) = launch(cmd_vel_topic='/robot/cmd_vel', enabled='false')
    assert follower.kwargs['executable'] == 'person_follower'
    assert follower.kwargs['remappings'] == [('cmd_vel', '/robot/cmd_vel'),
                                             ('camera_info', 'camera_info')]
    assert follower.kwargs['parameters'] == [{'enabled': False, 'use_sim_time': False}]
