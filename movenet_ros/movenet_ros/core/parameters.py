# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Every node parameter in one table: name, default, meaning and valid values.

The node declares its parameters from this table, the tests compare it with
config/movenet.yaml, and docs/parameters.md is generated from it. No ROS imports here.
"""

from dataclasses import dataclass
import difflib
from pathlib import Path

import yaml

from .estimator import EstimatorConfig, PoseEstimator
from .filters import OneEuroConfig
from .image_io import MAX_PIXELS
from .model_loading import load_runner
from .models import DEFAULT_MODEL, MODELS
from .multipose import MultiPoseConfig, MultiPoseEstimator
from .runner import DELEGATES
from .tracker import TRACKER_TYPES, TrackerConfig
from .transport import TRANSPORT_CHOICES


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter; ``low``/``high`` bound numbers, ``choices`` bound strings."""

    name: str
    default: object
    description: str
    low: float = None
    high: float = None
    choices: tuple = ()
    #: Can change while the node runs (otherwise read once at start-up).
    dynamic: bool = False
    #: Integers must be a multiple of this.
    multiple_of: int = 1

    def coerce(self, value):
        """``value`` as the node keeps it: a whole number given for a float becomes a float."""
        if type(self.default) is float and type(value) is int:
            return float(value)
        return value

    def check(self, value):
        """Reason why ``value`` is not acceptable, or '' when it is."""
        expected = type(self.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not expected:
            return f'{self.name} must be a {expected.__name__}, got {type(value).__name__}'
        if self.low is not None and value < self.low:
            return f'{self.name} must be >= {self.low}, got {value}'
        if self.high is not None and value > self.high:
            return f'{self.name} must be <= {self.high}, got {value}'
        if self.choices and value not in self.choices:
            return f"{self.name} must be one of {', '.join(self.choices)}, got '{value}'"
        if self.multiple_of > 1 and value % self.multiple_of:
            return f'{self.name} must be a multiple of {self.multiple_of}, got {value}'
        return ''


_EST = EstimatorConfig()
_EURO = OneEuroConfig()
_MULTI = MultiPoseConfig()

PARAMETERS = (
    ParameterSpec('model_type', DEFAULT_MODEL,
                  'Model from the registry, looked up by checksum in the model cache or '
                  'mirror', choices=tuple(MODELS)),
    ParameterSpec('model_path', '',
                  'Explicit .tflite file; overrides model_type when set'),
    ParameterSpec('model_sha256', '',
                  'When set, the model file must have this sha256 (checked at load)'),
    ParameterSpec('model_fetch', True,
                  'Fetch a model missing from the cache at start-up, by sha256, from '
                  '$MOVENET_MODEL_MIRROR or its official URL'),
    ParameterSpec('model_cache_dir', '',
                  'Folder of verified model files; empty: $MOVENET_MODEL_CACHE or '
                  '~/.cache/movenet_ros/models'),
    ParameterSpec('num_threads', 2, 'CPU threads for the interpreter', low=1, high=64),
    ParameterSpec('delegate', 'cpu', 'Where the model runs', choices=DELEGATES),
    ParameterSpec('delegate_library', '',
                  'Delegate shared library (for external, or to override the default)'),
    ParameterSpec('delegate_fallback', True,
                  'Run on the CPU with a warning when the delegate cannot load '
                  '(otherwise the node exits)'),
    ParameterSpec('min_pose_score', _EST.min_pose_score,
                  'Poses scoring below this are reported with detected=false and reset '
                  'tracking', low=0.0, high=1.0, dynamic=True),
    ParameterSpec('min_keypoint_score', _EST.min_keypoint_score,
                  'Keypoints above this count towards the pose score, box and drawing',
                  low=0.0, high=1.0, dynamic=True),
    ParameterSpec('enable_cropping', _EST.enable_cropping,
                  'Crop each frame around the person found in the previous one',
                  dynamic=True),
    ParameterSpec('enable_smoothing', _EST.enable_smoothing,
                  'One Euro filter on keypoints, timed by the image stamps', dynamic=True),
    ParameterSpec('smoothing_min_cutoff', _EURO.min_cutoff,
                  'One Euro minimum cutoff frequency (Hz), for normalized coordinates',
                  low=1e-3, high=1e3, dynamic=True),
    ParameterSpec('smoothing_beta', _EURO.beta,
                  'One Euro speed coefficient: higher follows fast motion sooner',
                  low=0.0, high=1e5, dynamic=True),
    ParameterSpec('smoothing_derivative_cutoff', _EURO.derivative_cutoff,
                  'One Euro cutoff frequency (Hz) for the speed estimate',
                  low=1e-3, high=1e3, dynamic=True),
    ParameterSpec('smoothing_max_gap', _EST.max_gap,
                  'Seconds between frames after which smoothing starts afresh',
                  low=0.0, high=3600.0, dynamic=True),
    ParameterSpec('smoothing_scale_by_object', _EST.smoothing_scale_by_object,
                  "Divide keypoint speeds by the person's size (off in MoveNet's reference)",
                  dynamic=True),
    ParameterSpec('publish_annotated', True,
                  'Publish pose/image_annotated (and /compressed), rendered only while '
                  'someone subscribes', dynamic=True),
    ParameterSpec('annotated_image_participant', True,
                  'Send the annotated image from a DDS participant of its own (node '
                  '<name>_images): on stock Fast DDS the topics of a participant share one '
                  '512 KiB shared-memory segment, and its megabytes held back /diagnostics and '
                  'poses by seconds while a viewer took it'),
    ParameterSpec('draw_bbox', False, 'Draw the pose box on the annotated image',
                  dynamic=True),
    ParameterSpec('publish_image_annotations', True,
                  'Publish pose/image_annotations (foxglove_msgs/ImageAnnotations: the '
                  'skeleton as vectors over the camera image), built only while someone '
                  'subscribes'),
    ParameterSpec('hri_bodies', False,
                  'Publish REP-155 bodies: /humans/bodies/tracked and per body skeleton2d and '
                  'roi (hri_msgs)'),
    ParameterSpec('publish_tf', False,
                  'With depth_enabled, publish each body on /tf: body_<id> at the hips and a '
                  'frame per joint with depth, <keypoint>_<id> (REP-155)'),
    ParameterSpec('input_transport', 'auto',
                  'raw: sensor_msgs/Image on image; compressed: sensor_msgs/CompressedImage '
                  'on image/compressed (JPEG or PNG); auto: compressed while the camera '
                  'offers JPEG and its raw frames exceed the 512 KiB Fast DDS shared-memory '
                  'segment, raw otherwise, followed each second', choices=TRANSPORT_CHOICES),
    ParameterSpec('max_pixels', MAX_PIXELS,
                  'Largest compressed image accepted, in pixels, checked before decoding',
                  low=1, high=1_000_000_000, dynamic=True),
    ParameterSpec('jpeg_scaled_decode', True,
                  'Decode JPEG input at 1/2, 1/4 or 1/8 of its size when the crop the model '
                  'sees keeps its full input size (full size while the annotated image is '
                  'subscribed)', dynamic=True),
    ParameterSpec('qos_reliability', 'auto',
                  'Input subscription reliability; auto follows the camera: reliable while '
                  'every publisher is, best effort when one is not',
                  choices=('auto', 'reliable', 'best_effort')),
    ParameterSpec('qos_depth', 3,
                  'Input queue depth; frames wait there while the model runs, and the newest '
                  'is taken next. Above 1 it absorbs frames that a reliable transport '
                  'delivers together after a repair', low=1, high=100),
    ParameterSpec('multipose_max_dimension', _MULTI.max_dimension,
                  'MultiPose: long side of the model input in pixels (multiple of 32); larger '
                  'finds smaller people, slower', low=32, high=2048, multiple_of=32, dynamic=True),
    ParameterSpec('tracker_type', _MULTI.tracker.tracker_type,
                  'MultiPose: identity by box overlap or by keypoint similarity',
                  choices=TRACKER_TYPES, dynamic=True),
    ParameterSpec('max_tracks', _MULTI.tracker.max_tracks,
                  'MultiPose: most people remembered at once', low=1, high=100, dynamic=True),
    ParameterSpec('track_max_age', _MULTI.tracker.max_age,
                  'MultiPose: seconds (stamp time) a person may be unseen and keep the id',
                  low=0.0, high=3600.0, dynamic=True),
    ParameterSpec('min_similarity', _MULTI.tracker.min_similarity,
                  'MultiPose: least box IoU or keypoint similarity that continues a track',
                  low=0.0, high=1.0, dynamic=True),
    ParameterSpec('depth_enabled', False,
                  '3D keypoints from an aligned depth image (depth/image, 16UC1 mm or 32FC1 m) '
                  'and its depth/camera_info, published on pose/keypoints_3d'),
    ParameterSpec('depth_slop', 0.05,
                  'Largest stamp difference (seconds) for pairing a depth image with a '
                  'colour image', low=0.0, high=10.0, dynamic=True),
    ParameterSpec('depth_window', 5,
                  'Side in pixels of the window whose median depth a keypoint takes',
                  low=1, high=51, dynamic=True),
    ParameterSpec('max_latency', 0.5,
                  'Diagnostics warn when the p95 stamp-to-publish latency exceeds this '
                  '(seconds)', low=0.001, high=60.0, dynamic=True),
)

PARAMETERS_BY_NAME = {p.name: p for p in PARAMETERS}


def estimator_config(values):
    """Build the EstimatorConfig from a name -> value mapping of the parameters above."""
    return EstimatorConfig(
        min_pose_score=values['min_pose_score'],
        min_keypoint_score=values['min_keypoint_score'],
        enable_cropping=values['enable_cropping'],
        enable_smoothing=values['enable_smoothing'],
        smoothing=OneEuroConfig(
            min_cutoff=values['smoothing_min_cutoff'],
            beta=values['smoothing_beta'],
            derivative_cutoff=values['smoothing_derivative_cutoff']),
        max_gap=values['smoothing_max_gap'],
        smoothing_scale_by_object=values['smoothing_scale_by_object'],
    )


def multipose_config(values):
    """Build the MultiPoseConfig from a name -> value mapping of the parameters above."""
    single = estimator_config(values)
    return MultiPoseConfig(
        min_pose_score=single.min_pose_score, min_keypoint_score=single.min_keypoint_score,
        max_dimension=values['multipose_max_dimension'],
        enable_smoothing=single.enable_smoothing, smoothing=single.smoothing,
        max_gap=single.max_gap,
        tracker=TrackerConfig(tracker_type=values['tracker_type'],
                              max_tracks=values['max_tracks'],
                              max_age=values['track_max_age'],
                              min_similarity=values['min_similarity']))


def config_for(runner, values):
    """Return the estimator configuration for the runner's model (single or multi pose)."""
    if runner.kind == 'multipose':
        return multipose_config(values)
    return estimator_config(values)


def create_estimator(runner, values):
    """Create a PoseEstimator or a MultiPoseEstimator, as the model requires."""
    if runner.kind == 'multipose':
        return MultiPoseEstimator(runner, multipose_config(values))
    return PoseEstimator(runner, estimator_config(values))


def defaults():
    """Name -> default value of every parameter."""
    return {p.name: p.default for p in PARAMETERS}


def validate(values):
    """Return the first reason a name -> value mapping is not acceptable, or ''."""
    for name, value in values.items():
        spec = PARAMETERS_BY_NAME.get(name)
        if spec is None:
            guess = difflib.get_close_matches(name, PARAMETERS_BY_NAME, n=1, cutoff=0.6)
            return f'unknown parameter {name}' + (f"; did you mean '{guess[0]}'?" if guess else '')
        reason = spec.check(value)
        if reason:
            return reason
    return ''


def create_runner(values, log=None):
    """
    Load the model the parameters name, from model_path or by checksum from the cache.

    With model_fetch a model missing from the cache is fetched first (by checksum, from
    the mirror or the official URL); ``log`` gets one line on where it came from.
    """
    return load_runner(values, log or (lambda message: None))


def read_params_file(path):
    """
    Return the node parameters of a ROS 2 params YAML (its first node section).

    ValueError when the file has none.
    """
    document = yaml.safe_load(Path(path).read_text()) or {}
    for section in document.values():
        if isinstance(section, dict) and 'ros__parameters' in section:
            return dict(section['ros__parameters'])
    raise ValueError(f'{path} has no ros__parameters section')
