# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Faults at start-up: each gives one clear message and a non-zero exit, never a traceback.

Missing, truncated, corrupt or wrong models, a bad checksum, a missing mirror, a delegate
that cannot load and a params file with wrong types.
"""

import hashlib
import os
from pathlib import Path
import re
import shutil
import subprocess

import pytest
import yaml


def _run(argv, env_changes, timeout=30):
    env = os.environ.copy()
    env.update(env_changes)
    for key in [k for k, v in env.items() if v is None]:
        del env[key]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
    return result.returncode, result.stdout + result.stderr


def test_node_without_model_exits_with_a_fix(tmp_path):
    code, output = _run([shutil.which('movenet_node'), '--ros-args', '-p', 'model_fetch:=false'],
                        {'MOVENET_MODEL_CACHE': str(tmp_path), 'MOVENET_MODEL_MIRROR': None})
    assert code == 1
    assert 'Traceback' not in output
    assert "model 'lightning'" in output
    assert 'ros2 run movenet_ros fetch_model lightning' in output
    assert 'MOVENET_MODEL_MIRROR' in output


def test_node_refuses_a_model_with_the_wrong_checksum(tmp_path):
    (tmp_path / 'movenet_singlepose_lightning_int8.tflite').write_bytes(b'not a model')
    code, output = _run([shutil.which('movenet_node'), '--ros-args', '-p', 'model_fetch:=false'],
                        {'MOVENET_MODEL_CACHE': str(tmp_path), 'MOVENET_MODEL_MIRROR': None})
    assert code == 1 and 'Traceback' not in output
    assert 'has sha256 ' in output and 'expected one of cd7cc22f' in output


def test_fetch_tool_names_the_missing_mirror(tmp_path):
    missing = tmp_path / 'no_such_mirror'
    code, output = _run([shutil.which('fetch_model'), '--no-download'],
                        {'MOVENET_MODEL_CACHE': str(tmp_path / 'cache'),
                         'MOVENET_MODEL_MIRROR': str(missing)})
    assert code == 1 and 'Traceback' not in output
    assert str(missing) in output and 'does not exist' in output
    assert 'MOVENET_MODEL_MIRROR' in output


def test_fetch_tool_copies_from_the_mirror_by_checksum(tmp_path, model_path):
    code, output = _run([shutil.which('fetch_model'), '--no-download', 'lightning'],
                        {'MOVENET_MODEL_CACHE': str(tmp_path),
                         'MOVENET_MODEL_MIRROR': str(model_path.parent)})
    assert code == 0, output
    copied = tmp_path / model_path.name
    assert copied.read_bytes() == model_path.read_bytes()


def _node(*ros_args, env=None):
    return _run([shutil.which('movenet_node'), '--ros-args', *ros_args], env or {})


def _write_params(tmp_path, values):
    path = tmp_path / 'params.yaml'
    path.write_text(yaml.safe_dump({'/**': {'ros__parameters': values}}))
    return str(path)


@pytest.mark.parametrize('case', ['truncated', 'corrupt', 'not movenet'])
def test_bad_model_files_are_named(tmp_path, model_path, not_a_pose_model, case):
    if case == 'truncated':
        path = tmp_path / 'truncated.tflite'
        path.write_bytes(model_path.read_bytes()[:100000])
        expected = f'cannot load model {path}'
    elif case == 'corrupt':
        path = tmp_path / 'corrupt.tflite'
        path.write_bytes(bytes(range(256)) * 64)
        expected = f'cannot load model {path}'
    else:
        path = not_a_pose_model
        expected = 'outputs [1, 110592]; MoveNet SinglePose outputs [1, 1, 17, 3]'
    code, output = _node('-p', f'model_path:={path}')
    assert code == 1, output
    assert expected in output and 'Traceback' not in output, output


def test_model_checksum_parameter(model_path):
    code, output = _node('-p', 'model_sha256:=' + 'ab' * 32)
    assert code == 1 and 'Traceback' not in output
    # The message names the file, what it is and what was pinned.
    actual = hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert re.search(rf'model \S*{re.escape(model_path.name)} has sha256 {actual}, '
                     rf'but model_sha256 is {"ab" * 32}', output), output


def test_delegate_that_cannot_load_without_fallback():
    code, output = _node('-p', 'delegate:=edgetpu', '-p', 'delegate_fallback:=false')
    assert code == 1 and 'Traceback' not in output
    assert 'cannot load the edgetpu delegate (libedgetpu.so.1:' in output, output


def test_params_file_with_wrong_types(tmp_path):
    code, output = _node('--params-file', _write_params(tmp_path, {'num_threads': 'two'}))
    assert code == 1 and 'Traceback' not in output
    assert 'parameter num_threads: wrong type' in output, output
    code, output = _node('--params-file', _write_params(tmp_path, {'qos_depth': 0}))
    assert code == 1 and 'Traceback' not in output
    assert 'qos_depth' in output, output


def test_missing_params_file_is_reported(tmp_path):
    code, output = _node('--params-file', str(Path(tmp_path) / 'nope.yaml'))
    assert code == 1 and 'Traceback' not in output
    assert "cannot start: failed to initialize rcl: Couldn't parse params file" in output, output
    broken = tmp_path / 'broken.yaml'
    broken.write_text('/**: {ros__parameters: {num_threads: [}')
    code, output = _node('--params-file', str(broken))
    assert code == 1 and 'Traceback' not in output and 'cannot start' in output, output
