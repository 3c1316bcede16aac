# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Repetition counting on one joint angle, per person, with hysteresis and rep durations.

An exercise names an angle and two thresholds. The angle is in the ``up`` phase once it
passes the up threshold and in the ``down`` phase once it passes the down threshold;
between them the phase does not change, so noise near one threshold cannot count. A
repetition leaves the ``start`` phase, reaches the other one and comes back; it counts
when that took between ``min_rep_seconds`` (a bounce) and ``max_rep_seconds`` (a pause),
timed by the pose stamps from the last sample in the start phase to the first one back.

An angle alone confuses motions: the knees also bend when someone stoops to pick a weight
off the floor. So an exercise may carry a posture: the range of torso tilt (0 upright,
90 horizontal) it is done in. It is checked at the turn, the samples in the phase away
from the start (the bottom of a squat), and a repetition counts only when at least half
of the turn's samples with a visible torso are in range.
"""

from dataclasses import dataclass
import math
from pathlib import Path

import numpy as np
import yaml

from .angles import check_angle_name
from ..core.keypoints import KEYPOINT_INDEX

UP = 'up'
DOWN = 'down'


class ExerciseError(ValueError):
    """An exercise definition that cannot count repetitions, with the reason."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its angle, where its phases begin, how long a rep takes, its posture."""

    name: str
    angle: str
    up: float
    down: float
    start: str = UP
    min_rep_seconds: float = 0.5
    max_rep_seconds: float = 10.0
    max_gap_seconds: float = 1.0
    torso_tilt: tuple = None  # (low, high) degrees at the turn; None: any posture

    @property
    def turn(self):
        """Return the phase away from the start, where the posture is checked."""
        return DOWN if self.start == UP else UP

    def posture_holds(self, tilt):
        """Return whether one sample's torso tilt (None: not visible) is in the posture."""
        if tilt is None:
            return False
        low, high = self.torso_tilt
        return low <= tilt <= high

    def phase_of(self, degrees):
        """Return UP or DOWN when ``degrees`` has passed that threshold, else None."""
        toward_up = 1.0 if self.up > self.down else -1.0
        if (degrees - self.up) * toward_up >= 0.0:
            return UP
        if (degrees - self.down) * toward_up <= 0.0:
            return DOWN
        return None


def _number(name, spec, key, default=None):
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExerciseError(f'{name}: {key} must be a number, not {value!r}')
    return float(value)


def _torso_tilt_range(name, posture):
    """Check an exercise's ``posture`` mapping; returns its (low, high) torso tilt."""
    if not isinstance(posture, dict):
        raise ExerciseError(f'{name}: posture must be a mapping with torso_tilt: [low, high]')
    unknown = set(posture) - {'torso_tilt'}
    if unknown:
        raise ExerciseError(f"{name}: unknown posture keys {', '.join(sorted(unknown))} "
                            '(known: torso_tilt)')
    tilt = posture.get('torso_tilt')
    if (not isinstance(tilt, (list, tuple)) or len(tilt) != 2 or any(
            isinstance(v, bool) or not isinstance(v, (int, float)) for v in tilt)):
        raise ExerciseError(f'{name}: posture torso_tilt must be [low, high] in degrees, '
                            f'not {tilt!r}')
    low, high = float(tilt[0]), float(tilt[1])
    if not 0.0 <= low < high <= 180.0:
        raise ExerciseError(f'{name}: posture torso_tilt needs 0 <= low < high <= 180 '
                            f'(0 upright, 90 horizontal), got [{tilt[0]}, {tilt[1]}]')
    return low, high


def exercise_from_dict(name, spec):
    """Build and check one exercise from its YAML mapping."""
    if not isinstance(spec, dict):
        raise ExerciseError(f'{name}: expected a mapping of angle, up, down, ...')
    unknown = set(spec) - {'angle', 'up', 'down', 'start', 'min_rep_seconds',
                           'max_rep_seconds', 'max_gap_seconds', 'description', 'posture'}
    if unknown:
        raise ExerciseError(f"{name}: unknown keys {', '.join(sorted(unknown))}")
    angle = spec.get('angle', '')
    reason = check_angle_name(angle)
    if reason:
        raise ExerciseError(f'{name}: {reason}')
    defaults = Exercise(name, angle, 0.0, 0.0)
    exercise = Exercise(
        name, angle, _number(name, spec, 'up'), _number(name, spec, 'down'),
        spec.get('start', UP),
        *(_number(name, spec, key, getattr(defaults, key))
          for key in ('min_rep_seconds', 'max_rep_seconds', 'max_gap_seconds')),
        _torso_tilt_range(name, spec['posture']) if 'posture' in spec else None)
    if exercise.start not in (UP, DOWN):
        raise ExerciseError(f"{name}: start must be 'up' or 'down'")
    if not (0.0 <= exercise.up <= 180.0 and 0.0 <= exercise.down <= 180.0):
        raise ExerciseError(f'{name}: thresholds are angles in 0 .. 180 degrees')
    if exercise.up == exercise.down:
        raise ExerciseError(f'{name}: up and down must differ (they are the hysteresis)')
    if not 0.0 <= exercise.min_rep_seconds < exercise.max_rep_seconds:
        raise ExerciseError(f'{name}: need 0 <= min_rep_seconds < max_rep_seconds')
    if exercise.max_gap_seconds <= 0.0:
        raise ExerciseError(f'{name}: max_gap_seconds must be positive')
    return exercise


