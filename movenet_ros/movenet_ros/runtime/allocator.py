# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Keep freed image-sized buffers in the process instead of handing them back to the kernel.

Every frame is copied a few times into buffers of the same size that are freed a moment
later; glibc would unmap them and pay fresh page faults for the next frame. One arena
for the process shares the kept buffers between threads. Lifecycle transitions and a
30-second tick return what is kept beyond a few frames (docs/processing.md has the
figures).
"""

import ctypes
import ctypes.util
import functools
import gc
import os
import threading
from typing import NamedTuple

# mallopt parameter numbers from glibc's malloc.h.
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

#: Largest buffer still served from the heap (glibc caps the threshold at 32 MiB on
#: 64-bit); a 3840x2160 rgb8 frame is 24.9 MB.
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Free memory at the heap top kept before trimming: a few 1080p frames.
TRIM_THRESHOLD = 64 * 1024 * 1024
#: Extra heap requested on each growth, so a new frame rarely needs a new mapping.
TOP_PAD = 16 * 1024 * 1024
#: Malloc arenas: one, so that freed frames are reused by whichever thread takes the next.
ARENA_MAX = 1
#: Free heap memory a running node keeps for its next frames without a release (one
#: 1920x1080 rgb8 frame, eight 640x480 ones); above it, the periodic release hands the
#: free pages back. A lifecycle cycle or a viewer leaves more than this free even behind a
#: 640x480 camera (measured: 13 to 23 MB), pages that a higher limit kept resident: over
#: an hour of faults they swung that node's RSS by 3 MB between releases.
FREE_KEPT = 8 * 1024 * 1024
#: Seconds between periodic releases. One costs 0.3 to 4 ms, and the page faults of the
#: frames that refill the pages (measured: 12 ms in all for 640x480 rgb8 frames, 20 ms for
#: 1920x1080): under 0.1 % of a core at this rate.
RELEASE_PERIOD = 30.0


class _MallInfo2(ctypes.Structure):
    """glibc's struct mallinfo2 (2.33 and later): the heap's figures in size_t."""

    _fields_ = [(name, ctypes.c_size_t) for name in (
        'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks',
        'fordblks', 'keepcost')]


@functools.lru_cache(maxsize=None)
def _glibc(function, argtypes, restype):
    """
    Return one of glibc's functions with its C signature, or None on another C library.

    Looked up once each: find_library runs ldconfig, and the heap is looked at on every
    diagnostics beat.
    """
    name = ctypes.util.find_library('c')
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.gnu_get_libc_version  # present in glibc only
        found = getattr(libc, function)
    except (OSError, AttributeError):
        return None
    found.argtypes, found.restype = argtypes, restype
    return found


def _mallopt():
    return _glibc('mallopt', (ctypes.c_int, ctypes.c_int), ctypes.c_int)


def release_free_memory():
    """
    Hand the free pages inside the heap back to the kernel; return whether glibc did.

    With the settings above, freed frames stay in the heap for the next ones. A lifecycle
    cycle frees the model and a set of frame buffers, then configure's many small
    allocations split those free blocks, and the next frames no longer fit in them: the
    heap grows by a working set of frames at each cycle (measured: 27 to 41 MB for a
    1080p camera with the annotated image subscribed). malloc_trim(0) returns the pages of
    the split blocks, so the cost of a cycle stays bounded. Called on lifecycle
    transitions and by PeriodicRelease, never per frame.
    """
    trim = _glibc('malloc_trim', (ctypes.c_size_t,), ctypes.c_int)
    if trim is None:
        return False
    trim(0)
    return True


class HeapUsage(NamedTuple):
    """The C heap in bytes: held by live allocations (mapped chunks included), and free."""

    in_use: int
    free: int


def heap_usage():
    """
    Return the C heap's HeapUsage, or None without glibc 2.33+.

    mallinfo2 walks the free lists: microseconds, cheap enough for a once-a-second beat.
    Free blocks count whether their pages are resident or already handed back.
    """
    mallinfo2 = _glibc('mallinfo2', (), _MallInfo2)
    if mallinfo2 is None:
        return None
    info = mallinfo2()
    return HeapUsage(in_use=info.uordblks + info.hblkhd, free=info.fordblks)


def heap_free_bytes():
    """Bytes in the heap's free blocks (resident or not), or None without glibc 2.33+."""
    usage = heap_usage()
    return None if usage is None else usage.free


