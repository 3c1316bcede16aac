# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""core.models and runtime.model_cache: registry, cache, mirror, checksums, offline."""

from movenet_ros.core import models
from movenet_ros.core.models import get_spec, ModelError, ModelSpec
from movenet_ros.runtime import model_cache
from movenet_ros.runtime.model_cache import fetch_model, find_model
import pytest

# sha256 of these contents, from `printf 'fake movenet model\n' | sha256sum` and likewise.
GOOD = b'fake movenet model\n'
GOOD_SHA = 'e8d6fd5bde0f9143ec8263be4d0b4c1f02e7fe6d835e227e9eef512f2b689799'
BAD = b'not the model\n'
BAD_SHA = 'aa3461f05d5697062bc2e96ee0a04bc0fee9295d30c1dc5f3db46e9b848d70ee'

FILENAME = 'fake_movenet.tflite'
# Nothing listens on the discard port of this host: a download fails at once.
DEAD_URL = 'http://127.0.0.1:9/fake_movenet.tflite'


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """Cache and mirror of this test only (env.sh points both at the project's folders)."""
    monkeypatch.setenv('MOVENET_MODEL_CACHE', str(tmp_path / 'cache'))
    monkeypatch.delenv('MOVENET_MODEL_MIRROR', raising=False)


