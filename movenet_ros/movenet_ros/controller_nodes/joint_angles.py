# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
joint_angles: elbow, shoulder, hip and knee angles of every person, per pose message.

From pose/poses (image pixels), or from pose/keypoints_3d while that topic has a
publisher and ``use_3d`` is true (metres, so foreshortening does not bend the angles).
"""

import math
import sys

from movenet_ros_msgs.msg import (JointAngles, JointAnglesArray, PoseKeypoints3DArray,
                                  PoseKeypointsArray)

from .base import ControllerNode, keypoints_3d_of, keypoints_of, POSE_QOS, run
from ..controllers.angles import joint_angles
from ..core.parameters import ParameterSpec

PARAMETERS = (
    ParameterSpec('min_keypoint_score', 0.2,
                  'An angle is valid when its three keypoints score at least this',
                  low=0.0, high=1.0, dynamic=True),
    ParameterSpec('use_3d', True,
                  'Take the angles from pose/keypoints_3d while it has a publisher',
                  dynamic=True),
)


def angles_message(header, track_id, angles):
    """Build a JointAngles of {name: degrees or None}; NaN and valid=false where None."""
    msg = JointAngles(header=header, track_id=track_id)
    msg.names = list(angles)
    msg.degrees = [math.nan if v is None else float(v) for v in angles.values()]
    msg.valid = [v is not None for v in angles.values()]
    return msg


class JointAnglesNode(ControllerNode):
    """Publishes pose/joint_angles for every pose/poses (or pose/keypoints_3d) message."""

    def __init__(self):
        super().__init__('joint_angles', PARAMETERS)
        self.publisher = self.create_publisher(JointAnglesArray, 'pose/joint_angles',
                                               POSE_QOS)
        self.create_subscription(PoseKeypointsArray, 'pose/poses', self._on_poses, POSE_QOS)
        self.sub_3d = self.create_subscription(PoseKeypoints3DArray, 'pose/keypoints_3d',
                                               self._on_poses_3d, POSE_QOS)
        self.published = 0
        self.get_logger().info(
            f'listening on {self.resolve_topic_name("pose/poses")}, publishing '
            f'{self.resolve_topic_name("pose/joint_angles")}')

    def _use_3d(self):
        return self.values['use_3d'] and self.sub_3d.get_publisher_count() > 0

    def _on_poses(self, msg):
        if self._use_3d():
            return
        score = self.values['min_keypoint_score']
        out = JointAnglesArray(header=msg.header, from_3d=False)
        for pose in msg.poses:
            if pose.detected:
                keypoints = keypoints_of(pose)
                out.angles.append(angles_message(
                    msg.header, pose.track_id,
                    joint_angles(keypoints[:, :2], keypoints[:, 2], score)))
        self._publish(out)

    def _on_poses_3d(self, msg):
        if not self._use_3d():
            return
        score = self.values['min_keypoint_score']
        out = JointAnglesArray(header=msg.header, from_3d=True)
        for pose in msg.poses:
            points, scores, valid = keypoints_3d_of(pose)
            out.angles.append(angles_message(
                msg.header, pose.track_id, joint_angles(points, scores, score, valid)))
        self._publish(out)

    def _publish(self, msg):
        self.publisher.publish(msg)
        self.published += 1

    def close(self):
        """Summary line for the log at exit."""
        return f'published {self.published} joint angle messages'


def main(args=None):
    """Entry point of `ros2 run movenet_ros joint_angles`."""
    return run(JointAnglesNode, args)


if __name__ == '__main__':
    sys.exit(main())
