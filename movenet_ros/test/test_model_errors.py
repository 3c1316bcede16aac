# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""A missing model, a bad checksum or a missing mirror: one clear message, no traceback."""

import os
import shutil
import subprocess


def _run(argv, env_changes, timeout=30):
    env = os.environ.copy()
    env.update(env_changes)
    for key in [k for k, v in env.items() if v is None]:
        del env[key]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
    return result.returncode, result.stdout + result.stderr


def test_node_without_model_exits_with_a_fix(tmp_path):
    code, output = _run([shutil.which('movenet_node')],
                        {'MOVENET_MODEL_CACHE': str(tmp_path), 'MOVENET_MODEL_MIRROR': None})
    assert code == 1
    assert 'Traceback' not in output
    assert "model 'lightning'" in output and 'movenet-fetch-model lightning' in output


def test_node_refuses_a_model_with_the_wrong_checksum(tmp_path):
    (tmp_path / 'movenet_singlepose_lightning_int8.tflite').write_bytes(b'not a model')
    code, output = _run([shutil.which('movenet_node')],
                        {'MOVENET_MODEL_CACHE': str(tmp_path), 'MOVENET_MODEL_MIRROR': None})
    assert code == 1 and 'Traceback' not in output
    assert 'has sha256 ' in output and 'expected one of cd7cc22f' in output


def test_fetch_tool_names_the_missing_mirror(tmp_path):
    missing = tmp_path / 'no_such_mirror'
    code, output = _run([shutil.which('movenet-fetch-model'), '--no-download'],
                        {'MOVENET_MODEL_CACHE': str(tmp_path / 'cache'),
                         'MOVENET_MODEL_MIRROR': str(missing)})
    assert code == 1 and 'Traceback' not in output
    assert str(missing) in output and 'does not exist' in output
    assert 'MOVENET_MODEL_MIRROR' in output


def test_fetch_tool_copies_from_the_mirror_by_checksum(tmp_path, model_path):
    code, output = _run([shutil.which('movenet-fetch-model'), '--no-download', 'lightning'],
                        {'MOVENET_MODEL_CACHE': str(tmp_path),
                         'MOVENET_MODEL_MIRROR': str(model_path.parent)})
    assert code == 0, output
    copied = tmp_path / model_path.name
    assert copied.read_bytes() == model_path.read_bytes()