@pytest.fixture
def fake(monkeypatch):
    """Register a model 'fake' whose only accepted file is GOOD."""
    spec = ModelSpec('fake', FILENAME, (GOOD_SHA,), urls=(DEAD_URL,))
    monkeypatch.setitem(models.MODELS, 'fake', spec)
    return spec


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to open a URL."""
    def urlopen(*args, **kwargs):
        raise AssertionError(f'unexpected download: {args}')
    monkeypatch.setattr(model_cache.urllib.request, 'urlopen', urlopen)


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_get_spec_known():
    spec = get_spec('lightning')
    assert spec.filename == 'movenet_singlepose_lightning_int8.tflite'
    assert spec.delegate == 'cpu'
    assert get_spec('lightning_edgetpu').delegate == 'edgetpu'


def test_get_spec_unknown_lists_known_names():
    with pytest.raises(ModelError) as info:
        get_spec('nope')
    message = str(info.value)
    assert "unknown model 'nope'" in message
    # sorted:
    assert ('lightning, lightning_edgetpu, lightning_f16, multipose, multipose_256, thunder'
            in message)


def test_fetch_from_mirror_into_cache(tmp_path, fake, no_network):
    cache = tmp_path / 'new' / 'cache'  # created on demand
    mirror = tmp_path / 'mirror'
    write(mirror / FILENAME, GOOD)
    path = fetch_model('fake', cache_dir=cache, mirror_dir=mirror, allow_download=False)
    assert path == cache / FILENAME
    assert path.read_bytes() == GOOD
    assert sorted(p.name for p in cache.iterdir()) == [FILENAME]  # no temporary file left


def test_fetch_from_mirror_given_by_environment(tmp_path, monkeypatch, fake, no_network):
    write(tmp_path / 'env_mirror' / FILENAME, GOOD)
    monkeypatch.setenv('MOVENET_MODEL_MIRROR', str(tmp_path / 'env_mirror'))
    monkeypatch.setenv('MOVENET_MODEL_CACHE', str(tmp_path / 'env_cache'))
    path = fetch_model('fake', allow_download=False)
    assert path == tmp_path / 'env_cache' / FILENAME
    assert path.read_bytes() == GOOD
    # From now on found without the mirror.
    monkeypatch.delenv('MOVENET_MODEL_MIRROR')
    assert find_model('fake') == path


def test_fetch_cache_hit_needs_no_mirror(tmp_path, monkeypatch, fake, no_network):
    cached = write(tmp_path / 'cache' / FILENAME, GOOD)
    # A mirror holding a wrong file is not even looked at when the cache is good.
    write(tmp_path / 'mirror' / FILENAME, BAD)
    monkeypatch.setenv('MOVENET_MODEL_MIRROR', str(tmp_path / 'mirror'))
    assert fetch_model('fake', allow_download=False) == cached
    assert cached.read_bytes() == GOOD


def test_fetch_replaces_corrupt_cache_from_mirror(tmp_path, fake, no_network):
    cached = write(tmp_path / 'cache' / FILENAME, BAD)
    write(tmp_path / 'mirror' / FILENAME, GOOD)
    path = fetch_model('fake', cache_dir=tmp_path / 'cache', mirror_dir=tmp_path / 'mirror',
                       allow_download=False)
    assert path == cached
    assert cached.read_bytes() == GOOD


def test_fetch_wrong_checksum_in_mirror(tmp_path, fake, no_network):
    bad = write(tmp_path / 'mirror' / FILENAME, BAD)
    with pytest.raises(ModelError) as info:
        fetch_model('fake', mirror_dir=tmp_path / 'mirror', allow_download=False)
    message = str(info.value)
    assert str(bad) in message
    assert BAD_SHA in message
    assert GOOD_SHA in message  # what was expected
    assert 'MOVENET_MODEL_MIRROR' in message
    assert not (tmp_path / 'cache' / FILENAME).exists()  # a bad file is never installed


def test_fetch_without_mirror_and_download_not_allowed(tmp_path, fake, no_network):
    with pytest.raises(ModelError) as info:
        fetch_model('fake', allow_download=False)
    message = str(info.value)
    assert "cannot obtain model 'fake' (fake_movenet.tflite)" in message
    assert f'{tmp_path / "cache" / FILENAME} does not exist' in message
    assert 'no mirror directory set (MOVENET_MODEL_MIRROR)' in message


def test_fetch_mirror_without_the_file(tmp_path, fake, no_network):
    (tmp_path / 'mirror').mkdir()
    with pytest.raises(ModelError) as info:
        fetch_model('fake', mirror_dir=tmp_path / 'mirror', allow_download=False)
    assert f'{tmp_path / "mirror" / FILENAME} does not exist' in str(info.value)


def test_fetch_failed_download_is_reported(tmp_path, fake):
    # Real urlopen against a closed port of this host: refused, reported, nothing installed.
    with pytest.raises(ModelError) as info:
        fetch_model('fake', timeout=2.0)
    assert f'download from {DEAD_URL} failed' in str(info.value)
    assert list((tmp_path / 'cache').iterdir()) == []


def test_fetch_mirror_only_model_says_so(tmp_path, monkeypatch, no_network):
    spec = ModelSpec('fake_no_url', FILENAME, (GOOD_SHA,))
    monkeypatch.setitem(models.MODELS, 'fake_no_url', spec)
    with pytest.raises(ModelError, match='no official download URL'):
        fetch_model('fake_no_url')


def test_find_model_in_cache_then_mirror(tmp_path, fake, no_network):
    mirror_file = write(tmp_path / 'mirror' / FILENAME, GOOD)
    # Only in the mirror: used from there, not copied.
    assert find_model('fake', mirror_dir=tmp_path / 'mirror') == mirror_file
    assert not (tmp_path / 'cache' / FILENAME).exists()
    cached = write(tmp_path / 'cache' / FILENAME, GOOD)
    assert find_model('fake', mirror_dir=tmp_path / 'mirror') == cached


def test_find_model_never_downloads(tmp_path, fake, no_network):
    # The spec has a URL, but find_model must not use it: ModelError pointing at the tool.
    with pytest.raises(ModelError) as info:
        find_model('fake', mirror_dir=tmp_path / 'mirror')
    message = str(info.value)
    assert 'ros2 run movenet_ros fetch_model fake' in message
    assert 'MOVENET_MODEL_MIRROR' in message
    assert f'{tmp_path / "cache" / FILENAME} does not exist' in message
    assert f'{tmp_path / "mirror" / FILENAME} does not exist' in message
    assert not (tmp_path / 'cache').exists()


def test_find_model_rejects_wrong_checksum(tmp_path, fake, no_network):
    bad = write(tmp_path / 'cache' / FILENAME, BAD)
    with pytest.raises(ModelError) as info:
        find_model('fake')
    assert f'{bad} has sha256 {BAD_SHA}, expected one of {GOOD_SHA}' in str(info.value)


def test_find_model_unknown_name():
    with pytest.raises(ModelError, match="unknown model 'nope'"):
        find_model('nope')
