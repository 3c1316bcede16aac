# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Freed frame-sized buffers are reused, not faulted in again for every frame."""

from pathlib import Path
import subprocess
import sys

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
#: Pages of two fresh 1920x1080 rgb8 buffers (one round of copies): about 3000.
FRESH_PAGES = 2 * 1920 * 1080 * 3 / 4096

# Both probes: tune (or not), then copy a 1920x1080 rgb8 frame a few times, as a
# received image is copied on its way into Python.
PREAMBLE = """
import resource, sys, threading
import numpy as np
from movenet_ros.runtime.allocator import keep_freed_image_buffers
if sys.argv[1] == 'tuned':
    assert keep_freed_image_buffers()
frame = np.ones(1920 * 1080 * 3, np.uint8)
for _ in range(3):
    bytearray(bytes(frame.data))
"""

# Prints the page faults per further round.
PROBE = PREAMBLE + """
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    bytearray(bytes(frame.data))
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20)
"""

# Copies one more frame in a second thread (as the executor and the worker both take
# frames) and prints that copy's page faults.
THREADS_PROBE = PREAMBLE + """
faults = []
def second_thread():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    bytearray(bytes(frame.data))
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
thread = threading.Thread(target=second_thread)
thread.start()
thread.join()
print(faults[0])
"""


def faults_per_frame(mode, probe=PROBE):
    result = subprocess.run([sys.executable, '-c', probe, mode], capture_output=True,
                            text=True, check=True, cwd=PACKAGE)
    return float(result.stdout.strip())


def test_tuned_allocator_reuses_frame_buffers():
    tuned = faults_per_frame('tuned')
    assert tuned < 0.1 * FRESH_PAGES, f'{tuned} page faults per frame with the buffers kept'


def test_a_frame_freed_by_one_thread_is_reused_by_another():
    untuned = faults_per_frame('default', THREADS_PROBE)
    tuned = faults_per_frame('tuned', THREADS_PROBE)
    assert untuned > 0.4 * FRESH_PAGES, 'the probe no longer shows a thread getting fresh memory'
    assert tuned < 0.1 * FRESH_PAGES, f'{tuned} page faults for a frame in a second thread'


def test_tuning_respects_malloc_environment(monkeypatch):
    from movenet_ros.runtime import allocator
    monkeypatch.setenv('MALLOC_MMAP_THRESHOLD_', '1')
    monkeypatch.setenv('MALLOC_TRIM_THRESHOLD_', '1')
    monkeypatch.setenv('MALLOC_TOP_PAD_', '1')
    monkeypatch.setenv('MALLOC_ARENA_MAX', '1')
    calls = []
    monkeypatch.setattr(allocator, '_mallopt', lambda: lambda p, v: calls.append(p) or 1)
    assert allocator.keep_freed_image_buffers()
    assert calls == []


class FakeHeap:
    """Free bytes set by the test; releases counted, and the order of collections."""

    def __init__(self, free):
        self.free, self.events = free, []

    @property
    def releases(self):
        return self.events.count('release')

    def release(self):
        self.events.append('release')
        return True

    def collect(self):
        self.events.append('collect')


def periodic(heap):
    from movenet_ros.runtime.allocator import PeriodicRelease
    return PeriodicRelease(period=60.0, limit=100, free_bytes=lambda: heap.free,
                           release=heap.release, collect=heap.collect)


def test_periodic_release_waits_a_period_then_releases_what_is_above_the_limit():
    heap = FakeHeap(free=101)
    release = periodic(heap)
    assert not release.tick(10.0)  # the first beat starts the period
    assert not release.tick(69.9)
    assert release.tick(70.0) and heap.releases == 1
    assert not release.tick(71.0)  # the next period starts at the release
    heap.free = 100  # at the limit: kept
    assert not release.tick(130.0) and heap.releases == 1
    heap.free = None  # unknown (no mallinfo2): released
    assert not release.tick(189.9)
    assert release.tick(190.0) and heap.releases == 2


def test_a_transition_collects_reference_cycles_first_and_frames_do_not():
    heap = FakeHeap(free=10**9)
    release = periodic(heap)
    release.tick(0.0)
    assert release.tick(60.0)  # between frames: no full collection holding the GIL
    assert heap.events == ['release']
    heap.events.clear()
    assert release.release_now(61.0)  # a transition: what it dropped, then its pages
    assert heap.events == ['collect', 'release']


