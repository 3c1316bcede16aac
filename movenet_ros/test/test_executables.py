# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Every executable follows one naming convention and answers --help, as installed.

The names come from setup.py's console_scripts, so a new executable is checked too.
"""

import ast
import os
from pathlib import Path
import re
import shutil
import subprocess

import pytest
from ros_harness import declared_launch_arguments

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent
# Where commands are documented: the README, SECURITY.md and the pages under docs/.
DOCUMENTS = [REPO_ROOT / 'README.md', REPO_ROOT / 'SECURITY.md',
             *sorted((REPO_ROOT / 'docs').glob('*.md'))]


def _console_scripts():
    tree = ast.parse((PACKAGE_DIR / 'setup.py').read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if getattr(key, 'value', None) == 'console_scripts':
                    return [ast.literal_eval(v).split('=')[0].strip() for v in value.elts]
    raise AssertionError('setup.py has no console_scripts')


EXECUTABLES = _console_scripts()


def test_executables_are_snake_case():
    assert {'movenet_node', 'movenet_lifecycle_node', 'fetch_model', 'movenet_pose',
            'video_publisher', 'pose_monitor'} <= set(EXECUTABLES)
    for name in EXECUTABLES:
        assert re.fullmatch(r'[a-z][a-z0-9_]*', name), name


@pytest.mark.parametrize('name', EXECUTABLES)
def test_help_prints_usage_and_exits(name):
    path = shutil.which(name)
    assert path, f'{name} is not installed: colcon build'
    result = subprocess.run([path, '--help'], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert 'Traceback' not in result.stderr
    # As the README runs them, whether argparse or the nodes' own help prints it.
    assert result.stdout.startswith(f'usage: ros2 run movenet_ros {name} '), result.stdout


def test_movenet_pose_help_says_what_each_input_can_give():
    result = subprocess.run([shutil.which('movenet_pose'), '--help'], capture_output=True,
                            text=True, timeout=60)
    text = ' '.join(result.stdout.split())  # as one line, whatever the terminal's width
    # docs/bags.md: an .mcap output and --copy-input take videos and images as well as bags.
    assert "or an .mcap file: the poses on the node's topics, for Foxglove (from any " \
        'input)' in text
    assert "--copy-input with an .mcap --output: also write the input into it (a bag's " \
        "image topic unchanged, a video's or images' frames as JPEG on " \
        '/camera/image_raw/compressed)' in text
    assert 'for an image input to this image' in text
    assert 'needs the mcap libraries (pip install mcap mcap-ros2-support)' in text
    assert 'bag to .mcap' not in text and 'for a bag, .mcap' not in text


def test_no_document_or_script_names_an_old_executable():
    old = re.compile(r'movenet-(pose|fetch-model)\b')
    checked = [*DOCUMENTS, REPO_ROOT / 'Makefile',
               *sorted((REPO_ROOT / 'scripts').iterdir()),
               *sorted((PACKAGE_DIR / 'movenet_ros').rglob('*.py')),
               *sorted((PACKAGE_DIR / 'config').iterdir()),
               *sorted((PACKAGE_DIR / 'launch').iterdir())]
    for path in checked:
        if path.is_file():
            assert not old.search(path.read_text()), f'{path} names an old executable'


def test_commands_in_messages_are_ros2_run_commands():
    from movenet_ros.core.models import fix_hint
    assert '`ros2 run movenet_ros fetch_model thunder`' in fix_hint('thunder')
    assert 'fetch_model' in EXECUTABLES


def test_documented_commands_name_real_executables_and_launch_arguments():
    # A shell line continued with a backslash is one command.
    text = '\n'.join(path.read_text() for path in DOCUMENTS).replace('\\\n', ' ')
    runs = set(re.findall(r'ros2 run movenet_ros (\w+)', text)) - {'NAME'}  # placeholder
    assert runs and runs <= set(EXECUTABLES), runs - set(EXECUTABLES)
    launches = re.findall(r'ros2 launch movenet_ros ([\w.]+\.launch\.py)([^`\n]*)', text)
    assert {'pose.launch.py', 'multi_camera.launch.py', 'fitness.launch.py',
            'follow.launch.py'} <= {name for name, _ in launches}
    for name, line in launches:
        path = PACKAGE_DIR / 'launch' / name
        assert path.is_file(), f'no launch file {name}'
        declared = declared_launch_arguments(path)
        for argument in re.findall(r'(\w+):=', line.split('#')[0]):
            assert argument in declared, f'{argument} in: ros2 launch movenet_ros {name}{line}'


def _video_publisher(*args):
    return subprocess.run([shutil.which('video_publisher'), *args], capture_output=True,
                          text=True, timeout=60)


def test_video_publisher_without_a_video_says_how_to_give_one():
    result = _video_publisher()
    assert result.returncode == 1
    assert 'Assertion failed' not in result.stderr and 'Traceback' not in result.stderr
    assert 'no video given: name the file (video_publisher FILE) or set the video ' \
        'parameter (--ros-args -p video:=FILE)' in result.stderr


def test_video_publisher_takes_the_file_as_its_argument(tmp_path):
    # The form a newcomer types first; the file named is the one opened (it does not exist).
    missing = tmp_path / 'missing.mp4'
    result = _video_publisher(str(missing), '--ros-args', '-r', 'image:=/unused')
    assert result.returncode == 1
    assert f"cannot open video '{missing}'" in result.stderr
    # A parameter given explicitly wins over the argument.
    result = _video_publisher(str(missing), '--ros-args', '-p', 'video:=/other.mp4')
    assert "cannot open video '/other.mp4'" in result.stderr
    result = _video_publisher('a.mp4', 'b.mp4')
    assert result.returncode == 1 and 'one video at a time, got 2: a.mp4 b.mp4' in result.stderr


def test_video_publisher_refuses_a_history_depth_below_one():
    result = _video_publisher('a.mp4', '--ros-args', '-p', 'depth:=0', '-r', 'image:=/unused')
    assert result.returncode == 1
    assert 'depth must be 1 or more (frames kept for late readers), got 0' in result.stderr


def test_a_redirected_log_has_no_colour_codes():
    # What a launch without emulate_tty gives the node: a pipe, so rcutils writes plain text.
    # Forcing colours shows the check can see them.
    env = {k: v for k, v in os.environ.items() if k != 'RCUTILS_COLORIZED_OUTPUT'}
    argv = [shutil.which('movenet_node'), '--ros-args', '-p', 'num_threads:=0']
    plain = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    forced = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                            env=dict(env, RCUTILS_COLORIZED_OUTPUT='1'))
    assert plain.returncode == forced.returncode == 1
    assert '[FATAL]' in plain.stderr and '\x1b[' not in plain.stderr
    assert '\x1b[' in forced.stderr
