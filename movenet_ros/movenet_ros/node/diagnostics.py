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
from rclpy.qos import HistoryPolicy, ReliabilityPolicy

from ..ros.transport import (AUTO, BEST_EFFORT, COMPRESSED, RAW, RELIABLE,
                             SHM_SEGMENT_BYTES)
from ..runtime.allocator import heap_usage
from ..runtime.frame_accounting import LOSSY_SHARE

#: Bytes in the MB of the memory figures (the binary one, as /proc and top count).
MB = 1024 * 1024

#: A publisher history at least this deep is not what loses frames to a reliable reader.
DEEP_HISTORY = 30


@dataclass(frozen=True)
class LossFacts:
    """What the node knows about its input when frames go missing on the way."""

    #: The subscription's reliability as the middleware chose it, and qos_reliability.
    reliability: str
    setting: str = AUTO
    #: What is read now (raw or compressed) and the input_transport setting.
    transport: str = RAW
    transport_setting: str = AUTO
    #: (reliability, history depth or None where the graph does not tell) per publisher.
    publishers: tuple = ()
    #: A raw frame's bytes when known; whether the camera offers the compressed topic.
    raw_bytes: int = None
    compressed_offered: bool = False
    segment: int = SHM_SEGMENT_BYTES


def _size(count):
    return f'{count / MB:.1f} MiB' if count >= MB else f'{count / 1024:.0f} KiB'


def _compressed_hint(facts):
    """How to stop sending raw frames through UDP fragments; '' when already compressed."""
    if facts.transport == COMPRESSED:
        return ''
    if facts.compressed_offered:
        return "read the camera's compressed topic (input_transport: compressed)"
    return ("let the camera offer image_transport's compressed topic (input_transport "
            f"{'auto' if facts.transport_setting == AUTO else 'auto or compressed'} reads "
            "it), or give the camera a larger shared-memory segment or Fast DDS's large-data "
            'transport (FASTDDS_BUILTIN_TRANSPORTS=LARGE_DATA for the camera and this node)')


def loss_advice(facts):
    """
    Return (likely cause, fixes) for frames lost on the way, from what was measured.

    A reliable reader of reliable publishers loses nothing in transit: the publisher
    overwrote frames its history still held for a reader that fell behind (a saturated
    CPU). A best-effort reader loses every frame that misses a UDP fragment, and raw
    frames above the shared-memory segment travel as fragments. No fix offered is what is
    already the case.
    """
    large = (facts.transport == RAW and facts.raw_bytes is not None
             and facts.raw_bytes > facts.segment)
    fragments = (f'raw frames of {_size(facts.raw_bytes)} exceed the {_size(facts.segment)} '
                 'shared-memory segment and travel as UDP fragments' if large else '')
    fixes = []
    if facts.reliability == BEST_EFFORT:
        cause = (f'{fragments}; a best-effort reader loses every frame that misses one'
                 if large else 'a best-effort reader loses the frames it cannot take in '
                 'time, as when the CPU is saturated')
        publishers = [reliability for reliability, _ in facts.publishers]
        if BEST_EFFORT in publishers:
            fixes.append('publish reliable from the camera (this node subscribes best effort '
                         'while a publisher is)' if facts.setting == AUTO else
                         'publish reliable from the camera and subscribe reliable '
                         '(qos_reliability auto or reliable)')
        elif publishers:
            fixes.append('subscribe reliable (qos_reliability auto or reliable): the camera '
                         'publishes reliable')
        else:  # the publisher left the graph meanwhile
            fixes.append('a reliable camera and subscription (qos_reliability auto or '
                         'reliable)')
    else:
        depths = [depth for _, depth in facts.publishers if depth is not None]
        held = (f'its history keeps {min(depths)} frames' if depths else
                'it keeps as many frames as its history depth (which the graph does not '
                "report; video_publisher's depth parameter is 5 by default)")
        cause = ('reliable delivery loses nothing on the way, so the publisher overwrote '
                 f'frames it still held for this node: {held}, and a reader that falls '
                 'behind, as when the CPU is saturated, misses the older ones')
        if not depths or min(depths) < DEEP_HISTORY:
            fixes.append("raise the publisher's history depth")
        fixes.append('give the camera and this node CPU to spare')
        if large:
            cause += f'; {fragments}, slower to deliver and repair under load'
    hint = _compressed_hint(facts) if large else ''
    if hint:
        fixes.append(hint)
    return cause, fixes


def loss_warning(topic, share, facts):
    """One log line for a lossy input: how much, the likely cause, the fixes that apply."""
    cause, fixes = loss_advice(facts)
    reliability = facts.reliability.replace('_', ' ')
    return (f'{share:.0%} of the frames on {topic} over the last seconds were lost before '
            f'they reached this node (publisher sequence gaps while the model was idle; '
            f'the subscription is {reliability}). Likely: {cause}. '
            f"Try: {'; '.join(fixes)}.")


def _depth(profile):
    """Return a publisher's history depth from the graph, None where it does not tell."""
    if profile.history == HistoryPolicy.KEEP_ALL:
        return DEEP_HISTORY
    if profile.history == HistoryPolicy.KEEP_LAST and profile.depth > 0:
        return profile.depth
    return None


def loss_facts(node, intake):
    """Gather LossFacts for ``intake``'s input: its own state, the graph, the frame sizes."""
    subscription = intake.subscription
    publishers = tuple(
        (BEST_EFFORT if info.qos_profile.reliability == ReliabilityPolicy.BEST_EFFORT
         else RELIABLE, _depth(info.qos_profile))
        for info in node.get_publishers_info_by_topic(subscription.topic_name))
    return LossFacts(
        reliability=subscription.reliability, setting=subscription.setting,
        transport=intake.choice.transport, transport_setting=intake.transport_setting,
        publishers=publishers, raw_bytes=intake.raw_bytes,
        compressed_offered=node.count_publishers(intake.compressed_topic) > 0)


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
        ('people_over_budget', snapshot.over_budget),
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
