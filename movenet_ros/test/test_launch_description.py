# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the launch files start, with which parameters and remappings.

launch and launch_ros are not on PyPI, so the launch files run here against stand-ins
that only record what they are given: the real launch files' own code decides which
nodes, names, parameters and remappings come out (launch itself is not under test).
"""

from pathlib import Path
import sys

from ament_index_python.packages import get_package_share_directory
from launch_stand_ins import LAUNCH_DIR, launch_entities, of_kind
from movenet_ros.node.launch_arguments import ARGUMENTS
import pytest


@pytest.fixture
def launch_file():
    def load(name):
        entities = launch_entities(LAUNCH_DIR / name)
        defaults = {e.args[0]: e.kwargs['default_value']
                    for e in of_kind(entities, 'DeclareLaunchArgument')}
        (opaque,) = of_kind(entities, 'OpaqueFunction')
        load.included = of_kind(entities, 'IncludeLaunchDescription')
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


def test_multi_camera_launch_serves_every_camera_from_one_process(launch_file):
    defaults, launch = launch_file('multi_camera.launch.py')
    assert defaults['one_process'] == 'true'
    (node,) = launch(use_sim_time='true')
    assert node.kwargs['executable'] == 'movenet_cameras'
    assert node.kwargs['parameters'] == [{'cameras_file': defaults['cameras_file'],
                                          'use_sim_time': True}]


def test_multi_camera_launch_starts_one_node_per_listed_camera(launch_file, tmp_path):
    defaults, launch_any = launch_file('multi_camera.launch.py')

    def launch(**given):
        return launch_any(one_process='false', **given)
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


@pytest.mark.parametrize('name', sorted(p.name for p in LAUNCH_DIR.glob('*.launch.py')))
def test_shared_arguments_are_declared_once_for_every_launch_file(name):
    # A shared argument comes from launch_arguments.ARGUMENTS, with the same default and
    # meaning in every launch file; a file declares by hand only what is its own.
    entities = launch_entities(LAUNCH_DIR / name)
    declared = of_kind(entities, 'DeclareLaunchArgument')
    for action in declared:
        if action.args[0] in ARGUMENTS:
            default, description = ARGUMENTS[action.args[0]]
            assert action.kwargs['description'] == description
            if not callable(default):
                assert action.kwargs['default_value'] == default
    source = (LAUNCH_DIR / name).read_text()
    for argument in ARGUMENTS:
        assert f"DeclareLaunchArgument('{argument}'" not in source, argument


@pytest.mark.parametrize('name', sorted(p.name for p in LAUNCH_DIR.glob('*.launch.py')))
def test_nodes_log_to_the_screen_in_colour_only_on_a_terminal(launch_file, name, tmp_path):
    # emulate_tty would make a node colour its log even in a redirected launch log.
    _, launch = launch_file(name)
    for node in launch():
        assert node.kwargs['output'] == 'screen'
        assert node.kwargs['emulate_tty'] is sys.stdout.isatty()
