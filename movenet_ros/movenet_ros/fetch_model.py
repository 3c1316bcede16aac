# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet-fetch-model: put verified model files into the model cache.

Sources, in order: the cache itself, a mirror folder (--mirror or $MOVENET_MODEL_MIRROR),
the official download URL. Every file is checked against the registry's sha256.
"""

import argparse
import sys

from .core.models import default_cache_dir, DEFAULT_MODEL, fetch_model, ModelError, MODELS


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='movenet-fetch-model',
        description='Put verified MoveNet model files into the model cache.')
    parser.add_argument('models', nargs='*', default=[DEFAULT_MODEL],
                        help=f"registry names (default {DEFAULT_MODEL}): {', '.join(MODELS)}")
    parser.add_argument('--cache-dir', help=f'default {default_cache_dir()}')
    parser.add_argument('--mirror', help='folder holding model files under their names')
    parser.add_argument('--no-download', action='store_true',
                        help='use the cache and mirror only')
    parser.add_argument('--list', action='store_true', help='list the registry and exit')
    args = parser.parse_args(argv)
    if args.list:
        for spec in MODELS.values():
            print(f'{spec.name:18s} {spec.filename:50s} {spec.description}')
        return 0
    for name in args.models:
        try:
            path = fetch_model(name, args.cache_dir, args.mirror,
                               allow_download=not args.no_download)
        except ModelError as e:
            print(f'movenet-fetch-model: {e}', file=sys.stderr)
            return 1
        print(f'{name}: {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
