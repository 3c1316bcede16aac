# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Every registry model can be obtained, and nothing unverified is loaded.

A server on 127.0.0.1 stands in for the official hosts (MOVENET_MODEL_BASE_URL): files
whose checksum the registry knows are kept, official files it does not know are refused
with their sha256 printed until pinned, and cached files are readable by everyone (0644).
"""

import hashlib
import os
import shutil
import stat
import subprocess

from movenet_ros.core import models
from movenet_ros.core.models import ModelError, MODELS, ModelSpec, official_url
from movenet_ros.runtime.model_cache import find_model, obtain_model
import pytest

GOOD = b'fake movenet model\n'
GOOD_SHA = 'e8d6fd5bde0f9143ec8263be4d0b4c1f02e7fe6d835e227e9eef512f2b689799'
OFFICIAL = b'an official file nobody verified yet\n'
OFFICIAL_SHA = hashlib.sha256(OFFICIAL).hexdigest()
KNOWN_URL = 'https://tfhub.dev/google/lite-model/movenet/fake/int8/4?lite-format=tflite'
UNPINNED_URL = 'https://tfhub.dev/google/lite-model/movenet/fake/float16/4?lite-format=tflite'


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    monkeypatch.setenv('MOVENET_MODEL_CACHE', str(tmp_path / 'cache'))
    monkeypatch.delenv('MOVENET_MODEL_MIRROR', raising=False)


@pytest.fixture
def official(monkeypatch, model_server):
    """Registry entries 'known' and 'unpinned', served from this host."""
    base, put = model_server
    monkeypatch.setenv('MOVENET_MODEL_BASE_URL', base)
    monkeypatch.setitem(models.MODELS, 'known', ModelSpec(
        'known', 'known.tflite', (GOOD_SHA,), urls=(KNOWN_URL,)))
    monkeypatch.setitem(models.MODELS, 'unpinned', ModelSpec(
        'unpinned', 'unpinned.tflite', (), unpinned_urls=(UNPINNED_URL,)))
    return base, put


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_base_url_replaces_scheme_and_host(monkeypatch):
    monkeypatch.delenv('MOVENET_MODEL_BASE_URL', raising=False)
    assert official_url(KNOWN_URL) == KNOWN_URL
    monkeypatch.setenv('MOVENET_MODEL_BASE_URL', 'http://127.0.0.1:8000/')
    assert official_url(KNOWN_URL) == ('http://127.0.0.1:8000/google/lite-model/movenet/fake/'
                                       'int8/4?lite-format=tflite')


def test_every_registry_model_has_a_source_besides_a_mirror_or_says_why():
    no_download = [s.name for s in MODELS.values() if not (s.urls or s.unpinned_urls)]
    assert no_download == ['multipose_256'], 'only the fixed-size conversion is mirror-only'
    for spec in MODELS.values():  # a name without any checksum must have a URL to pin
        assert spec.sha256s or spec.unpinned_urls, spec.name


def test_known_official_file_is_downloaded_with_source_and_size(tmp_path, official):
    base, put = official
    put(KNOWN_URL, GOOD)
    fetched = obtain_model('known')
    assert fetched.path == tmp_path / 'cache' / 'known.tflite'
    assert fetched.path.read_bytes() == GOOD
    assert fetched.source == official_url(KNOWN_URL) and fetched.source.startswith(base)
    assert fetched.size == len(GOOD)
    assert _mode(fetched.path) == 0o644


def test_a_known_url_serving_another_file_is_not_kept(tmp_path, official):
    _, put = official
    put(KNOWN_URL, OFFICIAL)
    with pytest.raises(ModelError) as info:
        obtain_model('known')
    assert f'has sha256 {OFFICIAL_SHA}, expected one of {GOOD_SHA} (not kept)' in str(info.value)
    assert list((tmp_path / 'cache').iterdir()) == []


def test_unpinned_official_file_is_refused_with_its_checksum(tmp_path, official):
    _, put = official
    put(UNPINNED_URL, OFFICIAL)
    with pytest.raises(ModelError) as info:
        obtain_model('unpinned')
    message = str(info.value)
    assert f'has sha256 {OFFICIAL_SHA}, which the registry does not know' in message
    assert f'ros2 run movenet_ros fetch_model unpinned --sha256 {OFFICIAL_SHA}' in message
    assert f'model_sha256: {OFFICIAL_SHA}' in message
    assert list((tmp_path / 'cache').iterdir()) == []  # nothing unverified is kept


def test_pinned_download_is_kept_and_the_pin_recorded(tmp_path, official):
    _, put = official
    put(UNPINNED_URL, OFFICIAL)
    path = obtain_model('unpinned', pinned=OFFICIAL_SHA.upper(), record_pin=True).path
    assert path.read_bytes() == OFFICIAL
    pin = tmp_path / 'cache' / 'unpinned.tflite.sha256'
    assert pin.read_text() == f'{OFFICIAL_SHA}  unpinned.tflite\n'  # sha256sum's format
    assert _mode(path) == _mode(pin) == 0o644
    # From now on the cache alone vouches for it, with no network and no parameter.
    put(UNPINNED_URL, b'changed upstream\n')
    assert find_model('unpinned') == path


def test_a_pin_given_as_model_sha256_accepts_only_that_file(tmp_path, official):
    _, put = official
    put(UNPINNED_URL, OFFICIAL)
    with pytest.raises(ModelError, match='which the registry does not know'):
        obtain_model('unpinned', pinned=GOOD_SHA)  # pinned to another file
    path = obtain_model('unpinned', pinned=OFFICIAL_SHA).path  # pinned without recording
    assert not (tmp_path / 'cache' / 'unpinned.tflite.sha256').exists()
    assert find_model('unpinned', pinned=OFFICIAL_SHA) == path
    with pytest.raises(ModelError, match='none pinned'):
        find_model('unpinned')


def test_mirror_copy_is_readable_by_everyone(tmp_path, official):
    mirror = tmp_path / 'mirror'
    mirror.mkdir()
    (mirror / 'known.tflite').write_bytes(GOOD)
    fetched = obtain_model('known', mirror_dir=mirror, allow_download=False)
    assert fetched.source == str(mirror / 'known.tflite')
    assert _mode(fetched.path) == 0o644


def _tool(*args, env):
    environment = dict(os.environ, **env)
    environment.pop('MOVENET_MODEL_MIRROR', None)
    return subprocess.run([shutil.which('fetch_model'), *args], capture_output=True, text=True,
                          env=environment, timeout=60)


def test_fetch_tool_prints_the_checksum_then_keeps_the_pinned_file(tmp_path, model_server):
    # The real registry entry thunder_int8 (official file, checksum not in the registry).
    base, put = model_server
    spec = MODELS['thunder_int8']
    put(spec.unpinned_urls[0], OFFICIAL)
    env = {'MOVENET_MODEL_BASE_URL': base, 'MOVENET_MODEL_CACHE': str(tmp_path / 'cache')}
    refused = _tool('thunder_int8', env=env)
    assert refused.returncode == 1, refused.stderr
    assert OFFICIAL_SHA in refused.stderr and 'Traceback' not in refused.stderr
    assert f'fetch_model thunder_int8 --sha256 {OFFICIAL_SHA}' in refused.stderr
    assert not (tmp_path / 'cache' / spec.filename).exists()
    pinned = _tool('thunder_int8', '--sha256', OFFICIAL_SHA, env=env)
    assert pinned.returncode == 0, pinned.stderr
    cached = tmp_path / 'cache' / spec.filename
    assert f'thunder_int8: {cached} (from {base}/google/' in pinned.stdout
    assert cached.read_bytes() == OFFICIAL
    again = _tool('thunder_int8', '--no-download', env=env)  # the recorded pin vouches
    assert again.returncode == 0 and again.stdout.strip() == f'thunder_int8: {cached}'


def test_a_pinned_file_comes_from_a_mirror_with_its_pin(tmp_path, official):
    # The mirror carries files only; the robot pins the checksum itself.
    mirror = tmp_path / 'mirror'
    mirror.mkdir()
    (mirror / 'unpinned.tflite').write_bytes(OFFICIAL)
    with pytest.raises(ModelError, match='none pinned'):
        obtain_model('unpinned', mirror_dir=mirror, allow_download=False)
    path = obtain_model('unpinned', mirror_dir=mirror, allow_download=False,
                        pinned=OFFICIAL_SHA, record_pin=True).path
    assert path.read_bytes() == OFFICIAL
    assert (tmp_path / 'cache' / 'unpinned.tflite.sha256').is_file()


def test_a_pin_is_recorded_only_for_the_file_it_matches(tmp_path, official):
    _, put = official
    put(KNOWN_URL, GOOD)
    other = hashlib.sha256(b'something else').hexdigest()
    obtain_model('known', pinned=other, record_pin=True)  # the registry's file is kept
    assert not (tmp_path / 'cache' / 'known.tflite.sha256').exists()


def test_fetch_tool_refuses_a_malformed_checksum(tmp_path):
    result = _tool('thunder_int8', '--sha256', 'abc', env={'MOVENET_MODEL_CACHE': str(tmp_path)})
    assert result.returncode == 2 and "'abc' is not a sha256 (64 hex digits)" in result.stderr
