# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Which of a camera's transports to read: raw sensor_msgs/Image or its JPEG sibling.

On stock Fast DDS a sample larger than the shared-memory segment (512 KiB by default) goes
over UDP in fragments: slower, and a lost fragment delays the frame behind a repair. A JPEG
of the same frame fits the segment, and the node decodes it at the model's scale.
image_transport's compressed plugin encodes only while someone subscribes, so reading it
moves work into the camera; measured on stock Fast DDS (docs/benchmarks.md), the CPU of
camera and node together came out the same for raw and JPEG at 640x480, 1280x720 and
1920x1080 (within this machine's run-to-run spread), while JPEG halved the latency at each
size and lost no frame where raw 1080p lost 3 to 7 %. So frames that do not fit the
segment are read as JPEG when the camera offers it.
"""

from dataclasses import dataclass

RAW, COMPRESSED, AUTO = 'raw', 'compressed', 'auto'
TRANSPORT_CHOICES = (AUTO, RAW, COMPRESSED)

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
