# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The node's first start fetches its model; the registry decides a model's delegate.

Unit tests of model_loading, then the real node as a process: with an empty cache it
fetches the model from a mirror or from a server on 127.0.0.1 standing in for the
official host and says so; offline it stops with one line naming the fix.
"""

import os
import shutil
import subprocess

from movenet_ros.core.models import ModelError, MODELS
from movenet_ros.core.parameters import defaults
from movenet_ros.runtime.model_loading import delegate_for, model_file
import pytest
from ros_harness import start_node, stop, wait_for_output

LIGHTNING = MODELS['lightning']


def _values(**changes):
    values = defaults()
    values.update(changes)
    return values


def test_edgetpu_model_selects_its_delegate():
    notes = []
    assert delegate_for(_values(model_type='lightning_edgetpu'), notes.append) == (
        'edgetpu', False)  # no CPU fallback: the custom op runs nowhere else
    assert notes == ["model_type 'lightning_edgetpu' selects the edgetpu delegate "
                     '(model registry)']
    assert delegate_for(_values(model_type='lightning_edgetpu', delegate='edgetpu')) == (
        'edgetpu', False)


def test_edgetpu_model_with_another_delegate_names_the_parameter():
    with pytest.raises(ModelError) as info:
        delegate_for(_values(model_type='lightning_edgetpu', delegate='gpu'))
    assert "delegate is 'gpu': set delegate: edgetpu" in str(info.value)


def test_cpu_model_on_the_edgetpu_delegate_names_the_model_to_use():
    notes = []
    assert delegate_for(_values(delegate='edgetpu'), notes.append) == ('edgetpu', True)
    assert 'Set model_type: lightning_edgetpu' in notes[0]
    assert delegate_for(_values(delegate='gpu', delegate_fallback=False)) == ('gpu', False)


def test_model_file_copies_from_the_mirror_into_the_cache(tmp_path, monkeypatch, model_path):
    monkeypatch.setenv('MOVENET_MODEL_MIRROR', str(model_path.parent))
    notes = []
    path = model_file(_values(model_cache_dir=str(tmp_path)), notes.append)
    assert path == tmp_path / LIGHTNING.filename
    size_mb = f'{model_path.stat().st_size / 1e6:.1f} MB'
    assert notes == [f"model 'lightning': fetched {LIGHTNING.filename} from "
                     f'{model_path.parent / LIGHTNING.filename} ({size_mb}, sha256 verified) '
                     f'into {tmp_path}']


def test_model_file_without_fetch_uses_the_mirror_in_place(tmp_path, monkeypatch, model_path):
    monkeypatch.setenv('MOVENET_MODEL_MIRROR', str(model_path.parent))
    notes = []
    path = model_file(_values(model_cache_dir=str(tmp_path), model_fetch=False), notes.append)
    assert path == model_path.parent / LIGHTNING.filename and notes == []
    assert list(tmp_path.iterdir()) == []


def test_model_file_with_a_read_only_cache_uses_the_mirror(tmp_path, monkeypatch, model_path):
    monkeypatch.setenv('MOVENET_MODEL_MIRROR', str(model_path.parent))
    blocker = tmp_path / 'file'
    blocker.write_text('not a folder')  # the cache cannot be created below a file
    path = model_file(_values(model_cache_dir=str(blocker / 'cache')))
    assert path == model_path.parent / LIGHTNING.filename


def test_model_file_fetches_a_missing_model_and_says_so(tmp_path, monkeypatch, model_path,
                                                        model_server):
    base, put = model_server
    put(LIGHTNING.urls[0], model_path.read_bytes())
    monkeypatch.setenv('MOVENET_MODEL_BASE_URL', base)
    monkeypatch.delenv('MOVENET_MODEL_MIRROR', raising=False)
    notes = []
    path = model_file(_values(model_cache_dir=str(tmp_path)), notes.append)
    assert path == tmp_path / LIGHTNING.filename
    size_mb = f'{model_path.stat().st_size / 1e6:.1f} MB'
    assert notes == [f"model 'lightning': fetched {LIGHTNING.filename} from "
                     f'{base}/google/lite-model/movenet/singlepose/lightning/tflite/int8/4'
                     f'?lite-format=tflite ({size_mb}, sha256 verified) into {tmp_path}']
    notes.clear()
    assert model_file(_values(model_cache_dir=str(tmp_path)), notes.append) == path
    assert notes == []  # in the cache now: nothing to say


def test_model_file_without_fetch_never_copies(tmp_path, monkeypatch, model_path):
    monkeypatch.setenv('MOVENET_MODEL_MIRROR', str(tmp_path / 'empty'))
    with pytest.raises(ModelError) as info:
        model_file(_values(model_cache_dir=str(tmp_path / 'cache'), model_fetch=False))
    assert '`ros2 run movenet_ros fetch_model lightning`' in str(info.value)
    assert not (tmp_path / 'cache').exists()


def _fresh_install_env(tmp_path, **extra):
    """Environment of a user's first start: empty cache, no mirror (as on a ROS install)."""
    env = {'MOVENET_MODEL_CACHE': str(tmp_path / 'cache'), 'MOVENET_MODEL_MIRROR': ''}
    env.update(extra)
    return env


def test_first_start_fetches_the_model_from_the_official_url(tmp_path, model_server,
                                                             model_path):
    base, put = model_server
    put(LIGHTNING.urls[0], model_path.read_bytes())
    process = start_node('-r', '__ns:=/first', image_topic='/first/camera',
                         env=_fresh_install_env(tmp_path, MOVENET_MODEL_BASE_URL=base))
    try:
        wait_for_output(process, 'listening on /first/camera', timeout=60.0)
    finally:
        output = stop(process)
    size_mb = f'{model_path.stat().st_size / 1e6:.1f} MB'
    assert (f'fetched {LIGHTNING.filename} from {base}/google/lite-model/movenet/singlepose/'
            f'lightning/tflite/int8/4?lite-format=tflite ({size_mb}, sha256 verified)') in output
    assert (tmp_path / 'cache' / LIGHTNING.filename).read_bytes() == model_path.read_bytes()


def test_first_start_offline_names_the_fetch_command_and_the_mirror(tmp_path):
    env = dict(os.environ, **_fresh_install_env(
        tmp_path, MOVENET_MODEL_BASE_URL='http://127.0.0.1:9'))  # nothing listens there
    result = subprocess.run([shutil.which('movenet_node'), '--ros-args', '-p',
                             'model_type:=thunder'], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 1
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if line.startswith('[FATAL]')]
    assert len(lines) == 1, result.stderr
    assert '`ros2 run movenet_ros fetch_model thunder`' in lines[0]
    assert 'MOVENET_MODEL_MIRROR' in lines[0]
    assert 'Traceback' not in result.stderr


def test_edgetpu_model_without_the_runtime_says_what_to_install_or_set(tmp_path):
    result = subprocess.run([shutil.which('movenet_node'), '--ros-args', '-p',
                             'model_type:=lightning_edgetpu'], capture_output=True, text=True,
                            timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and 'Traceback' not in output
    assert "model_type 'lightning_edgetpu' needs the edgetpu delegate" in output
    assert 'libedgetpu.so.1' in output and 'model_type: lightning' in output
