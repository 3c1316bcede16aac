# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""fd 2 caught around native calls: libjpeg's warnings kept for the caller, the rest passed on."""

import os
import re

import cv2
from movenet_ros.core.image_io import frame_from_compressed
from movenet_ros.runtime.native_stderr import caught, is_libjpeg_warning
import numpy as np
import pytest


@pytest.fixture(scope='module')
def damaged_jpeg():
    """Give a JPEG with three stray bytes before its end marker (libjpeg warns, decodes it)."""
    pixels = np.full((64, 48, 3), 120, np.uint8)
    jpeg = cv2.imencode('.jpg', pixels)[1].tobytes()
    return jpeg[:-2] + b'\x12\x34\x56' + jpeg[-2:]


def test_the_call_lines_are_kept_and_other_lines_passed_on(capfd):
    lines = []
    with caught(lines, is_libjpeg_warning):
        os.write(2, b'Corrupt JPEG data: premature end of data segment\n')
        os.write(2, b'[WARN] [1.0] [other_thread]: still printed\n')
    assert lines == ['Corrupt JPEG data: premature end of data segment']
    assert capfd.readouterr().err == '[WARN] [1.0] [other_thread]: still printed\n'
    with caught(lines):  # without a filter every line is the call's
        os.write(2, b'one\ntwo\n')
    assert lines[1:] == ['one', 'two']
    assert capfd.readouterr().err == ''


def test_fd_2_is_restored_when_the_call_raises(capfd):
    with pytest.raises(RuntimeError):
        with caught([]):
            raise RuntimeError('boom')
    os.write(2, b'after\n')
    assert capfd.readouterr().err == 'after\n'


@pytest.mark.parametrize('reduction', [1, 2])
def test_libjpeg_warnings_go_to_the_caller_not_to_stderr(capfd, damaged_jpeg, reduction):
    warnings = []
    frame = frame_from_compressed(damaged_jpeg, reduction=reduction, warnings=warnings)
    assert frame.width == 48 and frame.height == 64  # decoded all the same
    assert len(warnings) == 1
    assert re.fullmatch(r'Corrupt JPEG data: \d extraneous bytes before marker 0xd9',
                        warnings[0]), warnings
    assert capfd.readouterr().err == ''


def test_without_a_list_libjpeg_prints_as_before(capfd, damaged_jpeg):
    frame_from_compressed(damaged_jpeg)
    assert 'extraneous bytes before marker 0xd9' in capfd.readouterr().err


def test_an_intact_jpeg_gives_no_warning(capfd):
    jpeg = cv2.imencode('.jpg', np.zeros((16, 16, 3), np.uint8))[1].tobytes()
    warnings = []
    frame_from_compressed(jpeg, warnings=warnings)
    assert warnings == [] and capfd.readouterr().err == ''


@pytest.mark.parametrize('line, warning', [
    ('Corrupt JPEG data: 2 extraneous bytes before marker 0xd9', True),
    ('Premature end of JPEG file', True),
    ('Warning: unknown JFIF revision number 3.01', True),
    ('[WARN] [1733500000.1] [movenet_node]: Corrupt JPEG data', False),
    ('Traceback (most recent call last):', False),
])
def test_which_lines_are_libjpeg_warnings(line, warning):
    assert is_libjpeg_warning(line) is warning
