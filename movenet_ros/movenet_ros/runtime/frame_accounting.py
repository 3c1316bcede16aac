# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Counters and timing windows of a running pipeline, for diagnostics and summaries.

Thread-safe: the subscription callback, the worker and the diagnostics timer all touch it.
"""

from collections import deque
from dataclasses import dataclass
import threading

import numpy as np


@dataclass(frozen=True)
class StatsSnapshot:
    """What happened since the previous snapshot, plus running totals."""

    period: float
    input_fps: float
    processed_fps: float
    received: int
    processed: int
    skipped: int
    lost: int
    rejected: int
    failed: int
    rendered: int
    unpaired: int
    jpeg_warnings: int
    faults: int
    over_budget: int
    inference_ms_p50: float
    inference_ms_p95: float
    latency_ms_p50: float
    latency_ms_p95: float
    latency_ms_p99: float
    #: The reduction the last JPEG was decoded at (1, 2, 4 or 8).
    decode_scale: int = 1


class PipelineStats:
    """
    Totals since start, and the last ``window`` inference and latency samples.

    Every frame the camera sent (as far as its sequence numbers show) is ``received`` and
    ends in exactly one of: ``processed``; ``skipped`` because the model was busy (newer
    frames replaced it in the queue, or a deactivate came first); ``lost`` before it reached
    the node (a sequence gap that opened while the model was idle, i.e. lost in transport);
    ``rejected`` as a bad image; ``failed`` by an error while processing it.
    ``jpeg_warnings`` counts JPEGs libjpeg warned about (damaged, decoded all the same);
    ``faults`` the errors of the worker outside a frame's processing; ``over_budget``
    the people found beyond the multi-person refinement budget, summed over frames.
    """

    COUNTERS = ('received', 'processed', 'skipped', 'lost', 'rejected', 'failed', 'rendered',
                'unpaired', 'jpeg_warnings', 'faults', 'over_budget')

    def __init__(self, window=300):
        self._lock = threading.Lock()
        self._inference = deque(maxlen=window)
        self._latency = deque(maxlen=window)
        self._totals = dict.fromkeys(self.COUNTERS, 0)
        self._last_totals = dict(self._totals)
        self._last_time = None
        self._decode_scale = 1

    def note_decode_scale(self, reduction):
        """Record the reduction a JPEG was decoded at."""
        self._decode_scale = reduction

    def count(self, counter, n=1):
        """Add ``n`` to one of COUNTERS."""
        with self._lock:
            self._totals[counter] += n

    def total(self, counter):
        """Return the running total of one of COUNTERS."""
        with self._lock:
            return self._totals[counter]

    def add_timing(self, inference_s, latency_s):
        """Record one processed frame's inference time and stamp-to-publish latency."""
        with self._lock:
            self._inference.append(inference_s * 1e3)
            self._latency.append(latency_s * 1e3)

    def snapshot(self, now):
        """Take rates since the previous call, at ``now`` seconds, and timing percentiles."""
        with self._lock:
            period = 0.0 if self._last_time is None else now - self._last_time
            delta = {k: self._totals[k] - self._last_totals[k] for k in self.COUNTERS}
            self._last_totals = dict(self._totals)
            self._last_time = now
            inference = np.array(self._inference) if self._inference else np.zeros(1)
            latency = np.array(self._latency) if self._latency else np.zeros(1)
            totals = dict(self._totals)
        rate = (lambda n: n / period) if period > 0 else (lambda n: 0.0)
        return StatsSnapshot(
            period=period, input_fps=rate(delta['received']),
            processed_fps=rate(delta['processed']), **totals,
            inference_ms_p50=float(np.percentile(inference, 50)),
            inference_ms_p95=float(np.percentile(inference, 95)),
            latency_ms_p50=float(np.percentile(latency, 50)),
            latency_ms_p95=float(np.percentile(latency, 95)),
            latency_ms_p99=float(np.percentile(latency, 99)), decode_scale=self._decode_scale)

    def summary(self):
        """One line with the totals."""
        with self._lock:
            t = dict(self._totals)
        return (f"processed {t['processed']} frames of {t['received']} received; skipped "
                f"{t['skipped']} while the model was busy, lost {t['lost']} before they "
                f"reached the node, rejected {t['rejected']} bad images, {t['failed']} "
                f"failures; rendered {t['rendered']} annotated images")


#: Share of frames lost before the node from which the input counts as lossy.
LOSSY_SHARE = 0.1


class LossMonitor:
    """
    Says when frames lost before the node call for a warning, and how many were lost.

    A share of ``fraction`` or more of the frames received over the last ``window``
    seconds (with at least ``min_frames`` of them) counts as lossy. The warning is due once
    when that starts, and again only after ``repeat`` seconds of it.
    """

    def __init__(self, window=5.0, fraction=LOSSY_SHARE, min_frames=10, repeat=60.0):
        self.window, self.fraction = window, fraction
        self.min_frames, self.repeat = min_frames, repeat
        self._samples = deque()
        self._warned_at = None

    def update(self, now, received, lost):
        """
        Add the running totals at ``now``; return the lost share when a warning is due.

        Returns None when no warning is due (no loss, too few frames, or warned recently).
        """
        samples = self._samples
        samples.append((now, received, lost))
        while len(samples) > 2 and now - samples[1][0] >= self.window:
            samples.popleft()
        share = self.share()
        if share is None or share < self.fraction:
            return None
        if self._warned_at is not None and now - self._warned_at < self.repeat:
            return None
        self._warned_at = now
        return share

    def share(self):
        """Lost share of the frames received over the window (None with too few frames)."""
        (_, received0, lost0), (_, received1, lost1) = self._samples[0], self._samples[-1]
        if received1 - received0 < self.min_frames:
            return None
        return (lost1 - lost0) / (received1 - received0)


class SequenceGaps:
    """
    Frames a publisher sent that never reached us, from its sequence numbers.

    Newer frames replace older ones in the subscription's queue while the model runs, and
    best-effort transport may lose some; neither is ever seen, but both leave a gap in the
    publisher's numbering. The message info names no publisher, so numbers are followed
    per image ``frame_id`` (one camera, one frame): two cameras on one topic keep separate
    counts. A number that does not increase (a restarted publisher, or a second one with
    the same frame_id) starts the count again instead of being read as a gap, so the count
    is exact with one publisher per frame_id.
    """

    #: Sources followed at once; an image with a new frame_id beyond this starts over.
    MAX_SOURCES = 64

    def __init__(self):
        self._last = {}

    def missed(self, sequence, source=''):
        """Return how many frames from ``source`` were skipped before number ``sequence``."""
        last = self._last.get(source)
        if sequence is None:
            self._last.pop(source, None)
            return 0
        if last is None and len(self._last) >= self.MAX_SOURCES:
            self._last.clear()
        self._last[source] = sequence
        if last is None or sequence <= last:
            return 0
        return sequence - last - 1
