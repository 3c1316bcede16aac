# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What native libraries write to fd 2 during one call, caught so the caller can report it.

libjpeg prints its warnings ("Corrupt JPEG data: ...") straight to fd 2, once per image:
under hostile input that is a line per frame that no logger throttles. LiteRT's GPU
accelerator writes the reason it cannot start there too. Python cannot intercept either
except by pointing fd 2 somewhere else for the length of the call.

fd 2 is process-wide, so lines other threads write during the window are caught too;
``keep`` says which lines are the call's, and the others are written on to the real fd 2
as soon as the window closes. One window at a time (a lock): a nested one would restore
the other's file.
"""

import contextlib
import faulthandler
import os
import re
import sys
import threading

_lock = threading.Lock()
_buffer = None
_fault_file = None

#: The warnings libjpeg prints (jerror.h's JWRN_ messages): the image is still decoded.
LIBJPEG_WARNING = re.compile(
    r'^(Corrupt JPEG data|Premature end of JPEG file|Warning: |Invalid SOS parameters|'
    r'Inconsistent progression sequence|Arithmetic table|Application transferred)')


def _memory_file():
    global _buffer, _fault_file
    if _buffer is None:
        _buffer = os.memfd_create('native-stderr', os.MFD_CLOEXEC)
        if faulthandler.is_enabled():
            # A crash or SIGABRT inside a window must still reach the real stderr.
            _fault_file = os.fdopen(os.dup(2), 'w')
            faulthandler.enable(file=_fault_file, all_threads=True)
    return _buffer


@contextlib.contextmanager
def caught(lines, keep=None):
    """
    Catch fd 2 for the block; put its lines that ``keep`` accepts (all when None) in ``lines``.

    The other lines are written on to fd 2 after the block. fd 2 is restored however the
    block ends.
    """
    with _lock:
        buffer = _memory_file()
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(buffer, 2)
            try:
                yield lines
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
        finally:
            os.close(saved)
            size = os.fstat(buffer).st_size
            if size:
                text = os.pread(buffer, size, 0).decode(errors='replace')
                os.ftruncate(buffer, 0)
                os.lseek(buffer, 0, os.SEEK_SET)
                others = []
                for line in text.splitlines():
                    (lines if keep is None or keep(line) else others).append(line)
                if others:
                    os.write(2, ('\n'.join(others) + '\n').encode())


def is_libjpeg_warning(line):
    """Tell whether ``line`` is one of libjpeg's warnings."""
    return LIBJPEG_WARNING.match(line) is not None
