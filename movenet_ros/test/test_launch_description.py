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
from types import SimpleNamespace

from ament_index_python.packages import get_package_share_directory
from launch_stand_ins import Context, LAUNCH_DIR, launch_entities, LOGGER, of_kind, stand_ins
from movenet_ros.node.launch_arguments import ARGUMENTS
import pytest


@pytest.fixture
def launch_file():
    """Load a launch file; its OpaqueFunction runs with the given launch configurations."""
    def load(name):
        entities = launch_entities(LAUNCH_DIR / name)
        defaults = {e.args[0]: e.kwargs['default_value']
                    for e in of_kind(entities, 'DeclareLaunchArgument')}
        (opaque,) = of_kind(entities, 'OpaqueFunction')
        load.included = of_kind(entities, 'IncludeLaunchDescription')
        return defaults, lambda **given: opaque.kwargs['function'](
            Context(dict(defaults, **given)))
    LOGGER.records.clear()
    with stand_ins():  # the launch files import launch's actions and logger when they run
        yield load


def test_pose_launch_starts_one_node_with_the_params_file_and_remappings(
        launch_file, tmp_path):
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
    params = tmp_path / 'p.yaml'
    params.write_text('/**:\n  ros__parameters:\n    min_pose_score: 0.3\n')
    (node,) = launch(image_topic='/cam/image', namespace='front', node_name='pose',
                     model_type='thunder', use_sim_time='true', params_file=str(params))
    assert (node.kwargs['name'], node.kwargs['namespace']) == ('pose', 'front')
    assert node.kwargs['parameters'] == [str(params), {'use_sim_time': True,
                                                       'model_type': 'thunder'}]
    assert node.kwargs['remappings'][0] == ('image', '/cam/image')


def test_pose_launch_lets_the_managed_node_configure_and_activate_itself(launch_file):
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
    clean = SimpleNamespace(returncode=0, process_name='movenet_lifecycle_node-1')
    (shutdown,) = on_exit(clean, SimpleNamespace(is_shutdown=False))
    assert type(shutdown).__name__ == 'Shutdown'
    assert on_exit(clean, SimpleNamespace(is_shutdown=True)) is None


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


def _params_file(tmp_path, text, name='params.yaml'):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


THUNDER = '  ros__parameters:\n    model_type: thunder\n    min_pose_score: 0.3\n'


@pytest.mark.parametrize('name', sorted(p.name for p in LAUNCH_DIR.glob('*.launch.py')))
def test_a_node_failing_on_its_own_fails_launch(launch_file, name):
    # Upstream launch returns 1 when an exception is raised inside it: a node's FATAL
    # start-up error (exit 1) raises; an exit during launch's own shutdown is launch's.
    from movenet_ros.node.launch_checks import NodeFailed
    _, launch = launch_file(name)
    failed = SimpleNamespace(returncode=1, process_name='movenet_node-1')
    for node in launch():
        on_exit = node.kwargs['on_exit']
        with pytest.raises(NodeFailed, match='movenet_node-1 exited with code 1'):
            on_exit(failed, SimpleNamespace(is_shutdown=False))
        assert on_exit(failed, SimpleNamespace(is_shutdown=True)) is None
        assert on_exit(SimpleNamespace(returncode=-2, process_name='x'),
                       SimpleNamespace(is_shutdown=True)) is None


def test_a_plain_node_exiting_cleanly_leaves_launch_to_its_other_processes(launch_file):
    _, launch = launch_file('pose.launch.py')
    (node,) = launch()
    assert node.kwargs['on_exit'](SimpleNamespace(returncode=0, process_name='m'),
                                  SimpleNamespace(is_shutdown=False)) is None


def test_an_undeclared_argument_naming_a_parameter_is_passed_on_parsed(launch_file):
    _, launch = launch_file('pose.launch.py')
    (node,) = launch(min_pose_score='0.5', num_threads='4', delegate='gpu',
                     enable_smoothing='false')
    given = node.kwargs['parameters'][1]
    assert given == {'use_sim_time': False, 'min_pose_score': 0.5, 'num_threads': 4,
                     'delegate': 'gpu', 'enable_smoothing': False}
    assert type(given['min_pose_score']) is float and type(given['num_threads']) is int
    (node,) = launch(min_pose_score='1')  # a whole number for a float, as the file takes
    assert node.kwargs['parameters'][1]['min_pose_score'] == 1.0
    assert LOGGER.records == []


@pytest.mark.parametrize('value, reason', [
    ('2.0', 'launch argument min_pose_score:=2.0: min_pose_score must be <= 1.0, got 2.0'),
    ('high', 'min_pose_score must be a float, got str'),
])
def test_an_undeclared_parameter_argument_is_checked(launch_file, value, reason):
    from movenet_ros.node.launch_checks import LaunchError
    _, launch = launch_file('pose.launch.py')
    with pytest.raises(LaunchError, match=reason):
        launch(min_pose_score=value)


