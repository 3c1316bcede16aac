# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Where model files come from, always by checksum: the cache, a mirror, the official URLs.

A model is looked up by name in the registry (models.py). Its file is taken from a cache
directory, or from a mirror directory (a folder holding the files under their registry
names), or downloaded from its official URL, and accepted only when its sha256 is one the
registry knows for that name or one a person pinned: ``model_sha256``, or a pin recorded
in the cache by ``fetch_model NAME --sha256 HEX``. Some official files have no checksum in
the registry (nobody has verified them yet); a download of such a file is refused with its
sha256 printed, so it is never loaded unless someone pinned it.
"""

from dataclasses import dataclass
import hashlib
import os
from pathlib import Path
import shutil
import tempfile
import urllib.request

from ..core.models import FETCH_COMMAND, fix_hint, get_spec, ModelError, official_url


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


def _verified(path, accepted):
    return path.is_file() and sha256_of(path) in accepted


def _pin_path(cache_dir, spec):
    return cache_dir / (spec.filename + '.sha256')


def pinned_sha256(spec, cache_dir=None):
    """Return the sha256 a person pinned for ``spec`` in the cache (fetch --sha256), or ''."""
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    try:
        return _pin_path(cache_dir, spec).read_text().split()[0].lower()
    except (OSError, IndexError):
        return ''


def accepted_sha256s(spec, cache_dir=None, pinned=''):
    """Checksums a file of ``spec`` may have: the registry's, the cache pin, ``pinned``."""
    extra = tuple(p for p in (pinned_sha256(spec, cache_dir), pinned.strip().lower()) if p)
    return spec.sha256s + extra


def find_model(name, cache_dir=None, mirror_dir=None, pinned=''):
    """
    Path of a verified local copy of model ``name``, without any network access.

    Looks in the cache, then in the mirror; ``pinned`` is one more accepted sha256
    (model_sha256). Raises ModelError saying what was looked at and how to obtain the file.
    """
    spec = get_spec(name)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    mirror_dir = Path(mirror_dir) if mirror_dir else default_mirror_dir()
    accepted = accepted_sha256s(spec, cache_dir, pinned)
    tried = []
    for folder in (cache_dir, mirror_dir):
        if folder is None:
            continue
        candidate = folder / spec.filename
        if _verified(candidate, accepted):
            return candidate
        tried.append(_describe(candidate, accepted))
    raise ModelError(
        f"model '{name}' ({spec.filename}) is not available: {'; '.join(tried)}. "
        + fix_hint(name))


@dataclass(frozen=True)
class Fetched:
    """Where a model file came from: 'cache', a mirror path or a URL, and its size."""

    path: Path
    source: str
    size: int


def fetch_model(name, cache_dir=None, mirror_dir=None, allow_download=True, timeout=60.0,
                pinned='', record_pin=False):
    """
    Ensure a verified copy of model ``name`` is in the cache and return its path.

    Sources in order: the cache itself, the mirror directory, the official URLs. A file is
    kept only when its sha256 is the registry's, the cache's pin or ``pinned``; with
    ``record_pin`` a file matching ``pinned`` also leaves the pin in the cache.
    """
    return obtain_model(name, cache_dir, mirror_dir, allow_download, timeout, pinned,
                        record_pin).path


def obtain_model(name, cache_dir=None, mirror_dir=None, allow_download=True, timeout=60.0,
                 pinned='', record_pin=False):
    """fetch_model(), returning a Fetched that says where the file came from."""
    spec = get_spec(name)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    mirror_dir = Path(mirror_dir) if mirror_dir else default_mirror_dir()
    pinned = pinned.strip().lower()
    accepted = accepted_sha256s(spec, cache_dir, pinned)
    target = cache_dir / spec.filename
    if _verified(target, accepted):
        _record(target, spec, pinned, record_pin)
        return Fetched(target, 'cache', target.stat().st_size)
    tried = [_describe(target, accepted)]
    cache_dir.mkdir(parents=True, exist_ok=True)
    if mirror_dir is not None:
        source = mirror_dir / spec.filename
        if _verified(source, accepted):
            _install(target, lambda out: _copy(source, out))
            _record(target, spec, pinned, record_pin)
            return Fetched(target, str(source), target.stat().st_size)
        tried.append(_describe(source, accepted))
    else:
        tried.append('no mirror directory set (MOVENET_MODEL_MIRROR)')
    if allow_download:
        for url in spec.download_urls():
            try:
                _install(target, lambda out: _download(url, out, timeout))
            except OSError as e:
                tried.append(f'download from {url} failed: {e}')
                continue
            actual = sha256_of(target)
            if actual in accepted:
                _record(target, spec, pinned, record_pin)
                return Fetched(target, url, target.stat().st_size)
            target.unlink()
            tried.append(_unknown_download(name, spec, url, actual, accepted))
        if not spec.download_urls():
            tried.append('this file has no official download URL; it comes from a mirror only')
    elif spec.download_urls():
        tried.append('downloads not allowed')
    raise ModelError(
        f"cannot obtain model '{name}' ({spec.filename}): {'; '.join(tried)}. "
        f'Fix: set MOVENET_MODEL_MIRROR to a folder that holds the file, or run `{FETCH_COMMAND} '
        f'{name}` with network access.')


def _unknown_download(name, spec, url, actual, accepted):
    if url in (official_url(u) for u in spec.unpinned_urls):
        return (f'the official file from {url} has sha256 {actual}, which the registry does '
                'not know (it is never loaded unpinned). If that is the checksum its '
                f'publisher gives, pin it: `{FETCH_COMMAND} {name} --sha256 {actual}` '
                f'(records the pin in the cache), or set model_sha256: {actual}')
    return (f'download from {url} has sha256 {actual}, expected one of {", ".join(accepted)}'
            ' (not kept)')


def _record(target, spec, pinned, record_pin):
    """Record ``pinned`` beside ``target`` when asked, if it is that file's and new."""
    if record_pin and pinned and pinned not in spec.sha256s and sha256_of(target) == pinned:
        _install(_pin_path(target.parent, spec),
                 lambda out: out.write(f'{pinned}  {spec.filename}\n'.encode()))


def _describe(path, accepted):
    if not path.exists():
        return f'{path} does not exist'
    expected = ', '.join(accepted) or 'a pinned one (none pinned: see `--sha256`)'
    return f'{path} has sha256 {sha256_of(path)}, expected one of {expected}'


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
        os.chmod(tmp, 0o644)  # readable by every user, like any installed file
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
