# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The process's memory figures that every /diagnostics status carries."""

import os

from movenet_ros.node.diagnostics import memory_pairs, ProcessMemory


def test_rss_is_read_from_the_resident_pages(tmp_path):
    statm = tmp_path / 'statm'
    statm.write_text('9000 250 40 3 0 700 0\n')  # size resident shared text lib data dt
    pairs = dict(memory_pairs(str(statm)))
    assert pairs['rss_mb'] == f'{250 * os.sysconf("SC_PAGE_SIZE") / 2**20:.1f}'
    assert float(pairs['heap_in_use_mb']) > 0 and float(pairs['heap_free_mb']) >= 0
    assert pairs['python_blocks'] > 0


def test_an_unreadable_statm_leaves_rss_out(tmp_path):
    keys = [key for key, _ in memory_pairs(str(tmp_path / 'missing'))]
    assert keys == ['heap_in_use_mb', 'heap_free_mb', 'python_blocks']
    (tmp_path / 'short').write_text('9000\n')
    assert 'rss_mb' not in dict(memory_pairs(str(tmp_path / 'short')))


def test_the_figures_are_this_process():
    pairs = dict(memory_pairs())
    with open('/proc/self/status') as status:
        rss_mb = next(int(line.split()[1]) / 1024 for line in status
                      if line.startswith('VmRSS'))
    assert abs(float(pairs['rss_mb']) - rss_mb) < 5.0


def test_one_read_serves_every_beat_within_max_age():
    reads = []

    def read():
        reads.append(len(reads))
        return [('python_blocks', len(reads))]

    memory = ProcessMemory(read=read, max_age=0.5)
    assert memory.pairs(10.0) == [('python_blocks', 1)]
    assert memory.pairs(10.2) == [('python_blocks', 1)]  # a second camera's beat
    assert memory.pairs(10.49) == [('python_blocks', 1)]
    assert memory.pairs(10.5) == [('python_blocks', 2)]  # the next second's beats
    assert memory.pairs(11.7) == [('python_blocks', 3)]
    assert len(reads) == 3