def load_exercises(path):
    """Every exercise of an exercises YAML file, by name (ExerciseError when invalid)."""
    try:
        document = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as e:
        raise ExerciseError(f'cannot read exercises from {path}: {e}') from None
    exercises = (document or {}).get('exercises') if isinstance(document, dict) else None
    if not isinstance(exercises, dict) or not exercises:
        raise ExerciseError(f"{path}: no 'exercises' mapping")
    return {name: exercise_from_dict(name, spec) for name, spec in exercises.items()}


@dataclass
class TrackReps:
    """One person's count and where they are in the current repetition."""

    count: int = 0
    phase: str = None
    last_rep_seconds: float = 0.0
    left_start_at: float = None  # stamp of the last sample in the start phase
    last_valid_at: float = None
    last_seen_at: float = None
    turn_seen: int = 0  # samples at the turn with a visible torso
    turn_held: int = 0  # of which in the exercise's posture
    rejected: int = 0  # repetitions of the right length refused for their posture
    last_rejected: str = ''


def torso_tilt(points, scores, min_keypoint_score):
    """
    Degrees between the torso (mid-hip to mid-shoulder) and the image's up direction.

    0 is upright, 90 horizontal, 180 head down; left and right do not matter. Each end
    is the mean of its confident sides, so a person seen from the side still has one.
    None when no shoulder or no hip is seen. Measured in the image: a bend straight
    toward the camera shortens the torso without tilting it.
    """
    points = np.asarray(points, np.float64)
    seen = (np.asarray(scores, np.float64) >= min_keypoint_score) & np.all(
        np.isfinite(points[:, :2]), axis=1)
    ends = []
    for joint in ('shoulder', 'hip'):
        ids = [KEYPOINT_INDEX[f'{side}_{joint}'] for side in ('left', 'right')]
        ids = [i for i in ids if seen[i]]
        if not ids:
            return None
        ends.append(points[ids, :2].mean(axis=0))
    dx, dy = ends[0] - ends[1]
    if math.hypot(dx, dy) <= 1e-9:
        return None
    return math.degrees(math.atan2(abs(dx), -dy))


class RepCounter:
    """Counts repetitions of one exercise for every track_id separately."""

    def __init__(self, exercise, max_tracks=64):
        self.exercise = exercise
        self.max_tracks = max_tracks
        self.tracks = {}

    def reset(self):
        """Forget every count and phase."""
        self.tracks.clear()

    def update(self, track_id, degrees, stamp, tilt=None):
        """
        Feed one sample of ``track_id`` (``degrees`` None when the angle is not valid).

        ``tilt`` is the sample's torso_tilt (None: torso not visible), used when the
        exercise has a posture. Returns that track's TrackReps. Invalid samples change
        nothing, but a gap of more than max_gap_seconds between valid ones, or a stamp
        going backwards, abandons the repetition in progress (the count stays).
        """
        track = self._track(track_id, stamp)
        if degrees is None:
            return track
        ex = self.exercise
        if track.last_valid_at is not None and not (
                0.0 <= stamp - track.last_valid_at <= ex.max_gap_seconds):
            track.phase, track.left_start_at = None, None
            track.turn_seen = track.turn_held = 0
        track.last_valid_at = stamp
        zone = ex.phase_of(degrees)
        if zone is None:
            return track
        if zone == ex.start:
            if track.phase not in (None, ex.start) and track.left_start_at is not None:
                seconds = stamp - track.left_start_at
                if ex.min_rep_seconds <= seconds <= ex.max_rep_seconds:
                    reason = self._posture_refusal(track)
                    if reason:
                        track.rejected += 1
                        track.last_rejected = reason
                    else:
                        track.count += 1
                        track.last_rep_seconds = seconds
            track.left_start_at = stamp
            track.turn_seen = track.turn_held = 0
        else:
            if track.phase is None:
                track.left_start_at = None  # met mid-repetition: its start was not seen
            if tilt is not None:
                track.turn_seen += 1
                track.turn_held += ex.torso_tilt is not None and ex.posture_holds(tilt)
        track.phase = zone
        return track

    def _posture_refusal(self, track):
        """Return '' when the turn was in the exercise's posture, else why not."""
        ex = self.exercise
        if ex.torso_tilt is None or (track.turn_seen and
                                     2 * track.turn_held >= track.turn_seen):
            return ''
        if not track.turn_seen:
            return f'torso not visible in the {ex.turn} phase'
        low, high = ex.torso_tilt
        return (f'torso tilt within {low:g}-{high:g} deg on only {track.turn_held} of '
                f'{track.turn_seen} samples in the {ex.turn} phase')

    def _track(self, track_id, stamp):
        track = self.tracks.get(track_id)
        if track is None:
            if len(self.tracks) >= self.max_tracks:
                oldest = min(self.tracks, key=lambda t: self.tracks[t].last_seen_at)
                del self.tracks[oldest]
            track = self.tracks[track_id] = TrackReps()
        track.last_seen_at = stamp
        return track


def default_exercises_file():
    """Return the installed exercises file (the one beside the sources when not built)."""
    try:
        from ament_index_python.packages import get_package_share_directory
        return Path(get_package_share_directory('movenet_ros')) / 'config' / 'exercises.yaml'
    except (ImportError, LookupError):
        return Path(__file__).resolve().parents[2] / 'config' / 'exercises.yaml'
