# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The process's memory figures that every /diagnostics status carries, and the loss advice.

The advice for frames lost on the way follows from what was measured (the subscription,
the publishers as the graph reports them, the frame sizes) and never offers what is
already the case.
"""

import os
from types import SimpleNamespace

from movenet_ros.node.diagnostics import (loss_advice, loss_facts, loss_warning, LossFacts,
                                          memory_pairs, ProcessMemory)
import pytest
from rclpy.qos import HistoryPolicy, ReliabilityPolicy

VGA, HD = 640 * 480 * 3, 1920 * 1080 * 3  # 900 KiB and 5.9 MiB: both above 512 KiB
QVGA = 320 * 240 * 3  # 225 KiB: fits the segment


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


def _advice(**facts):
    cause, fixes = loss_advice(LossFacts(**facts))
    return cause, ' | '.join(fixes)


def test_reliable_both_sides_blames_the_publishers_history_and_the_cpu():
    # The field report: video_publisher, reliable with depth 5, under CPU load.
    cause, fixes = _advice(reliability='reliable', publishers=(('reliable', 5),),
                           raw_bytes=QVGA)
    assert 'loses nothing on the way' in cause and 'keeps 5 frames' in cause
    assert 'CPU is saturated' in cause
    assert "raise the publisher's history depth" in fixes and 'CPU' in fixes
    assert 'subscribe reliable' not in fixes  # it already is
    assert 'compressed' not in fixes and 'UDP' not in cause  # the frames fit the segment


def test_a_depth_the_graph_does_not_report_is_named_as_unknown():
    cause, fixes = _advice(reliability='reliable', publishers=(('reliable', None),))
    assert 'does not report' in cause and "video_publisher's depth parameter" in cause
    assert "raise the publisher's history depth" in fixes


def test_a_deep_history_is_not_what_to_raise():
    cause, fixes = _advice(reliability='reliable', publishers=(('reliable', 100),))
    assert 'keeps 100 frames' in cause
    assert 'raise' not in fixes and 'CPU' in fixes


def test_reliable_both_sides_with_frames_above_the_segment_adds_compressed():
    cause, fixes = _advice(reliability='reliable', publishers=(('reliable', 5),),
                           raw_bytes=HD, compressed_offered=True)
    assert 'raw frames of 5.9 MiB exceed the 512 KiB shared-memory segment' in cause
    assert "read the camera's compressed topic (input_transport: compressed)" in fixes
    assert "raise the publisher's history depth" in fixes
    _, fixes = _advice(reliability='reliable', publishers=(('reliable', 5),), raw_bytes=HD)
    assert "let the camera offer image_transport's compressed topic" in fixes
    assert 'LARGE_DATA' in fixes


def test_best_effort_reader_of_large_raw_frames_of_a_reliable_camera():
    # qos_reliability best_effort against a reliable camera: subscribing reliable helps.
    cause, fixes = _advice(reliability='best_effort', setting='best_effort',
                           publishers=(('reliable', 5),), raw_bytes=VGA)
    assert 'UDP fragments' in cause and 'misses one' in cause
    assert 'subscribe reliable (qos_reliability auto or reliable)' in fixes
    assert 'compressed topic' in fixes
    assert 'history depth' not in fixes  # not what loses frames to a best-effort reader


def test_best_effort_camera_is_what_to_change_when_auto_follows_it():
    cause, fixes = _advice(reliability='best_effort', setting='auto',
                           publishers=(('best_effort', None),), raw_bytes=HD)
    assert 'publish reliable from the camera' in fixes
    assert 'qos_reliability auto or reliable' not in fixes  # it is auto already
    _, fixes = _advice(reliability='best_effort', setting='best_effort',
                       publishers=(('best_effort', None),), raw_bytes=QVGA)
    assert 'publish reliable from the camera and subscribe reliable' in fixes


def test_best_effort_with_small_frames_names_the_cpu_not_the_segment():
    cause, fixes = _advice(reliability='best_effort', setting='best_effort',
                           publishers=(('reliable', 5),), raw_bytes=QVGA)
    assert 'cannot take in time' in cause and 'UDP' not in cause
    assert 'compressed' not in fixes


def test_compressed_input_never_suggests_compressed():
    for reliability in ('reliable', 'best_effort'):
        cause, fixes = _advice(reliability=reliability, transport='compressed',
                               publishers=(('reliable', 5),), raw_bytes=HD,
                               compressed_offered=True)
        assert 'compressed' not in fixes and 'UDP' not in cause


def test_no_publisher_left_still_gives_a_fix():
    _, fixes = _advice(reliability='best_effort', setting='best_effort')
    assert fixes


def test_the_warning_line_names_share_topic_cause_and_fixes():
    line = loss_warning('/image_raw', 0.25, LossFacts(
        reliability='reliable', publishers=(('reliable', 5),), raw_bytes=QVGA))
    assert line.startswith('25% of the frames on /image_raw over the last seconds were lost '
                           'before they reached this node')
    assert 'the subscription is reliable). Likely: reliable delivery' in line
    assert line.endswith("Try: raise the publisher's history depth; give the camera and "
                         'this node CPU to spare.')


@pytest.mark.parametrize('history, depth, expected', [
    (HistoryPolicy.UNKNOWN, 0, None),  # what the graph reports today
    (HistoryPolicy.KEEP_LAST, 5, 5),
    (HistoryPolicy.KEEP_ALL, 0, 30),
])
def test_facts_come_from_the_graph_the_subscription_and_the_intake(history, depth, expected):
    profile = SimpleNamespace(reliability=ReliabilityPolicy.RELIABLE, history=history,
                              depth=depth)
    node = SimpleNamespace(
        get_publishers_info_by_topic=lambda topic: [SimpleNamespace(qos_profile=profile)],
        count_publishers=lambda topic: 1 if topic == '/image_raw/compressed' else 0)
    intake = SimpleNamespace(
        subscription=SimpleNamespace(topic_name='/image_raw', reliability='reliable',
                                     setting='auto'),
        choice=SimpleNamespace(transport='raw'), transport_setting='auto', raw_bytes=HD,
        compressed_topic='/image_raw/compressed')
    assert loss_facts(node, intake) == LossFacts(
        reliability='reliable', setting='auto', transport='raw', transport_setting='auto',
        publishers=(('reliable', expected),), raw_bytes=HD, compressed_offered=True)
