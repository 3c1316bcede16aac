# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The mcap libraries, imported only when a bag is read or an MCAP file written.

mcap and mcap-ros2-support come from pip and a ROS install need not have them. Without
them, movenet_pose still turns videos and images into JSON Lines, and a bag or an .mcap
output gets one line saying what to install.
"""

import importlib
from types import SimpleNamespace

INSTALL = 'pip install mcap mcap-ros2-support'


class McapMissing(ImportError):
    """The mcap libraries are not installed; the message says what to install."""


def _module(name):
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise McapMissing(f'reading or writing MCAP needs the mcap libraries ({e}); install '
                          f'them with: {INSTALL}') from None


def mcap_reading():
    """Return mcap's readers and error type and mcap-ros2-support's decoder factory."""
    reader = _module('mcap.reader')
    return SimpleNamespace(SeekingReader=reader.SeekingReader,
                           NonSeekingReader=reader.NonSeekingReader,
                           McapError=_module('mcap.exceptions').McapError,
                           DecoderFactory=_module('mcap_ros2.decoder').DecoderFactory)


def mcap_writer():
    """Return mcap-ros2-support's Writer class."""
    return _module('mcap_ros2.writer').Writer


def require_mcap():
    """Raise McapMissing unless both libraries import: before a model is loaded for nothing."""
    mcap_reading()
    mcap_writer()
