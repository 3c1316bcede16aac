# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The DDS domain a test run talks in: its own, held by a lock file while the run lasts.

Fast DDS derives its UDP ports from the domain id (7400 + 250 * id + ...); with Linux's
default ephemeral port range (from 32768) ids 0..101 are safe. 0 is everybody's default,
so runs pick from 1..101. A random id alone lets two runs meet by chance; the lock makes
every run on this machine (and each pytest-xdist worker) take a different one, and an id
whose ports are already bound (anyone's DDS participant) is passed over.
"""

import fcntl
import os
from pathlib import Path
import random
import tempfile

SAFE_DOMAINS = range(1, 102)
LOCK_DIR = Path(tempfile.gettempdir()) / 'movenet_ros_test_domains'
_held = []  # open lock files, kept for the life of the process


def _worker_index(worker):
    """0 for 'gw0' or no pytest-xdist; n for 'gwn'."""
    return int(worker[2:]) if worker and worker.startswith('gw') else 0


def _bound_udp_ports():
    """Local UDP ports bound on this machine (Linux /proc; empty elsewhere)."""
    ports = set()
    for table in ('/proc/net/udp', '/proc/net/udp6'):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        ports.update(int(line.split()[1].rsplit(':', 1)[1], 16) for line in lines)
    return ports


def domain_in_use(domain, ports=None):
    """
    Whether a DDS participant of ``domain`` already runs here, by the ports it binds.

    Fast DDS takes 7400 + 250 * domain and the ports just above it (discovery and user
    traffic, two per participant), so a bound port in that block means a participant,
    including those of a developer's shell that no lock file knows about.
    """
    ports = _bound_udp_ports() if ports is None else ports
    base = 7400 + 250 * domain
    return any(base <= port < base + 250 for port in ports)


def _try_lock(domain):
    LOCK_DIR.mkdir(exist_ok=True)
    handle = open(LOCK_DIR / f'{domain}.lock', 'w')
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    handle.write(f'{os.getpid()}\n')
    handle.flush()
    _held.append(handle)
    return True


def claim_domain(requested=None, worker=None, rng=None):
    """
    Return a domain id this process holds until it exits.

    ``requested`` (MOVENET_TEST_DOMAIN_ID) is the first worker's id, the next workers take
    the following ids; without it a random free one is taken. A requested id held by
    another run is refused: two runs in one domain would read each other's topics.
    """
    index = _worker_index(worker)
    if requested:
        domain = int(requested) + index
        if domain not in SAFE_DOMAINS:
            raise ValueError(f'MOVENET_TEST_DOMAIN_ID {requested} (+ worker {index}) is '
                             f'outside {SAFE_DOMAINS.start}..{SAFE_DOMAINS.stop - 1}, '
                             'the ids whose DDS ports stay below the ephemeral range')
        if not _try_lock(domain):
            raise RuntimeError(f'ROS domain {domain} is in use by another test run: choose '
                               'another MOVENET_TEST_DOMAIN_ID or leave it unset')
        return domain
    candidates = list(SAFE_DOMAINS)
    (rng or random.SystemRandom()).shuffle(candidates)
    ports = _bound_udp_ports()
    for domain in candidates:
        if not domain_in_use(domain, ports) and _try_lock(domain):
            return domain
    raise RuntimeError(f'every ROS domain in {SAFE_DOMAINS} is held by a test run')