def test_a_release_on_a_transition_starts_the_period_again():
    heap = FakeHeap(free=10**9)
    release = periodic(heap)
    release.tick(0.0)
    assert release.release_now(50.0) and heap.releases == 1  # configure or cleanup
    assert not release.tick(60.0)
    assert release.tick(110.0) and heap.releases == 2


# Frees twenty frames of the given size that small blocks have split, as viewers attaching
# and detaching leave them, and prints RssAnon (kB) before and after one periodic release
# with the shipped limit.
SPLIT_PROBE = """
import sys
import numpy as np
from movenet_ros.runtime.allocator import (PeriodicRelease, heap_free_bytes,
                                        keep_freed_image_buffers)
assert keep_freed_image_buffers()
size = int(sys.argv[1]) * int(sys.argv[2]) * 3
def anon_kb():
    for line in open('/proc/self/status'):
        if line.startswith('RssAnon'):
            return int(line.split()[1])
frames, small = [], []
for _ in range(20):
    frames.append(np.ones(size, np.uint8))
    small.append(np.ones(1000, np.uint8))
del frames
assert heap_free_bytes() > 20 * size, heap_free_bytes()
before = anon_kb()
release = PeriodicRelease(period=0.0)
release.tick(0.0)
assert release.tick(0.0), 'no release'
print(before, anon_kb())
"""


@pytest.mark.parametrize('width, height', [(1920, 1080), (640, 480)])
def test_periodic_release_returns_the_pages_of_freed_frames(width, height):
    # 640x480: 18 MB of freed frames, what a small camera's node holds after a lifecycle
    # cycle, is above the limit and handed back too.
    result = subprocess.run([sys.executable, '-c', SPLIT_PROBE, str(width), str(height)],
                            capture_output=True, text=True, cwd=PACKAGE)
    assert result.returncode == 0, result.stderr[-2000:]
    before, after = (int(kb) for kb in result.stdout.split())
    frames_kb = 20 * width * height * 3 / 1024
    assert before - after > 0.9 * frames_kb, (before, after)


def test_heap_usage_counts_a_buffer_while_it_lives():
    from movenet_ros.runtime.allocator import heap_usage
    size = 8 * 1000 * 1000
    before = heap_usage()
    buffer = bytearray(size)  # served by malloc: above Python's small-object limit
    during = heap_usage()
    del buffer
    after = heap_usage()
    # Other threads of the test process may allocate or free meanwhile: a tenth of slack.
    assert during.in_use - before.in_use >= 0.9 * size
    assert during.in_use - after.in_use >= 0.9 * size


# Runs an entry point's main() as far as its --help exit (every import of a running node
# has happened by then) and prints the malloc arenas the process has, from malloc_info.
ARENA_PROBE = """
import contextlib, ctypes, importlib, io, os, re, sys, tempfile
main = importlib.import_module('movenet_ros.' + sys.argv[1]).main
with contextlib.redirect_stdout(io.StringIO()):
    assert main([sys.argv[1], '--help']) == 0
libc = ctypes.CDLL('libc.so.6')
libc.fdopen.restype = ctypes.c_void_p
fd, path = tempfile.mkstemp()
stream = ctypes.c_void_p(libc.fdopen(fd, b'w'))
libc.malloc_info(0, stream)
libc.fclose(stream)
print(len(re.findall('<heap nr=', open(path).read())))
os.unlink(path)
"""


def test_every_entry_point_keeps_one_malloc_arena():
    # Importing numpy, OpenCV and LiteRT starts threads; one that allocates before the
    # arena limit is set gets an arena of its own, and later threads (DDS, the worker)
    # are dealt out among those arenas, each keeping its own freed frames.
    for entry_point in ('movenet_node', 'movenet_lifecycle_node', 'movenet_cameras'):
        result = subprocess.run([sys.executable, '-c', ARENA_PROBE, entry_point],
                                capture_output=True, text=True, check=True, cwd=PACKAGE,
                                timeout=120)
        assert result.stdout.split()[-1] == '1', (entry_point, result.stdout, result.stderr)
