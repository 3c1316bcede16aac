# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The package as colcon installs it on a ROS install without the mcap libraries.

The README's steps install no mcap: every executable must still answer --help and
movenet_pose turn a video into JSON Lines, while a bag in or an .mcap out names what to
install in one line. mcap is hidden from the processes by without_mcap/sitecustomize.py.
"""

import json
import os
from pathlib import Path
import shutil
import subprocess
import sys

import cv2
import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1]
HIDE_MCAP = Path(__file__).resolve().parent / 'without_mcap'
INSTALL_LINE = 'install them with: pip install mcap mcap-ros2-support'


@pytest.fixture(scope='module')
def install(tmp_path_factory):
    """Return movenet_ros's prefix, built by colcon (copies, no symlinks) into a new base."""
    colcon = shutil.which('colcon')
    assert colcon, 'colcon is not installed'
    base = tmp_path_factory.mktemp('colcon')
    result = subprocess.run(
        [colcon, '--log-base', str(base / 'log'), 'build', '--base-paths', str(PACKAGE_DIR),
         '--build-base', str(base / 'build'), '--install-base', str(base / 'install')],
        cwd=base, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return base / 'install' / 'movenet_ros'


def _environment(install):
    """Return the caller's ROS environment with this install first and mcap hidden."""
    (site,) = (install / 'lib').glob('python3*/site-packages')
    env = dict(os.environ)
    for name, first in (('PYTHONPATH', [HIDE_MCAP, site]), ('AMENT_PREFIX_PATH', [install])):
        entries = [str(path) for path in first] + env.get(name, '').split(os.pathsep)
        env[name] = os.pathsep.join(entry for entry in entries if entry)
    return env


def _run(install, executable, *args):
    return subprocess.run([str(install / 'lib' / 'movenet_ros' / executable), *args],
                          env=_environment(install), cwd=install, capture_output=True,
                          text=True, timeout=120)


def test_the_processes_see_this_build_and_no_mcap(install):
    probe = subprocess.run(
        [sys.executable, '-c', 'import movenet_ros\nprint(movenet_ros.__file__)\n'
         'try:\n    import mcap_ros2.writer\nexcept ImportError:\n    print("no mcap")'],
        env=_environment(install), cwd=install, capture_output=True, text=True, timeout=60)
    assert probe.stdout.splitlines() == [
        str(next(install.glob('lib/python3*/site-packages')) / 'movenet_ros' / '__init__.py'),
        'no mcap'], probe.stderr


def test_every_executable_answers_help(install):
    executables = sorted(path.name for path in (install / 'lib' / 'movenet_ros').iterdir())
    assert {'movenet_pose', 'fetch_model', 'movenet_node'} <= set(executables)
    for name in executables:
        result = _run(install, name, '--help')
        assert result.returncode == 0 and 'Traceback' not in result.stderr, \
            f'{name}: {result.stderr}'
        assert result.stdout.startswith(f'usage: ros2 run movenet_ros {name} '), result.stdout


@pytest.fixture(scope='module')
def short_video(data_dir, tmp_path_factory):
    """Write the first ten frames of pose_1.mp4 as a video of their own."""
    capture = cv2.VideoCapture(str(data_dir / 'video' / 'pose_1.mp4'))
    path = tmp_path_factory.mktemp('video') / 'short.mp4'
    writer = None
    for _ in range(10):
        ok, pixels = capture.read()
        assert ok
        if writer is None:
            writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 30,
                                     (pixels.shape[1], pixels.shape[0]))
        writer.write(pixels)
    writer.release()
    capture.release()
    return path


def test_a_video_goes_to_json_lines(install, short_video, tmp_path):
    out = tmp_path / 'poses.jsonl'
    annotated = tmp_path / 'poses.mp4'
    result = _run(install, 'movenet_pose', str(short_video), '--output', str(out),
                  '--annotated', str(annotated))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f'10 frames -> {out}'
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r['frame'] for r in records] == list(range(10))
    assert records[-1]['poses'] and records[-1]['poses'][0]['score'] > 0.25
    video = cv2.VideoCapture(str(annotated))
    assert int(video.get(cv2.CAP_PROP_FRAME_COUNT)) == 10


def test_a_bag_in_or_an_mcap_out_says_what_to_install(install, short_video, tmp_path):
    bag_file = tmp_path / 'run.mcap'
    bag_file.write_bytes(b'\x89MCAP0\r\n')  # never opened: mcap is asked for first
    folder = tmp_path / 'run'
    folder.mkdir()
    (folder / 'metadata.yaml').write_text(
        'rosbag2_bagfile_information:\n  storage_identifier: mcap\n'
        '  relative_file_paths: [run_0.mcap]\n')
    (folder / 'run_0.mcap').write_bytes(b'\x89MCAP0\r\n')
    for source, out in ((bag_file, 'poses.jsonl'), (folder, 'poses.jsonl'),
                        (short_video, 'poses.mcap')):
        result = _run(install, 'movenet_pose', str(source), '--output', str(tmp_path / out))
        assert result.returncode == 1, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith('movenet_pose: reading or writing MCAP needs the mcap '
                               'libraries') and line.endswith(INSTALL_LINE), line
        assert not (tmp_path / out).exists()
