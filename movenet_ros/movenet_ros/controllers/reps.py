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
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .angles import check_angle_name

UP = 'up'
DOWN = 'down'


class ExerciseError(ValueError):
    """An exercise definition that cannot count repetitions, with the reason."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: which angle, where its two phases begin, how long a rep may take."""

    name: str
    angle: str
    up: float
    down: float
    start: str = UP
    min_rep_seconds: float = 0.5
    max_rep_seconds: float = 10.0
    max_gap_seconds: float = 1.0

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


def exercise_from_dict(name, spec):
    """Build and check one exercise from its YAML mapping."""
    if not isinstance(spec, dict):
        raise ExerciseError(f'{name}: expected a mapping of angle, up, down, ...')
    unknown = set(spec) - {'angle', 'up', 'down', 'start', 'min_rep_seconds',
                           'max_rep_seconds', 'max_gap_seconds', 'description'}
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
          for key in ('min_rep_seconds', 'max_rep_seconds', 'max_gap_seconds')))
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


class RepCounter:
    """Counts repetitions of one exercise for every track_id separately."""

    def __init__(self, exercise, max_tracks=64):
        self.exercise = exercise
        self.max_tracks = max_tracks
        self.tracks = {}

    def reset(self):
        """Forget every count and phase."""
        self.tracks.clear()

    def update(self, track_id, degrees, stamp):
        """
        Feed one sample of ``track_id`` (``degrees`` None when the angle is not valid).

        Returns that track's TrackReps. Invalid samples change nothing, but a gap of more
        than max_gap_seconds between valid ones, or a stamp going backwards, abandons the
        repetition in progress (the count stays).
        """
        track = self._track(track_id, stamp)
        if degrees is None:
            return track
        ex = self.exercise
        if track.last_valid_at is not None and not (
                0.0 <= stamp - track.last_valid_at <= ex.max_gap_seconds):
            track.phase, track.left_start_at = None, None
        track.last_valid_at = stamp
        zone = ex.phase_of(degrees)
        if zone is None:
            return track
        if zone == ex.start:
            if track.phase not in (None, ex.start) and track.left_start_at is not None:
                seconds = stamp - track.left_start_at
                if ex.min_rep_seconds <= seconds <= ex.max_rep_seconds:
                    track.count += 1
                    track.last_rep_seconds = seconds
            track.left_start_at = stamp
        elif track.phase is None:
            track.left_start_at = None  # met mid-repetition: its start was not seen
        track.phase = zone
        return track

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