class PeriodicRelease:
    """
    Give free heap pages back now and then while frames flow, not only on transitions.

    Frame sizes change while the node runs (a viewer of the 1920x1080 annotated image
    attaches, a compressed image grows), and the single arena keeps every block it ever
    freed: measured over an hour of faults, a 1080p JPEG node held 47 MB in use and 77 to
    107 MB free, its RSS drifting up 19 MB an hour while a 640x480 one held 23 MB free
    and stayed flat. A release there returned 37 to 49 MB in 3 to 4 ms. At most once per
    ``period`` seconds, when more than ``limit`` bytes are free, ``release()`` returns
    those pages; ``free_bytes`` returning None (no glibc 2.33) counts as above the limit.
    The free bytes count pages already returned too, so the limit errs towards releasing.
    One instance serves a process: its heap is shared by every camera's pipeline.
    """

    def __init__(self, period=RELEASE_PERIOD, limit=FREE_KEPT, free_bytes=heap_free_bytes,
                 release=release_free_memory, collect=gc.collect):
        self.period, self.limit = period, limit
        self._free_bytes, self._release, self._collect = free_bytes, release, collect
        self._last = None
        self._lock = threading.Lock()

    def release_now(self, now):
        """
        Release at once (a lifecycle transition), and start the next period at ``now``.

        Collects Python's reference cycles first. What a transition drops (a stopped
        intake's threads, timers, subscription and the callbacks that point back at them)
        is cyclic garbage that lived long enough to reach the oldest generation, which
        Python collects only when its count grows by a quarter: hours, at a node's tens of
        thousands of objects. Measured after ten minutes of faults with a lifecycle cycle
        a minute, one collection freed 7,400 blocks. A full collection took 13 ms with the
        node's modules loaded; a transition is where it can wait.
        """
        with self._lock:
            self._last = now
            self._collect()  # first: the objects it frees give heap pages back too
            return bool(self._release())

    def tick(self, now):
        """Release if a period has passed and the heap holds too much free; True if done."""
        with self._lock:
            if self._last is None:
                self._last = now
            if now - self._last < self.period:
                return False
            self._last = now
            free = self._free_bytes()
            if free is not None and free <= self.limit:
                return False
            return bool(self._release())


#: The process's one periodic release (every pipeline's beat ticks it).
periodic_release = PeriodicRelease()


def keep_freed_image_buffers():
    """
    Tune the C allocator for frame-sized buffers; return whether it took effect.

    Call it first thing in a process, before importing numpy, OpenCV or LiteRT: their
    imports start threads, a thread that allocates before the limit gets an arena of its
    own, and later threads are dealt out among the arenas that exist (measured: three).
    Only glibc has these settings; elsewhere this does nothing and returns False.
    Settings already given through MALLOC_*_ environment variables are left alone.
    """
    mallopt = _mallopt()
    if mallopt is None:
        return False
    ok = True
    for parameter, value, variable in (
            (M_MMAP_THRESHOLD, MMAP_THRESHOLD, 'MALLOC_MMAP_THRESHOLD_'),
            (M_TRIM_THRESHOLD, TRIM_THRESHOLD, 'MALLOC_TRIM_THRESHOLD_'),
            (M_TOP_PAD, TOP_PAD, 'MALLOC_TOP_PAD_'),
            (M_ARENA_MAX, ARENA_MAX, 'MALLOC_ARENA_MAX')):
        if variable not in os.environ:
            ok = mallopt(parameter, value) == 1 and ok
    return ok
