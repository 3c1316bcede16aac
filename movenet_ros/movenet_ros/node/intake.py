# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Frame intake: the image subscription, the worker thread, and what each frame costs.

A worker thread runs the model. The subscription takes a frame only when the worker is
ready for one (FrameGate), so a model slower than the camera skips frames instead of
building a backlog; when the worker finishes a frame it takes what waits itself and
keeps the newest. Every frame is counted by the publisher's sequence numbers: a gap that
opened while the worker was busy is ``skipped``, one that opened while it was idle is
``lost`` before it reached the node (runtime/frame_accounting.py).
"""

from functools import partial
import threading
import time

from sensor_msgs.msg import CompressedImage, Image

from .frame_gate import FrameGate
from .scheduler import hand_over
from ..core.image_io import check_compressed, check_layout, compressed_size, ImageError, is_jpeg
from ..ros.camera_qos import ImageSubscription
from ..ros.compat import with_info
from ..ros.transport import choose_transport, COMPRESSED, RAW_BYTES_PER_PIXEL
from ..runtime.frame_accounting import SequenceGaps

LOG_THROTTLE = 5.0
#: Longest wait for the worker at deactivate: one inference, even a slow delegate's.
STOP_TIMEOUT = 30.0


def check_message(msg, max_pixels):
    """Refuse an image message whose header, size or layout cannot be right."""
    if msg.header.stamp.nanosec >= 1_000_000_000:
        raise ImageError(f'invalid stamp: nanosec {msg.header.stamp.nanosec} is not below 1e9')
    if isinstance(msg, CompressedImage):
        check_compressed(msg.data, max_pixels)
    else:
        check_layout(msg.encoding, msg.width, msg.height, msg.step, len(msg.data))


class FrameIntake:
    """
    One activation's image subscription and worker.

    ``process(msg, stop)`` runs in the worker for every frame taken; it raises ImageError
    for a bad image and must not publish once ``stop`` is set. ``settings`` are the live
    values (``max_pixels``); ``startup`` the frozen ones of this activation (transport,
    QoS). ``stop()`` returns only when the worker has finished.
    """

    def __init__(self, node, settings, startup, stats, process, on_incompatible,
                 scheduler=None):
        self._node = node
        self._settings = settings
        self._stats = stats
        self._process = process
        self._log = node.get_logger()
        self._gaps = SequenceGaps()
        self._gate = FrameGate()
        self._stop = threading.Event()
        self._wake = threading.Condition()
        self._pending = None
        self._pending_at = None  # when the pending frame arrived (monotonic seconds)
        self._scheduler = scheduler
        self._startup = startup
        self._on_incompatible = on_incompatible
        self.raw_topic = node.resolve_topic_name('image')
        self.compressed_topic = self.raw_topic + '/compressed'
        #: What the frames seen so far tell about the camera (for input_transport auto).
        self._raw_bytes = self._compressed_format = None
        self.subscription = None
        self.choice = self._choose()
        self._subscribe(self.choice.transport)
        self._worker = None
        if scheduler is not None:  # one worker for every camera of the process
            scheduler.add(self)
        else:
            self._worker = threading.Thread(target=self._work, name='movenet_worker',
                                            daemon=True)
            self._worker.start()

    @property
    def topic_name(self):
        """Return the topic read now (auto may switch between raw and compressed)."""
        return self.subscription.topic_name

    @property
    def raw_bytes(self):
        """Bytes of the camera's raw frame when known: seen, or estimated from its JPEG."""
        return self._raw_bytes

    @property
    def transport_setting(self):
        """Return this activation's input_transport: auto, raw or compressed."""
        return self._startup['input_transport']

    # -- the transport -----------------------------------------------------------------
    def _choose(self):
        graph = self._node.count_publishers
        return choose_transport(
            self._startup['input_transport'], graph(self.raw_topic) > 0,
            graph(self.compressed_topic) > 0, self._raw_bytes, self._compressed_format)

    def _subscribe(self, transport):
        if self.subscription is not None:
            self.subscription.destroy()
        # Another publisher numbers its frames afresh: no gap across the switch.
        self._gaps = SequenceGaps()
        msg_type, topic = ((CompressedImage, self.compressed_topic) if transport == COMPRESSED
                           else (Image, self.raw_topic))
        startup = self._startup
        self.subscription = ImageSubscription(
            self._node, msg_type, topic, with_info(partial(self._on_image, self._gate)),
            startup['qos_reliability'], startup['qos_depth'], self._gate, self._on_incompatible)

    def follow_transport(self):
        """
        Read the other transport if the camera's topics now call for it (input_transport auto).

        Returns the new TransportChoice when the transport changed, else None. Runs in the
        executor (the diagnostics beat), like the reliability's follow.
        """
        choice = self._choose()
        if choice.transport == self.choice.transport:
            self.choice = choice  # the same transport, perhaps for a better-known reason
            return None
        self.choice = choice
        self._subscribe(choice.transport)
        return choice

    def _note_size(self, msg):
        """Remember how large the camera's raw frames are, for input_transport auto."""
        if isinstance(msg, CompressedImage):
            width, height = compressed_size(msg.data)
            self._compressed_format = 'jpeg' if is_jpeg(msg.data) else 'png'
            if self._raw_bytes is None or self.choice.transport == COMPRESSED:
                self._raw_bytes = width * height * RAW_BYTES_PER_PIXEL
        else:
            self._raw_bytes = len(msg.data)

    def stop(self):
        """Unsubscribe and stop the worker; nothing is processed once this returns."""
        self.subscription.destroy()
        with self._wake:
            self._stop.set()
            self._wake.notify_all()
        if self._scheduler is not None:
            self._scheduler.remove(self)  # returns once no step of this camera runs
        else:
            self._worker.join(timeout=STOP_TIMEOUT)
            if self._worker.is_alive():  # a hung delegate; process() checks the flag itself
                self._log.error(f'the worker did not stop within {STOP_TIMEOUT:.0f} s')
        with self._wake:
            if self._pending is not None:
                self._stats.count('skipped')
            self._pending = None

    # -- taking frames -----------------------------------------------------------------
    def _on_image(self, gate, msg, info):
        # Taken by the executor: the gate was open, so the worker was idle, and a gap in
        # the sequence numbers now means frames that never reached the node.
        if not self._admit(msg, info, gap='lost'):
            return  # the gate opens again by itself: nothing was handed over
        with self._wake:
            if self._stop.is_set():
                self._stats.count('skipped')  # arrived while deactivating
                return
            if self._pending is not None:  # FrameGate lets one take at a time; safety net
                self._stats.count('skipped')
            gate.hand_over()
            self._set_pending(msg)

    def _admit(self, msg, info, gap):
        """
        Count a frame on arrival, and the frames missing before it as ``gap``.

        ``gap`` is 'skipped' for a frame the worker took as it finished the previous one
        (the missing ones were replaced in the queue meanwhile) and 'lost' for one taken
        while the worker was idle. Returns False when the frame is refused.
        """
        missing = self._gaps.missed(info.get('publication_sequence_number'),
                                    msg.header.frame_id)
        if missing:
            self._stats.count('received', missing)
            self._stats.count(gap, missing)
        self._stats.count('received')
        try:  # cheap checks on arrival: garbage must not displace a pending good frame
            check_message(msg, self._settings.values['max_pixels'])
        except ImageError as e:
            self.reject(e)
            return False
        self._note_size(msg)
        return True

    def reject(self, error):
        """Count a bad image and say why, throttled."""
        self._stats.count('rejected')
        self._log.error(f'dropping image: {error}', throttle_duration_sec=LOG_THROTTLE)

    def _next_waiting(self):
        """
        Take the newest frame that came during the last one; None when none did.

        Up to ``qos_depth`` frames can be waiting; all are taken and the newest is kept,
        the others count as skipped while busy. A bounded drain: frames arriving as fast
        as they are taken cannot keep the worker here.
        """
        newest = None
        for _ in range(self.subscription.depth):
            subscription = self.subscription.subscription
            if self._stop.is_set() or subscription is None:
                break
            try:
                taken = self._gate.take_waiting(subscription)
            except Exception as e:  # noqa: B902 - e.g. a message that cannot be read
                self._log.error(f'cannot take an image: {type(e).__name__}: {e}',
                                throttle_duration_sec=LOG_THROTTLE)
                break
            if taken is None:
                break
            if self._admit(*taken, gap='skipped'):
                if newest is not None:
                    self._stats.count('skipped')  # a newer frame was waiting behind it
                newest = taken[0]
        return newest

    # -- the worker --------------------------------------------------------------------
    def _set_pending(self, msg):
        """Hand ``msg`` to the worker or the scheduler (``_wake`` held)."""
        self._pending, self._pending_at = msg, time.monotonic()
        self._wake.notify()
        if self._scheduler is not None:
            self._scheduler.notify()

    def pending_since(self):
        """Return when the pending frame arrived, or None (for the scheduler)."""
        return self._pending_at if self._pending is not None else None

    def _work(self):
        """Run this intake's own worker thread: every pending frame, in turn."""
        while True:
            with self._wake:
                while self._pending is None and not self._stop.is_set():
                    self._wake.wait()
                if self._stop.is_set():
                    return
            try:
                self.step()
            except Exception as e:  # noqa: B902 - the camera must go on being served
                hand_over(self, e)

    def fault(self, error):
        """
        Log and count an error of a step outside a frame's processing; serve on.

        The frame in hand, if any, is gone; the gate opens again so the next frame is
        taken (a shut gate would stop this camera for good).
        """
        self._stats.count('faults')
        self._log.error(f'worker fault on {self.topic_name}: {type(error).__name__}: {error}; '
                        f'{self._stats.total("faults")} so far, serving on',
                        throttle_duration_sec=LOG_THROTTLE)
        with self._wake:
            if self._pending is not None or self._stop.is_set():
                return  # a frame waits, or no more are wanted
        self._gate.reopen(self._node.executor)

    def step(self):
        """
        Process the pending frame, then take what waited meanwhile or reopen the gate.

        Under a scheduler a frame may wait while other cameras run; a newer one that came
        meanwhile replaces it, so each camera keeps its latest-frame behaviour.
        """
        with self._wake:
            msg, self._pending = self._pending, None
        if msg is None:
            return
        if self._scheduler is not None:
            newer = self._next_waiting()
            if newer is not None:
                self._stats.count('skipped')  # a newer frame came while others ran
                msg = newer
        if self._stop.is_set():  # taken just before a deactivate
            self._stats.count('skipped')
            return
        try:
            self._process(msg, self._stop)
        except ImageError as e:
            self.reject(e)
        except Exception as e:  # noqa: B902 - one bad frame must not stop the node
            self._stats.count('failed')
            self._log.error(f'failed on an image: {type(e).__name__}: {e}',
                            throttle_duration_sec=LOG_THROTTLE)
        msg = None  # free this frame before the next one is taken
        msg = self._next_waiting()
        if msg is None:
            self._gate.reopen(self._node.executor)  # ready for the newest frame
            return
        with self._wake:
            if self._stop.is_set():
                self._stats.count('skipped')
            else:
                self._set_pending(msg)
