# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""input_transport auto: which of the camera's topics to read, and why (ros/transport.py)."""

from movenet_ros.ros.transport import choose_transport, SHM_SEGMENT_BYTES


def test_an_explicit_setting_is_kept_whatever_the_camera_offers():
    assert choose_transport('raw', True, True, 6_220_800).transport == 'raw'
    assert choose_transport('compressed', True, False).transport == 'compressed'
    assert choose_transport('raw', True, True).reason == 'set by input_transport'


def test_auto_reads_raw_when_the_camera_offers_no_compressed_topic():
    choice = choose_transport('auto', True, False, 6_220_800)
    assert choice.transport == 'raw'
    assert choice.reason == 'auto: the camera offers no compressed topic'
    assert choose_transport('auto', False, False).transport == 'raw'  # nobody publishes yet


def test_auto_reads_jpeg_for_frames_larger_than_the_shared_memory_segment():
    # 1920 x 1080 x 3 = 6,220,800 bytes = 5.9 MiB; the segment is 512 KiB.
    choice = choose_transport('auto', True, True, 1920 * 1080 * 3)
    assert choice.transport == 'compressed'
    assert choice.reason == ('auto: raw frames of 5.9 MiB exceed the 512 KiB shared-memory '
                             'segment')
    # 640 x 480 x 3 = 921,600 bytes = 900 KiB: larger than the segment too.
    assert choose_transport('auto', True, True, 640 * 480 * 3).transport == 'compressed'


def test_auto_reads_raw_frames_that_fit_the_segment():
    # 320 x 240 x 3 = 230,400 bytes = 225 KiB.
    choice = choose_transport('auto', True, True, 320 * 240 * 3)
    assert choice.transport == 'raw'
    assert choice.reason == 'auto: raw frames of 225 KiB fit the 512 KiB shared-memory segment'
    assert choose_transport('auto', True, True, SHM_SEGMENT_BYTES).transport == 'raw'
    assert choose_transport('auto', True, True, SHM_SEGMENT_BYTES + 1).transport == 'compressed'


def test_auto_reads_jpeg_until_a_frame_tells_the_size():
    # The first compressed frame's header gives the size; raw frames would cost a large
    # one its trip through UDP fragments first.
    choice = choose_transport('auto', True, True, None)
    assert choice.transport == 'compressed'
    assert 'first frame' in choice.reason


def test_auto_prefers_raw_over_png_and_reads_a_compressed_only_camera():
    assert choose_transport('auto', True, True, 6_220_800, 'png').transport == 'raw'
    assert choose_transport('auto', False, True, None, 'png').transport == 'compressed'
    assert choose_transport('auto', False, True, 100).transport == 'compressed'
