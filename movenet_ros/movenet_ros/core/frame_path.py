# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
One frame's path from a received image to the poses to publish, wherever frames come from.

The node, the bag runner and the CLI all hand their images to FramePath.process, so the
decode choice (a JPEG at the model's scale unless the whole image is wanted), the stamp
and its timebase, the estimate and the choice of poses to publish are one code path; they
differ only in where images come from and where the FrameResult goes.
"""

from dataclasses import dataclass, field
import threading

from .image_io import Frame, frame_at_model_scale, frame_from_buffer, frame_from_compressed
from .image_io import MAX_PIXELS
from .keypoints import Pose, published_poses
from .timeline import Timebase


@dataclass(frozen=True)
class Encoded:
    """A JPEG or PNG as received (sensor_msgs/CompressedImage's data)."""

    data: bytes


@dataclass(frozen=True)
class RawBuffer:
    """A raw image buffer and its layout (sensor_msgs/Image's fields)."""

    data: bytes
    encoding: str
    width: int
    height: int
    step: int
    is_bigendian: bool = False


@dataclass
class FrameResult:
    """What one frame gave: its pixels, its time, its poses and what the estimate cost."""

    frame: Frame
    #: The stamp the frame was timed by (integer nanoseconds) and whether it was its own.
    stamp_ns: int
    stamped: bool
    #: The estimate, best first; the main pose (pose/keypoints) and the detected ones.
    poses: list
    main: Pose
    detected: list
    min_keypoint_score: float
    invoke_seconds: float
    #: libjpeg's warnings on a damaged JPEG it decoded anyway.
    decode_warnings: list = field(default_factory=list)
    #: People found beyond the estimator's refinement budget (multi-person).
    people_over_budget: int = 0

    @property
    def stamp(self):
        """Return the stamp in seconds (absolute: depth pairing and latency)."""
        return self.stamp_ns * 1e-9


class FramePath:
    """
    Decode, time and estimate received images with one estimator; thread-safe.

    ``values`` are the parameter values, or a function returning the live ones (read per
    frame: ``max_pixels``, ``jpeg_scaled_decode``). Smoothing and tracking run on exact
    seconds since the first stamp (core/timeline.Timebase).
    """

    def __init__(self, estimator, values):
        self.estimator = estimator
        self._values = values if callable(values) else (lambda: values)
        self._lock = threading.Lock()
        self._timebase = Timebase()

    @property
    def config(self):
        """Return the estimator's configuration."""
        return self.estimator.config

    def configure(self, config):
        """Use ``config`` from the next frame on (a new configuration restarts tracking)."""
        with self._lock:
            if config != self.estimator.config:
                self.estimator.config = config

    def reset(self):
        """Forget the people followed so far (the next image is unrelated)."""
        with self._lock:
            self.estimator.reset()

    def decode(self, image, whole=False, warnings=None):
        """
        Return the Frame of an Encoded, RawBuffer or Frame (ImageError when it cannot be).

        A JPEG is decoded at the scale the estimator's next crop needs unless ``whole``
        (an annotated image wants every pixel) or jpeg_scaled_decode is off.
        """
        if isinstance(image, Frame):
            return image
        if isinstance(image, RawBuffer):
            return frame_from_buffer(image.data, image.encoding, image.width, image.height,
                                     image.step, image.is_bigendian)
        values = self._values()
        max_pixels = values.get('max_pixels', MAX_PIXELS)
        if values.get('jpeg_scaled_decode', True) and not whole:
            with self._lock:  # the next crop is the estimator's state
                return frame_at_model_scale(image.data, self.estimator, max_pixels, warnings)
        return frame_from_compressed(image.data, max_pixels, warnings=warnings)

    def process(self, image, stamp_ns, fallback_ns=0, whole=False):
        """
        Estimate the poses of one received image; a FrameResult.

        ``stamp_ns`` is the image's own stamp in integer nanoseconds; 0 means it has none,
        and the frame is timed by ``fallback_ns`` (its arrival, its recording time).
        """
        warnings = []
        frame = self.decode(image, whole, warnings)
        stamped = stamp_ns != 0
        ns = stamp_ns if stamped else fallback_ns
        with self._lock:
            poses = self.estimator.estimate(frame, self._timebase.seconds(ns))
            invoke = self.estimator.invoke_seconds
            min_keypoint_score = self.estimator.config.min_keypoint_score
            over_budget = self.estimator.over_budget
        main, detected = published_poses(poses, frame.width, frame.height)
        return FrameResult(frame, ns, stamped, poses, main, detected, min_keypoint_score,
                           invoke, warnings, over_budget)
