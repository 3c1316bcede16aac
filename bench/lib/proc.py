# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Readers of /proc: a process's CPU time, memory and open files, and the machine's CPU time.

Every bench reads the processes it measures from the kernel rather than from the
processes themselves, so that a figure costs the measured process nothing and means the
same in every script.
"""

from collections import Counter
import os
from pathlib import Path
import re
import threading
import time

CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def cpu_seconds(pid):
    """Return the user plus system CPU seconds of process ``pid``."""
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_cpu_seconds():
    """Return the CPU seconds every core of the machine has been busy so far (/proc/stat)."""
    fields = [int(v) for v in Path('/proc/stat').read_text().split('\n', 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLOCK_TICKS


def proc_status(pid):
    """Read /proc/PID/status once: each numeric field's first number (sizes in kB)."""
    fields = {}
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        key, _, value = line.partition(':')
        first = value.split()[:1]
        if first and first[0].isdigit():
            fields[key] = int(first[0])
    return fields


def status_mb(status, key):
    """Return a size field of proc_status in MiB (NaN if the kernel has no such field)."""
    return status[key] / 1024.0 if key in status else float('nan')


def memory_mb(pid, key):
    """Return one size field (VmRSS, VmHWM, ...) of process ``pid`` in MiB."""
    return status_mb(proc_status(pid), key)


def status_kib(pid, key):
    """Return a ``kB`` field of /proc/<pid>/status (VmRSS, VmHWM, ...), 0 once it is gone."""
    try:
        return proc_status(pid).get(key, 0)
    except OSError:
        return 0


def pss_kib(pid):
    """Proportional set size of ``pid``: its resident pages, shared ones split by sharers."""
    try:
        for line in Path(f'/proc/{pid}/smaps_rollup').read_text().splitlines():
            if line.startswith('Pss:'):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class MemorySampler(threading.Thread):
    """Samples the summed VmRSS (every ``period``) and PSS (every 8th) of some processes."""

    def __init__(self, pids, period=0.25):
        super().__init__(daemon=True)
        self.pids, self.period = list(pids), period
        self.rss, self.pss = [], []  # (monotonic seconds, summed kB)
        self._done = threading.Event()

    def run(self):
        tick = 0
        while not self._done.is_set():
            now = time.monotonic()
            self.rss.append((now, sum(status_kib(p, 'VmRSS') for p in self.pids)))
            if tick % 8 == 0:  # smaps_rollup walks the page tables: not too often
                self.pss.append((now, sum(pss_kib(p) for p in self.pids)))
            tick += 1
            self._done.wait(self.period)

    def stop(self):
        self._done.set()
        self.join()


#: The node's buffer for what native code writes to stderr (runtime/native_stderr.py).
#: While a call's output is caught, fd 2 points at it too: it counts once.
CAUGHT_STDERR = '/memfd:native-stderr (deleted)'


def file_count(pid):
    """Return how many descriptors process ``pid`` has open, the caught-stderr buffer once."""
    return len(_once(open_files(pid)))


def _once(targets):
    """``targets`` with CAUGHT_STDERR at most once."""
    kept = [t for t in targets if t != CAUGHT_STDERR]
    return kept + [CAUGHT_STDERR] * (CAUGHT_STDERR in targets)


def open_files(pid):
    """Return what each open descriptor of process ``pid`` refers to (path, socket:[n]...)."""
    targets = []
    for fd in os.listdir(f'/proc/{pid}/fd'):
        try:
            targets.append(os.readlink(f'/proc/{pid}/fd/{fd}'))
        except OSError:  # closed meanwhile
            pass
    return targets


def descriptor_changes(first, now):
    """Descriptors opened and closed since ``first``, by kind (socket and pipe numbers vary)."""
    def kinds(targets):
        return Counter(re.sub(r'\[\d+\]$', '', t) for t in _once(targets))
    opened, closed = kinds(now) - kinds(first), kinds(first) - kinds(now)
    return sorted(opened.elements()), sorted(closed.elements())
