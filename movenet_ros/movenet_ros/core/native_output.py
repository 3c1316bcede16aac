# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Where the core asks for what a native library prints during one call.

libjpeg's warnings on a damaged JPEG and the GPU accelerator's reason for not starting
go to the process's fd 2, not to Python. Catching them means redirecting fd 2, which is
the process's business, not MoveNet's: the runtime layer installs the catcher
(runtime/native_stderr.py). Until one is installed nothing is caught and the lines go
to stderr as the library wrote them.
"""

import contextlib

_catcher = None


def install(catcher):
    """Use ``catcher(lines, keep)``, a context manager, for every catch from now on."""
    global _catcher
    _catcher = catcher


def caught(lines, keep=None):
    """Catch the native output of the block into ``lines`` (see runtime/native_stderr)."""
    if _catcher is None:
        return contextlib.nullcontext(lines)
    return _catcher(lines, keep)


def is_libjpeg_warning(line):
    """Tell whether ``line`` is one of the warnings libjpeg prints while still decoding."""
    return line.startswith(LIBJPEG_WARNINGS)


#: The starts of libjpeg's warnings (jerror.h's JWRN_ messages): the image is still decoded.
LIBJPEG_WARNINGS = ('Corrupt JPEG data', 'Premature end of JPEG file', 'Warning: ',
                    'Invalid SOS parameters', 'Inconsistent progression sequence',
                    'Arithmetic table', 'Application transferred')
