# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What native libraries write to fd 2 during one call, caught so the caller can report it.

libjpeg's warnings and LiteRT's accelerator errors go straight to fd 2, where no logger
throttles them; Python can only catch them by pointing fd 2 elsewhere for the call.
fd 2 is process-wide: lines that ``keep`` rejects are written on once the window closes,
and one window runs at a time. Importing this module installs it as the core's catcher
(core/native_output.py).
"""

import contextlib
import faulthandler
import os
import sys
import threading

from ..core import native_output
from ..core.native_output import is_libjpeg_warning  # noqa: F401 - where callers found it

_lock = threading.Lock()
_buffer = None
_fault_file = None


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


native_output.install(caught)