def test_any_other_undeclared_argument_is_warned_about_with_the_closest_name(launch_file):
    _, launch = launch_file('pose.launch.py')
    (node,) = launch(min_pose_scor='0.5', imge_topic='/cam')
    assert node.kwargs['parameters'][1] == {'use_sim_time': False}
    assert LOGGER.records == [
        ('warning', 'launch argument imge_topic:=/cam is not an argument of pose.launch.py '
                    "and is ignored; did you mean 'image_topic'?"),
        ('warning', 'launch argument min_pose_scor:=0.5 is not an argument of pose.launch.py '
                    "and is ignored; did you mean 'min_pose_score'?")]


def test_what_other_launch_files_and_launch_itself_set_is_not_warned_about(launch_file):
    # fitness.launch.py includes pose.launch.py: its own arguments reach pose's context,
    # as do launch_ros's (PushRosNamespace, SetParameter) and launch's anonymous names.
    _, launch = launch_file('pose.launch.py')
    launch(exercise='squat', exercises_file='/e.yaml', cmd_vel_topic='/v', enabled='true',
           ros_namespace='/robot', emulate_tty='true', anon12='x')
    assert LOGGER.records == []


def test_multi_camera_refuses_a_pose_parameter_with_where_to_set_it(launch_file):
    from movenet_ros.node.launch_checks import LaunchError
    _, launch = launch_file('multi_camera.launch.py')
    with pytest.raises(LaunchError, match='min_pose_score is a parameter of the pose node, '
                                          'not a launch argument of multi_camera.launch.py: '
                                          'set it for each camera, under `parameters:`'):
        launch(min_pose_score='0.5')
    launch(one_procss='false')
    assert "did you mean 'one_process'?" in LOGGER.records[-1][1]


def test_a_params_file_for_no_node_of_this_launch_stops_it(launch_file, tmp_path):
    # `movenet_node:` names no node here: the node would run Lightning, not the Thunder
    # asked for.
    from movenet_ros.node.launch_checks import LaunchError
    _, launch = launch_file('pose.launch.py')
    wrong = _params_file(tmp_path, 'movenet_node:\n' + THUNDER)
    with pytest.raises(LaunchError) as error:
        launch(params_file=wrong)
    assert str(error.value) == (
        f'params_file {wrong}: no section applies to the node /movenet (sections: '
        'movenet_node); name the section `/**:` (every node) or `movenet:`')
    # In a namespace, `movenet:` is /movenet, which rcl does not apply to /front/movenet.
    plain = _params_file(tmp_path, 'movenet:\n' + THUNDER)
    with pytest.raises(LaunchError, match='no section applies to the node /front/movenet '
                                          r'\(sections: movenet\); .* or `movenet:` / '
                                          '`/front/movenet:`'):
        launch(params_file=plain, namespace='front')
    for key in ('/**', 'movenet', '/movenet', '/*'):
        (node,) = launch(params_file=_params_file(tmp_path, f'{key}:\n' + THUNDER))
        assert node.kwargs['parameters'][0].endswith('params.yaml')
    for key in ('/**', '/front/movenet', '/**/movenet', 'front/*', '/*/movenet'):
        launch(params_file=_params_file(tmp_path, f'{key}:\n' + THUNDER), namespace='front')
    assert LOGGER.records == []
    with pytest.raises(LaunchError, match='params_file /no/such.yaml: No such file'):
        launch(params_file='/no/such.yaml')


def test_a_section_for_another_name_beside_one_that_applies_is_warned_about(launch_file,
                                                                            tmp_path):
    _, launch = launch_file('pose.launch.py')
    path = _params_file(tmp_path, '/**:\n  ros__parameters:\n    use_sim_time: false\n'
                        'movenet_node:\n' + THUNDER +
                        'camera_driver:\n  ros__parameters:\n    fps: 30\n')
    launch(params_file=path)
    assert LOGGER.records == [('warning', (
        f"params_file {path}: section 'movenet_node' applies to no node of this launch (the "
        'pose node is /movenet), so its min_pose_score, model_type are not used; did you '
        "mean 'movenet'?"))]  # camera_driver holds none of the node's parameters


def test_multi_camera_checks_each_cameras_params_file(launch_file, tmp_path):
    from movenet_ros.node.launch_checks import LaunchError
    _, launch = launch_file('multi_camera.launch.py')
    wrong = _params_file(tmp_path, 'pose:\n' + THUNDER)
    cameras = _params_file(tmp_path, 'cameras:\n  - {namespace: front, image_topic: /f, '
                           f'params_file: {wrong}}}\n', 'cameras.yaml')
    with pytest.raises(LaunchError, match='no section applies to the node /front/movenet'):
        launch(one_process='false', cameras_file=cameras)
