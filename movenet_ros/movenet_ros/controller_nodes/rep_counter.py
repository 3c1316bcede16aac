# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
rep_counter: repetitions of one exercise per person, from pose/poses, on fitness/reps.

One RepCount per detected person and pose message. ``exercise`` can change while the
node runs (counts restart); fitness/reset (std_srvs/Trigger) sets every count to zero.
"""

import sys

from movenet_ros_msgs.msg import PoseKeypointsArray, RepCount
from std_srvs.srv import Trigger

from .base import (ControllerNode, keypoints_of, LOG_THROTTLE, ParameterError, POSE_QOS,
                   run, stamp_seconds)
from ..controllers.angles import joint_angles, select_angle
from ..controllers.reps import default_exercises_file, ExerciseError, load_exercises
from ..controllers.reps import RepCounter, torso_tilt
from ..core.parameters import ParameterSpec

PARAMETERS = (
    ParameterSpec('exercises_file', '',
                  'YAML file of exercises; empty: the installed config/exercises.yaml'),
    ParameterSpec('exercise', 'squat', 'Exercise to count, a name in exercises_file',
                  dynamic=True),
    ParameterSpec('min_keypoint_score', 0.2,
                  'The watched angle is valid when its keypoints score at least this',
                  low=0.0, high=1.0, dynamic=True),
)


class RepCounterNode(ControllerNode):
    """Counts repetitions per track_id and publishes every person's count."""

    def __init__(self):
        super().__init__('rep_counter', PARAMETERS)
        path = self.values['exercises_file'] or default_exercises_file()
        try:
            self.exercises = load_exercises(path)
        except ExerciseError as e:
            raise ParameterError(str(e)) from None
        reason = self._check_exercise(self.values['exercise'])
        if reason:
            raise ParameterError(reason)
        self.counter = RepCounter(self.exercises[self.values['exercise']])
        self.publisher = self.create_publisher(RepCount, 'fitness/reps', POSE_QOS)
        self.create_subscription(PoseKeypointsArray, 'pose/poses', self._on_poses, POSE_QOS)
        self.create_service(Trigger, 'fitness/reset', self._on_reset)
        self.total = 0
        self.get_logger().info(
            f"counting {self.values['exercise']} on {self.resolve_topic_name('pose/poses')}"
            f' from {path}')

    def _check_exercise(self, name):
        if name not in self.exercises:
            return f"exercise must be one of {', '.join(sorted(self.exercises))}, got '{name}'"
        return ''

    def apply(self, values):
        """Switch exercise (counts restart) after checking it exists."""
        reason = self._check_exercise(values['exercise'])
        if reason:
            return reason
        if values['exercise'] != self.counter.exercise.name:
            self.counter = RepCounter(self.exercises[values['exercise']])
            self.get_logger().info(f"counting {values['exercise']} from zero")
        return ''

    def _on_poses(self, msg):
        stamp = stamp_seconds(msg.header)
        counter = self.counter
        score = self.values['min_keypoint_score']
        for pose in msg.poses:
            if not pose.detected:
                continue
            keypoints = keypoints_of(pose)
            angles = joint_angles(keypoints[:, :2], keypoints[:, 2], score)
            degrees = select_angle(angles, counter.exercise.angle)
            if degrees is None:
                self.get_logger().debug(
                    f'track {pose.track_id}: {counter.exercise.angle} not visible',
                    throttle_duration_sec=LOG_THROTTLE)
            known = counter.tracks.get(pose.track_id)
            before = (known.count, known.rejected) if known is not None else (0, 0)
            tilt = torso_tilt(keypoints[:, :2], keypoints[:, 2], score)
            state = counter.update(pose.track_id, degrees, stamp, tilt)
            if state.count > before[0]:
                self.total += 1
                self.get_logger().info(
                    f'track {pose.track_id}: {counter.exercise.name} {state.count} '
                    f'({state.last_rep_seconds:.1f} s)')
            elif state.rejected > before[1]:
                self.get_logger().info(
                    f'track {pose.track_id}: not a {counter.exercise.name} (posture: '
                    f'{state.last_rejected})')
            self.publisher.publish(RepCount(
                header=msg.header, track_id=pose.track_id, exercise=counter.exercise.name,
                count=state.count, phase=state.phase or '',
                last_rep_seconds=state.last_rep_seconds))

    def _on_reset(self, request, response):
        self.counter.reset()
        response.success = True
        response.message = f'{self.counter.exercise.name} counts set to zero'
        self.get_logger().info(response.message)
        return response

    def close(self):
        """Summary line for the log at exit."""
        counts = ', '.join(f'track {t}: {s.count}' for t, s in sorted(self.counter.tracks.items()))
        return f"counted {self.total} repetitions ({counts or 'nobody seen'})"


def main(args=None):
    """Entry point of `ros2 run movenet_ros rep_counter`."""
    return run(RepCounterNode, args)


if __name__ == '__main__':
    sys.exit(main())
