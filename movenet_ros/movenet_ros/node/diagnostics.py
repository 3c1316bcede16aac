# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The node's /diagnostics status, and the warning for frames lost before they arrive.

One status per beat, also while a managed node is inactive (then it says so), so a
monitor sees the node alive whatever its state.
"""

from dataclasses import dataclass
import os
import sys
import threading

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue

from ..runtime.allocator import heap_usage
from ..runtime.frame_accounting import LOSSY_SHARE

#: Bytes in the MB of the memory figures (the binary one, as /proc and top count).
MB = 1024 * 1024

#: What to do about frames lost between the camera and the node, most likely cause first.
LOSS_ADVICE = (
    "Raw frames larger than the camera's Fast DDS shared-memory segment (512 KiB by "
    'default) travel as UDP fragments, and a best-effort subscription loses every frame '
    'that misses one. Fixes: subscribe reliable (qos_reliability auto or reliable, with a '
    "reliable camera); give the camera a larger shared-memory segment or Fast DDS's "
    'large-data transport (FASTDDS_BUILTIN_TRANSPORTS=LARGE_DATA for the camera and this '
    "node); or let the camera offer image_transport's compressed topic, which "
    'input_transport auto (or compressed) reads.')


def loss_warning(topic, share, reliability):
    """One log line for a lossy input: how much, the subscription, the likely fixes."""
    return (f'{share:.0%} of the frames on {topic} over the last seconds were lost before '
            f'they reached this node (publisher sequence gaps while the model was idle); '
            f'the subscription is {reliability.replace("_", " ")}. {LOSS_ADVICE}')


def memory_pairs(statm='/proc/self/statm'):
    """
    Return what the process holds, as diagnostics pairs, so that a leak shows on the robot.

    RSS alone swings with the frame sizes in flight (the allocator keeps freed frames,
    runtime/allocator.py); the C heap in use and Python's block count tell growth from kept
    free memory. A figure this system cannot give is left out.
    """
    pairs = []
    try:
        with open(statm) as f:
            resident_pages = int(f.read().split()[1])
        pairs.append(('rss_mb', f'{resident_pages * os.sysconf("SC_PAGE_SIZE") / MB:.1f}'))
    except (OSError, ValueError, IndexError):
        pass
    heap = heap_usage()
    if heap is not None:
        pairs += [('heap_in_use_mb', f'{heap.in_use / MB:.1f}'),
                  ('heap_free_mb', f'{heap.free / MB:.1f}')]
    pairs.append(('python_blocks', sys.getallocatedblocks()))
    return pairs


class ProcessMemory:
    """
    Read the process's memory pairs once for all the cameras that beat within a moment.

    Every camera of a process beats once a second and reports the same process-wide
    figures; mallinfo2 holds the malloc lock while it walks the free lists, which the frame
    threads wait on. One read serves every beat within ``max_age`` seconds.
    """

    def __init__(self, read=memory_pairs, max_age=0.5):
        self.max_age = max_age
        self._read = read
        self._pairs, self._at = (), None
        self._lock = threading.Lock()

    def pairs(self, now):
        """Return the figures, read again if the last read is ``max_age`` or older."""
        with self._lock:
            if self._at is None or now - self._at >= self.max_age:
                self._pairs, self._at = self._read(), now
            return self._pairs


#: The process's one memory reader (every pipeline's beat asks it).
process_memory = ProcessMemory()


@dataclass(frozen=True)
class PipelineStatus:
    """What a beat reports besides the counts: the state, the input and the model."""

    active: bool
    model_file: str
    model: str
    delegate: str
    max_latency: float
    #: The image subscription while active: its topic, reliability and TransportChoice.
    topic: str = None
    reliability: str = None
    transport: object = None
    #: Share of the frames lost on the way over the last seconds, when known.
    lost_share: float = None


def diagnostics_array(name, stamp, snapshot, status, memory=()):
    """
    Build the DiagnosticArray with this node's one status.

    ``snapshot`` is the pipeline's StatsSnapshot, ``status`` its PipelineStatus, ``memory``
    the process's figures (ProcessMemory), the same in every camera's status of a process.

    WARN when active and no image arrived since the last beat, when a tenth or more of the
    frames over the last seconds were lost on the way, or when latency p95 exceeds
    max_latency (seconds).
    """
    active, topic, max_latency = status.active, status.topic, status.max_latency
    lost_share, transport = status.lost_share, status.transport
    diagnostic = DiagnosticStatus(name=f'{name}: pose estimation',
                                  hardware_id=status.model_file, level=DiagnosticStatus.OK,
                                  message='ok')
    warn = None
    if not active:
        diagnostic.message = 'inactive: not listening'
    elif snapshot.input_fps == 0.0:
        warn = f'no images on {topic}'
    elif lost_share is not None and lost_share >= LOSSY_SHARE:
        warn = f'{lost_share:.0%} of frames lost before reaching the node'
    elif snapshot.latency_ms_p95 > max_latency * 1e3:
        warn = (f'latency p95 {snapshot.latency_ms_p95:.0f} ms exceeds max_latency '
                f'{max_latency * 1e3:.0f} ms')
    if warn:
        diagnostic.level, diagnostic.message = DiagnosticStatus.WARN, warn
    pairs = [
        ('state', 'active' if active else 'inactive'),
        ('input_fps', f'{snapshot.input_fps:.2f}'),
        ('processed_fps', f'{snapshot.processed_fps:.2f}'),
        ('received', snapshot.received), ('processed', snapshot.processed),
        ('skipped_busy', snapshot.skipped), ('lost_in_transport', snapshot.lost),
        ('rejected', snapshot.rejected), ('failed', snapshot.failed),
        ('rendered', snapshot.rendered), ('depth_unpaired', snapshot.unpaired),
        ('jpeg_warnings', snapshot.jpeg_warnings), ('worker_faults', snapshot.faults),
        ('inference_ms_p50', f'{snapshot.inference_ms_p50:.2f}'),
        ('inference_ms_p95', f'{snapshot.inference_ms_p95:.2f}'),
        ('latency_ms_p50', f'{snapshot.latency_ms_p50:.2f}'),
        ('latency_ms_p95', f'{snapshot.latency_ms_p95:.2f}'),
        ('latency_ms_p99', f'{snapshot.latency_ms_p99:.2f}'),
        ('delegate', status.delegate), ('model', status.model),
        ('input_topic', topic or ''), ('input_reliability', status.reliability or ''),
        ('input_transport', transport.transport if transport else ''),
        ('input_transport_reason', transport.reason if transport else ''),
        ('jpeg_decode_scale', f'1/{snapshot.decode_scale}'),
        *memory,
    ]
    diagnostic.values = [KeyValue(key=k, value=str(v)) for k, v in pairs]
    array = DiagnosticArray(status=[diagnostic])
    array.header.stamp = stamp
    return array
