# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
From the model parameters to a loaded ModelRunner: which file, fetched how, on what delegate.

The registry is the authority on both questions a user should not have to answer twice: a
model's file comes by checksum from the cache, a mirror or (with ``model_fetch``) its
official URL; a model compiled for a delegate (``lightning_edgetpu``) runs on that delegate
or the node says exactly which parameter to set. No ROS imports here.
"""

from pathlib import Path

from .model_cache import find_model, obtain_model, sha256_of
from ..core.models import get_spec, ModelError
from ..core.parameters import create_estimator, refiner_type
from ..core.runner import ModelRunner


def _ignore(message):
    pass


def model_file(values, log=_ignore):
    """
    Path of the model the parameters name, fetching it into the cache when allowed.

    ``log`` receives one line saying where a fetched file came from and its size.
    """
    pinned = values.get('model_sha256', '').strip().lower()
    if values['model_path']:
        path = Path(values['model_path']).expanduser()
        if not path.is_file():
            raise ModelError(f'model_path {path} does not exist')
    else:
        name, cache = values['model_type'], values['model_cache_dir'] or None
        if not values.get('model_fetch', False):
            path = find_model(name, cache, pinned=pinned)  # the cache, else the mirror
        else:
            try:
                fetched = obtain_model(name, cache, pinned=pinned)
            except OSError:  # a read-only cache: use a verified copy where it lies
                return _pinned(find_model(name, cache, pinned=pinned), pinned)
            if fetched.source != 'cache':
                log(f"model '{name}': fetched {fetched.path.name} from {fetched.source} "
                    f'({fetched.size / 1e6:.1f} MB, sha256 verified) into '
                    f'{fetched.path.parent}')
            path = fetched.path
    return _pinned(path, pinned)


def _pinned(path, pinned):
    """Return ``path`` after checking it against model_sha256 (when set)."""
    if pinned:
        actual = sha256_of(path)
        if actual != pinned:
            raise ModelError(f'model {path} has sha256 {actual}, but model_sha256 is {pinned}')
    return path


def delegate_for(values, log=_ignore):
    """
    (delegate, fallback) to run the named model with.

    A registry model compiled for a delegate selects it when ``delegate`` is left at cpu,
    and cannot fall back to the CPU (its custom op runs nowhere else).
    """
    delegate = values['delegate']
    if values['model_path']:
        return delegate, values['delegate_fallback']
    spec = get_spec(values['model_type'])
    if spec.delegate == 'cpu':
        if delegate == 'edgetpu':
            log('delegate edgetpu runs only models compiled for it; model_type '
                f"'{spec.name}' runs on the CPU. Set model_type: lightning_edgetpu")
        return delegate, values['delegate_fallback']
    if delegate not in ('cpu', spec.delegate):
        raise ModelError(
            f"model_type '{spec.name}' is compiled for the {spec.delegate} delegate, but "
            f"delegate is '{delegate}': set delegate: {spec.delegate}, or model_type: "
            'lightning to run on the CPU')
    if delegate == 'cpu':
        log(f"model_type '{spec.name}' selects the {spec.delegate} delegate (model registry)")
    return spec.delegate, False


def load_runner(values, log=_ignore):
    """Load the model the parameters name (see model_file and delegate_for)."""
    path = model_file(values, log)
    delegate, fallback = delegate_for(values, log)
    try:
        return ModelRunner(path, values['num_threads'], delegate,
                           values['delegate_library'], fallback)
    except ModelError as e:
        if values['model_path'] or get_spec(values['model_type']).delegate == 'cpu':
            raise
        raise ModelError(
            f"model_type '{values['model_type']}' needs the {delegate} delegate: {e}. "
            f'Install its runtime (or set delegate_library to the library), or set '
            'model_type: lightning to run on the CPU') from None


#: The parameters that decide an interpreter: estimators that agree on them share one.
MODEL_PARAMETERS = ('model_type', 'model_path', 'model_sha256', 'model_fetch',
                    'model_cache_dir', 'num_threads', 'delegate', 'delegate_library',
                    'delegate_fallback')


def load_estimator(values, log=_ignore, runners=None):
    """
    Create the estimator the parameters name, its models loaded by checksum.

    A MultiPose model gets its refiner (refine_model) too. ``runners``, a dict, shares the
    interpreters between the estimators of one process (one worker runs them in turn).
    """
    runner = _shared_runner(values, log, runners)
    refine = refiner_type(values)
    refiner = None
    if runner.kind == 'multipose' and refine is not None:
        try:
            refiner = _shared_runner(dict(values, model_type=refine, model_path='',
                                          model_sha256=''), log, runners)
        except ModelError as e:
            raise ModelError(f"refine_model '{refine}': {e} (refine_model: none runs "
                             'MultiPose alone)') from None
    return create_estimator(runner, values, refiner)


def _shared_runner(values, log, runners):
    if runners is None:
        return load_runner(values, log)
    key = tuple(values[name] for name in MODEL_PARAMETERS)
    if key not in runners:
        runners[key] = load_runner(values, log)
    return runners[key]
