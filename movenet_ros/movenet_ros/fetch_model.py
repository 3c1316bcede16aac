# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
fetch_model: put verified model files into the model cache.

Sources, in order: the cache itself, a mirror folder (--mirror or $MOVENET_MODEL_MIRROR),
the official download URL. A file is kept only when its sha256 is one the registry knows,
or the one given with --sha256 (which is then recorded in the cache as a pin). An
official file whose checksum the registry does not know is refused with its sha256
printed, so nothing unverified is ever loaded silently.
"""

import argparse
import re
import sys

from .core.models import DEFAULT_MODEL, ModelError, MODELS
from .runtime.model_cache import default_cache_dir, obtain_model

PROG = 'fetch_model'


def _sha256(text):
    if not re.fullmatch(r'[0-9a-fA-F]{64}', text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a sha256 (64 hex digits)")
    return text.lower()


def main(argv=None):
    parser = argparse.ArgumentParser(  # usage as the nodes print it (ros.help_text)
        prog=f'ros2 run movenet_ros {PROG}',
        description='Put verified MoveNet model files into the model cache.')
    parser.add_argument('models', nargs='*', default=[DEFAULT_MODEL],
                        help=f"registry names (default {DEFAULT_MODEL}): {', '.join(MODELS)}")
    parser.add_argument('--cache-dir', help=f'default {default_cache_dir()}')
    parser.add_argument('--mirror', help='folder holding model files under their registry '
                        'names (default $MOVENET_MODEL_MIRROR)')
    parser.add_argument('--no-download', action='store_true',
                        help='use the cache and mirror only')
    parser.add_argument('--sha256', type=_sha256,
                        help='accept a file with this checksum although the registry does not '
                        'know it (an official file not yet verified), and record the pin in '
                        'the cache; compare it with the checksum its publisher gives first')
    parser.add_argument('--list', action='store_true', help='list the registry and exit')
    args = parser.parse_args(argv)
    if args.list:
        for spec in MODELS.values():
            print(f'{spec.name:18s} {spec.filename:50s} {spec.description}')
        return 0
    if args.sha256 and len(args.models) != 1:
        parser.error('--sha256 pins one model: name exactly one')
    for name in args.models:
        try:
            fetched = obtain_model(name, args.cache_dir, args.mirror,
                                   allow_download=not args.no_download,
                                   pinned=args.sha256 or '', record_pin=bool(args.sha256))
        except ModelError as e:
            print(f'{PROG}: {e}', file=sys.stderr)
            return 1
        origin = '' if fetched.source == 'cache' else f' (from {fetched.source})'
        print(f'{name}: {fetched.path}{origin}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
