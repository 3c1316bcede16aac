# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
MoveNet's parameters as a table (name, default, meaning, valid values) and its machinery.

The model, the estimator, decoding and drawing are set from this table wherever they
run: the node adds its own ROS-side parameters to it (node/parameters.py), the offline
CLI and the bag runner read the same params file through it. No ROS imports here.
"""

from dataclasses import dataclass
import difflib
from pathlib import Path

import yaml

from .estimator import EstimatorConfig, PoseEstimator
from .filters import OneEuroConfig
from .image_io import MAX_PIXELS
from .models import DEFAULT_MODEL, MODELS
from .multiperson import MultiPersonConfig, MultiPersonEstimator
from .multipose import MultiPoseConfig
from .runner import DELEGATES
from .tracker import TRACKER_TYPES, TrackerConfig


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
_PEOPLE = MultiPersonConfig()
#: SinglePose models that can refine each person MultiPose finds; none: MultiPose alone.
REFINE_MODELS = ('thunder', 'lightning_f16', 'lightning', 'thunder_int8', 'none')

MOVENET_PARAMETERS = (
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
    ParameterSpec('draw_bbox', False, 'Draw the pose box on the annotated image',
                  dynamic=True),
    ParameterSpec('max_pixels', MAX_PIXELS,
                  'Largest compressed image accepted, in pixels, checked before decoding',
                  low=1, high=1_000_000_000, dynamic=True),
    ParameterSpec('jpeg_scaled_decode', True,
                  'Decode JPEG input at 1/2, 1/4 or 1/8 of its size when the crop the model '
                  'sees keeps its full input size (full size while the annotated image is '
                  'subscribed)', dynamic=True),
    ParameterSpec('multipose_max_dimension', _MULTI.max_dimension,
                  'MultiPose: long side of the model input in pixels (multiple of 32); larger '
                  'finds smaller people, slower', low=32, high=2048, multiple_of=32, dynamic=True),
    ParameterSpec('refine_model', 'thunder',
                  'MultiPose: SinglePose model that refines each person on their own crop '
                  '(none: MultiPose alone, the detector on every frame)',
                  choices=REFINE_MODELS),
    ParameterSpec('min_detection_score', _PEOPLE.min_detection_score,
                  'MultiPose: a detection scoring below this is nobody (before refinement; '
                  'min_pose_score then applies to the refined pose)',
                  low=0.0, high=1.0, dynamic=True),
    ParameterSpec('min_refine_agreement', _PEOPLE.min_agreement,
                  "MultiPose: keypoint similarity (OKS) between a person's refined and "
                  'detected pose from which the refined one is kept; below it, it is kept '
                  "unless another person's detection is more similar to it: then it goes "
                  'to that person if it reaches this with them (the crop held them)',
                  low=0.0, high=1.0, dynamic=True),
    ParameterSpec('max_people', _PEOPLE.max_people,
                  'MultiPose: most people refined per frame; those beyond keep their '
                  'detected pose and are counted on /diagnostics', low=1, high=100,
                  dynamic=True),
    ParameterSpec('detect_interval', _PEOPLE.detect_interval,
                  'MultiPose: seconds (stamp time) between detector runs while everyone is '
                  'followed; it also runs when someone is lost. 0: every frame',
                  low=0.0, high=60.0, dynamic=True),
    ParameterSpec('detect_tiles', _PEOPLE.tiles,
                  'MultiPose: tiles along the long side of the frame that the detector also '
                  'sweeps every detect_interval, to find small people and more than six '
                  '(as many along the short side as keeps them square). 1: whole frame only',
                  low=1, high=8, dynamic=True),
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

)


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


def multiperson_config(values):
    """Build the MultiPersonConfig from a name -> value mapping of the parameters above."""
    multi = multipose_config(values)
    return MultiPersonConfig(
        min_detection_score=values['min_detection_score'],
        max_dimensions=(multi.max_dimension,), min_keypoint_score=multi.min_keypoint_score,
        min_agreement=values['min_refine_agreement'], min_pose_score=multi.min_pose_score,
        max_people=values['max_people'], detect_interval=values['detect_interval'],
        tiles=values['detect_tiles'],
        enable_smoothing=multi.enable_smoothing, smoothing=multi.smoothing,
        max_gap=multi.max_gap, tracker=multi.tracker)


def config_for(runner, values):
    """Return the estimator configuration for the runner's model (single or multi pose)."""
    if runner.kind == 'multipose':
        return multiperson_config(values)
    return estimator_config(values)


def refiner_type(values):
    """Return the model_type of the refiner the parameters ask for, or None."""
    refine = values.get('refine_model', 'none')
    return None if refine == 'none' else refine


def create_estimator(runner, values, refiner=None):
    """
    Create a PoseEstimator, or a MultiPersonEstimator for a MultiPose model.

    ``refiner`` is the SinglePose runner of refiner_type(values), or None for MultiPose
    alone.
    """
    if runner.kind == 'multipose':
        return MultiPersonEstimator(runner, refiner, multiperson_config(values))
    return PoseEstimator(runner, estimator_config(values))


def defaults(table=MOVENET_PARAMETERS):
    """Name -> default value of every parameter of ``table``."""
    return {p.name: p.default for p in table}


def validate(values, table=MOVENET_PARAMETERS):
    """Return the first reason a name -> value mapping is not acceptable, or ''."""
    by_name = {p.name: p for p in table}
    for name, value in values.items():
        spec = by_name.get(name)
        if spec is None:
            return f'unknown parameter {name}' + did_you_mean(name, by_name)
        reason = spec.check(value)
        if reason:
            return reason
    return ''


def closest_name(name, known):
    """Return the known name ``name`` was most likely meant to be, or ''."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else ''


def did_you_mean(name, known):
    """Return "; did you mean 'x'?" for the closest of ``known`` names to ``name``, or ''."""
    guess = closest_name(name, known)
    return f"; did you mean '{guess}'?" if guess else ''


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
