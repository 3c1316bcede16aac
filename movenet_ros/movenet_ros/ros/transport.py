# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
How a camera's images reach the node: raw or JPEG, reliable or best effort.

On stock Fast DDS a sample larger than the shared-memory segment goes over UDP in
fragments: slower, and a lost fragment delays the frame behind a repair. A JPEG of the
same frame fits the segment and is decoded at the model's scale, so frames that do not
fit are read as JPEG when the camera offers it (docs/transports.md has the figures). The
choices are plain values (no rclpy), so parameter tables can name them.
"""

from dataclasses import dataclass

RAW, COMPRESSED, AUTO = 'raw', 'compressed', 'auto'
TRANSPORT_CHOICES = (AUTO, RAW, COMPRESSED)
RELIABLE, BEST_EFFORT = 'reliable', 'best_effort'
#: Input reliability: auto follows the camera's publishers.
RELIABILITY_CHOICES = (AUTO, RELIABLE, BEST_EFFORT)

#: Fast DDS's default shared-memory segment: raw frames above this travel fragmented.
SHM_SEGMENT_BYTES = 512 * 1024

#: Bytes per pixel assumed for a raw frame known only from its JPEG's size (rgb8, bgr8).
RAW_BYTES_PER_PIXEL = 3


@dataclass(frozen=True)
class TransportChoice:
    """The transport to read and the reason, for the start-up line and /diagnostics."""

    transport: str
    reason: str


def _size(raw_bytes):
    return f'{raw_bytes / 2**20:.1f} MiB' if raw_bytes >= 2**20 else f'{raw_bytes / 2**10:.0f} KiB'


def choose_transport(setting, raw_offered, compressed_offered, raw_bytes=None,
                     compressed_format=None, limit=SHM_SEGMENT_BYTES):
    """
    Return the TransportChoice for ``setting`` (raw, compressed or auto).

    Auto reads the JPEG topic when the camera offers it and its raw frames are larger than
    ``limit`` (the shared-memory segment), raw otherwise. ``raw_bytes`` is the size of a
    raw frame when known (None: no frame seen yet); ``compressed_format`` is 'jpeg' or
    'png' once a compressed frame was seen. PNG has no scaled decoding, so auto does not
    choose it over raw.
    """
    if setting != AUTO:
        return TransportChoice(setting, 'set by input_transport')
    if not compressed_offered:
        return TransportChoice(RAW, 'auto: the camera offers no compressed topic')
    if compressed_format == 'png':
        if raw_offered:
            return TransportChoice(RAW, 'auto: the compressed topic carries PNG, which '
                                        'decodes at full size only')
        return TransportChoice(COMPRESSED, 'auto: the camera offers only the compressed '
                                           'topic (PNG)')
    if not raw_offered:
        return TransportChoice(COMPRESSED, 'auto: the camera offers only the compressed topic')
    if raw_bytes is None:
        return TransportChoice(COMPRESSED, 'auto: the camera offers a compressed topic; its '
                                           'first frame tells the raw size')
    if raw_bytes > limit:
        return TransportChoice(COMPRESSED, f'auto: raw frames of {_size(raw_bytes)} exceed '
                                           f'the {_size(limit)} shared-memory segment')
    return TransportChoice(RAW, f'auto: raw frames of {_size(raw_bytes)} fit the '
                                f'{_size(limit)} shared-memory segment')
