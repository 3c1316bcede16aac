# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Freed frame-sized buffers are reused, not faulted in again for every frame."""

from pathlib import Path
import subprocess
import sys

PACKAGE = Path(__file__).resolve().parents[1]
#: Pages of two fresh 1920x1080 rgb8 buffers (one round of copies): about 3000.
FRESH_PAGES = 2 * 1920 * 1080 * 3 / 4096

# Both probes: tune (or not), then copy a 1920x1080 rgb8 frame a few times, as a
# received image is copied on its way into Python.
PREAMBLE = """
import resource, sys, threading
import numpy as np
from movenet_ros.core.allocator import keep_freed_image_buffers
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
    from movenet_ros.core import allocator
    monkeypatch.setenv('MALLOC_MMAP_THRESHOLD_', '1')
    monkeypatch.setenv('MALLOC_TRIM_THRESHOLD_', '1')
    monkeypatch.setenv('MALLOC_TOP_PAD_', '1')
    monkeypatch.setenv('MALLOC_ARENA_MAX', '1')
    calls = []
    monkeypatch.setattr(allocator, '_mallopt', lambda: lambda p, v: calls.append(p) or 1)
    assert allocator.keep_freed_image_buffers()
    assert calls == []
