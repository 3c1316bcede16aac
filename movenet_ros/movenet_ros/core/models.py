# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Registry of MoveNet model files and how to obtain them, always by checksum.

A model is looked up by name. Its file is taken from a cache directory, or from a mirror
directory (a folder holding the files under their registry names), or downloaded from its
official URL, and accepted only when its sha256 is one the registry knows for that name.
The node only ever reads the cache and the mirror; downloads happen in the fetch tool.
"""

from dataclasses import dataclass
import hashlib
import os
from pathlib import Path
import shutil
import tempfile
import urllib.request


class ModelError(RuntimeError):
    """A model file is missing, fails its checksum, or is not a usable MoveNet model."""


@dataclass(frozen=True)
class ModelSpec:
    """A known MoveNet model file."""

    name: str
    filename: str
    sha256s: tuple
    input_size: int
    input_dtype: str
    urls: tuple = ()
    delegate: str = 'cpu'
    description: str = ''


_TFHUB = 'https://tfhub.dev/google/lite-model/movenet'
_CORAL = 'https://github.com/google-coral/test_data/raw/master'

MODELS = {
    spec.name: spec for spec in (
        ModelSpec(
            'lightning', 'movenet_singlepose_lightning_int8.tflite',
            ('cd7cc22fa946e5d146a7b98d496853e1923e22828d3972d579973f27f91bb105',),
            192, 'uint8',
            (f'{_TFHUB}/singlepose/lightning/tflite/int8/4?lite-format=tflite',
             f'{_CORAL}/movenet_single_pose_lightning_ptq.tflite'),
            description='SinglePose Lightning v4, int8 (official TF Hub file)'),
        ModelSpec(
            'lightning_f16', 'movenet_singlepose_lightning_f16.tflite',
            ('d8f110416f9ed179ef234c515350b07cc9e9893055cc8713d8bb622918b693bb',),
            192, 'int32',
            description='SinglePose Lightning v4, float16 weights (converted from TF.js)'),
        ModelSpec(
            'thunder', 'movenet_singlepose_thunder_f16.tflite',
            ('1578ecb38853734bb01ed0f04df283e0f68e9cfd224b5dad2411a56bf9db3ed9',),
            256, 'int32',
            description='SinglePose Thunder v4, float16 weights (converted from TF.js)'),
        ModelSpec(
            'multipose', 'movenet_multipose_lightning_dynamic_f16.tflite',
            ('0fefb05ed35661ab6f1c9529e13432aec43d07ee4d079c7330bc0e85be51bc16',),
            0, 'int32',
            description='MultiPose Lightning v1, any input size, float16 weights (converted)'),
        ModelSpec(
            'multipose_256', 'movenet_multipose_lightning_256_f16.tflite',
            ('6287fc7020e6ed1994a0950ac9d505771454522a7771b12c277ee66386892faa',),
            256, 'int32',
            description='MultiPose Lightning v1, fixed 256x256 input, float16 (converted)'),
        ModelSpec(
            'lightning_edgetpu', 'movenet_singlepose_lightning_int8_edgetpu.tflite',
            ('25c88b77586f65c5c80d868c0555fb194f2b38c0b55aa491f4a93b7d7da58e78',),
            192, 'uint8',
            (f'{_CORAL}/movenet_single_pose_lightning_ptq_edgetpu.tflite',),
            delegate='edgetpu',
            description='SinglePose Lightning v4, int8, compiled for the Coral Edge TPU'),
    )
}

DEFAULT_MODEL = 'lightning'


def get_spec(name):
    """Return the registry entry for ``name`` or raise ModelError listing the known names."""
    try:
        return MODELS[name]
    except KeyError:
        raise ModelError(
            f"unknown model '{name}'; known models: {', '.join(sorted(MODELS))}") from None


def default_cache_dir():
    """Cache for model files: $MOVENET_MODEL_CACHE, else the user's cache directory."""
    explicit = os.environ.get('MOVENET_MODEL_CACHE')
    if explicit:
        return Path(explicit)
    base = os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache'
    return Path(base) / 'movenet_ros' / 'models'


def default_mirror_dir():
    """Mirror directory from $MOVENET_MODEL_MIRROR, or None."""
    mirror = os.environ.get('MOVENET_MODEL_MIRROR')
    return Path(mirror) if mirror else None


def sha256_of(path):
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def _verified(path, spec):
    return path.is_file() and sha256_of(path) in spec.sha256s


def find_model(name, cache_dir=None, mirror_dir=None):
    """
    Path of a verified local copy of model ``name``, without any network access.

    Looks in the cache, then in the mirror. Raises ModelError saying what was looked at
    and how to obtain the file.
    """
    spec = get_spec(name)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    mirror_dir = Path(mirror_dir) if mirror_dir else default_mirror_dir()
    tried = []
    for folder in (cache_dir, mirror_dir):
        if folder is None:
            continue
        candidate = folder / spec.filename
        if _verified(candidate, spec):
            return candidate
        tried.append(_describe(candidate, spec))
    raise ModelError(
        f"model '{name}' ({spec.filename}) is not available: {'; '.join(tried)}. "
        f'Fix: run `movenet-fetch-model {name}` (with MOVENET_MODEL_MIRROR set to a folder '
        'holding the file, or with network access), or set the model_path parameter.')


def fetch_model(name, cache_dir=None, mirror_dir=None, allow_download=True, timeout=60.0):
    """
    Ensure a verified copy of model ``name`` is in the cache and return its path.

    Sources in order: the cache itself, the mirror directory, the official URLs.
    """
    spec = get_spec(name)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    mirror_dir = Path(mirror_dir) if mirror_dir else default_mirror_dir()
    target = cache_dir / spec.filename
    if _verified(target, spec):
        return target
    tried = [_describe(target, spec)]
    cache_dir.mkdir(parents=True, exist_ok=True)
    if mirror_dir is not None:
        source = mirror_dir / spec.filename
        if _verified(source, spec):
            _install(target, lambda out: _copy(source, out))
            return target
        tried.append(_describe(source, spec))
    else:
        tried.append('no mirror directory set (MOVENET_MODEL_MIRROR)')
    if allow_download:
        for url in spec.urls:
            try:
                _install(target, lambda out: _download(url, out, timeout))
            except OSError as e:
                tried.append(f'download from {url} failed: {e}')
                continue
            if _verified(target, spec):
                return target
            tried.append(f'download from {url} has sha256 {sha256_of(target)}, '
                         f'expected one of {", ".join(spec.sha256s)}')
            target.unlink()
        if not spec.urls:
            tried.append('this file has no official download URL; it comes from a mirror only')
    raise ModelError(
        f"cannot obtain model '{name}' ({spec.filename}): {'; '.join(tried)}. "
        'Fix: set MOVENET_MODEL_MIRROR to a folder that holds the file, or allow network '
        'access to the official URL.')


def _describe(path, spec):
    if not path.exists():
        return f'{path} does not exist'
    return f'{path} has sha256 {sha256_of(path)}, expected one of {", ".join(spec.sha256s)}'


def _copy(source, out):
    with open(source, 'rb') as f:
        shutil.copyfileobj(f, out)


def _download(url, out, timeout):
    request = urllib.request.Request(url, headers={'User-Agent': 'movenet_ros'})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        shutil.copyfileobj(response, out)


def _install(target, write):
    """Write a file next to ``target`` and move it into place, so readers never see half."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix='.' + target.name)
    try:
        with os.fdopen(fd, 'wb') as out:
            write(out)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
