# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Registry of MoveNet model files: names, file names, checksums, official URLs, delegates.

Only what something reads is here; the model's input size and type are read from the file
itself (runner.py). How a file is found, fetched and verified is model_cache.py's.
"""

from dataclasses import dataclass
import os


class ModelError(RuntimeError):
    """A model file is missing, fails its checksum, or is not a usable MoveNet model."""


@dataclass(frozen=True)
class ModelSpec:
    """A known MoveNet model file."""

    name: str
    filename: str
    #: Checksums a file of this model may have (verified by someone).
    sha256s: tuple
    #: Official URLs of a file with one of those checksums.
    urls: tuple = ()
    #: 'cpu', or the delegate the file is compiled for (model_loading.py selects it).
    delegate: str = 'cpu'
    description: str = ''
    #: Official URLs whose file has no checksum in the registry: usable once pinned.
    unpinned_urls: tuple = ()

    def download_urls(self):
        """Official URLs, with $MOVENET_MODEL_BASE_URL standing in for their hosts."""
        return tuple(official_url(url) for url in self.urls + self.unpinned_urls)


_TFHUB = 'https://tfhub.dev/google/lite-model/movenet'
_CORAL = 'https://github.com/google-coral/test_data/raw/master'

MODELS = {
    spec.name: spec for spec in (
        ModelSpec(
            'lightning', 'movenet_singlepose_lightning_int8.tflite',
            ('cd7cc22fa946e5d146a7b98d496853e1923e22828d3972d579973f27f91bb105',),
            (f'{_TFHUB}/singlepose/lightning/tflite/int8/4?lite-format=tflite',
             f'{_CORAL}/movenet_single_pose_lightning_ptq.tflite'),
            description='SinglePose Lightning v4, int8 (official TF Hub file)'),
        ModelSpec(
            'lightning_f16', 'movenet_singlepose_lightning_f16.tflite',
            ('d8f110416f9ed179ef234c515350b07cc9e9893055cc8713d8bb622918b693bb',),
            unpinned_urls=(f'{_TFHUB}/singlepose/lightning/tflite/float16/4?lite-format=tflite',),
            description='SinglePose Lightning v4, float16 weights (converted from TF.js; '
                        'or the official TF Hub float16 file, pinned)'),
        ModelSpec(
            'thunder', 'movenet_singlepose_thunder_f16.tflite',
            ('1578ecb38853734bb01ed0f04df283e0f68e9cfd224b5dad2411a56bf9db3ed9',),
            unpinned_urls=(f'{_TFHUB}/singlepose/thunder/tflite/float16/4?lite-format=tflite',),
            description='SinglePose Thunder v4, float16 weights (converted from TF.js; '
                        'or the official TF Hub float16 file, pinned)'),
        ModelSpec(
            'thunder_int8', 'movenet_singlepose_thunder_int8.tflite', (),
            unpinned_urls=(f'{_TFHUB}/singlepose/thunder/tflite/int8/4?lite-format=tflite',),
            description='SinglePose Thunder v4, int8 (official TF Hub file, pinned)'),
        ModelSpec(
            'multipose', 'movenet_multipose_lightning_dynamic_f16.tflite',
            ('0fefb05ed35661ab6f1c9529e13432aec43d07ee4d079c7330bc0e85be51bc16',),
            unpinned_urls=(f'{_TFHUB}/multipose/lightning/tflite/float16/1?lite-format=tflite',),
            description='MultiPose Lightning v1, any input size, float16 weights (converted; '
                        'or the official TF Hub float16 file, pinned)'),
        ModelSpec(
            'multipose_256', 'movenet_multipose_lightning_256_f16.tflite',
            ('6287fc7020e6ed1994a0950ac9d505771454522a7771b12c277ee66386892faa',),
            description='MultiPose Lightning v1, fixed 256x256 input, float16 (converted)'),
        ModelSpec(
            'lightning_edgetpu', 'movenet_singlepose_lightning_int8_edgetpu.tflite',
            ('25c88b77586f65c5c80d868c0555fb194f2b38c0b55aa491f4a93b7d7da58e78',),
            (f'{_CORAL}/movenet_single_pose_lightning_ptq_edgetpu.tflite',),
            delegate='edgetpu',
            description='SinglePose Lightning v4, int8, compiled for the Coral Edge TPU'),
    )
}

DEFAULT_MODEL = 'lightning'

#: The command that puts a model into the cache, as a ROS install runs it.
FETCH_COMMAND = 'ros2 run movenet_ros fetch_model'


def official_url(url):
    """``url`` with its scheme and host replaced by $MOVENET_MODEL_BASE_URL when set."""
    base = os.environ.get('MOVENET_MODEL_BASE_URL', '').rstrip('/')
    if not base:
        return url
    scheme_host = '/'.join(url.split('/', 3)[:3])
    return base + url[len(scheme_host):]


def get_spec(name):
    """Return the registry entry for ``name`` or raise ModelError listing the known names."""
    try:
        return MODELS[name]
    except KeyError:
        raise ModelError(
            f"unknown model '{name}'; known models: {', '.join(sorted(MODELS))}") from None


def fix_hint(name):
    """Return the one-line fix for a model that is not in the cache."""
    return (f'Fix: run `{FETCH_COMMAND} {name}` with network access, or with '
            'MOVENET_MODEL_MIRROR set to a folder holding the file (see docs/models.md); '
            'or set the model_path parameter.')
