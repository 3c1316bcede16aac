# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""input_transport auto: which of the camera's topics to read, and why (core/transport.py)."""

from movenet_ros.core.transport import choose_transport, COMPRESSED_ABOVE_BYTES


def test_an_explicit_setting_is_kept_whatever_the_camera_offers():
    assert choose_transport('raw', True, True, 6_220_800).transport == 'raw'
    assert choose_transport('compressed', True, False).transport == 'compressed'
    assert choose_transport('raw', True, True).reason == 'set by input_transport'


def test_auto_reads_raw_when_the_camera_offers_no_compressed_topic():
    choice = choose_transport('auto', True, False, 6_220_800)
    assert choice.transport == 'raw'
    assert choice.reason == 'auto: the camera offers no compressed topic'
    assert choose_transport('auto', False, False).transport == 'raw'  # nobody publishes yet


def test_auto_reads_jpeg_for_frames_where_it_costs_less():
    # 1920 x 1080 x 3 = 6,220,800 bytes = 5.9 MiB, above 4 MiB.
    choice = choose_transport('auto', True, True, 1920 * 1080 * 3)
    assert choice.transport == 'compressed'
    assert choice.reason == ('auto: raw frames of 5.9 MiB are above 4.0 MiB, where JPEG '
                             'costs camera and node less')


def test_auto_reads_raw_frames_up_to_the_threshold():
    # 1280 x 720 x 3 = 2,764,800 bytes = 2.6 MiB: larger than the 512 KiB shared-memory
    # segment, but raw over UDP still costs camera and node less CPU than JPEG.
    choice = choose_transport('auto', True, True, 1280 * 720 * 3)
    assert choice.transport == 'raw'
    assert choice.reason == ('auto: raw frames of 2.6 MiB are at most 4.0 MiB, where raw '
                             'costs camera and node less')
    # 320 x 240 x 3 = 230,400 bytes = 225 KiB.
    assert 'raw frames of 225 KiB' in choose_transport('auto', True, True, 320 * 240 * 3).reason
    assert choose_transport('auto', True, True, COMPRESSED_ABOVE_BYTES).transport == 'raw'
    assert choose_transport('auto', True, True,
                            COMPRESSED_ABOVE_BYTES + 1).transport == 'compressed'


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
