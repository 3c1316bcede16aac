# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Joint angles and repetition counts for the offline CLI's JSON records."""

from .angles import joint_angles, select_angle
from .reps import (default_exercises_file, ExerciseError, load_exercises, RepCounter,
                   torso_tilt)


class PoseAnalysis:
    """
    Adds "angles" (and, with an exercise, "reps") to every pose of a frame record.

    The counter runs on the records' stamps, as the rep_counter node runs on header
    stamps, so a video gives the count the node would give on the same frames.
    """

    def __init__(self, min_keypoint_score, exercise=None):
        self.min_keypoint_score = min_keypoint_score
        self.counter = RepCounter(exercise) if exercise is not None else None

    @classmethod
    def for_exercise(cls, min_keypoint_score, name=None, exercises_file=None):
        """Build the analysis for exercise ``name`` (None: angles only)."""
        if not name:
            return cls(min_keypoint_score)
        exercises = load_exercises(exercises_file or default_exercises_file())
        if name not in exercises:
            raise ExerciseError(
                f"exercise must be one of {', '.join(sorted(exercises))}, got '{name}'")
        return cls(min_keypoint_score, exercises[name])

    def annotate(self, record, poses, stamp):
        """Add to each entry of record['poses'] (the detected ``poses``, in order)."""
        detected = [pose for pose in poses if pose.detected]
        for entry, pose in zip(record['poses'], detected):
            angles = joint_angles(pose.keypoints[:, :2], pose.keypoints[:, 2],
                                  self.min_keypoint_score)
            entry['angles'] = {name: None if value is None else round(value, 1)
                               for name, value in angles.items()}
            if self.counter is not None:
                exercise = self.counter.exercise
                tilt = torso_tilt(pose.keypoints[:, :2], pose.keypoints[:, 2],
                                  self.min_keypoint_score)
                state = self.counter.update(pose.track_id,
                                            select_angle(angles, exercise.angle), stamp, tilt)
                entry['reps'] = {'exercise': exercise.name, 'count': state.count,
                                 'phase': state.phase}
        return record
