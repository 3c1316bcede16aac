# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
person_follower: geometry_msgs/Twist on cmd_vel that turns toward and follows a person.

Poses come from pose/poses; while pose/keypoints_3d has a publisher, each pose array
waits for the 3D array with the same stamp and the distance comes from depth. A
CameraInfo on camera_info, when one arrives, gives the focal length instead of
``horizontal_fov``. A timer stops the robot once when the target is lost.
"""

import sys

from geometry_msgs.msg import Twist
from movenet_ros_msgs.msg import PoseKeypoints3DArray, PoseKeypointsArray
from rclpy.qos import qos_profile_sensor_data
from sensor_msgs.msg import CameraInfo

from .base import (ControllerNode, keypoints_3d_of, keypoints_of, LOG_THROTTLE, POSE_QOS,
                   run, stamp_seconds)
from ..controllers.follower import Follower, FollowerConfig, Person
from ..core.parameters import ParameterSpec

_D = FollowerConfig()
PARAMETERS = (
    ParameterSpec('enabled', True, 'Publish commands (false: one stop, then silence)',
                  dynamic=True),
    ParameterSpec('horizontal_fov', _D.horizontal_fov,
                  'Camera horizontal field of view in degrees (until a CameraInfo arrives)',
                  low=1.0, high=179.0, dynamic=True),
    ParameterSpec('target_distance', _D.target_distance, 'Distance to keep, metres',
                  low=0.1, high=20.0, dynamic=True),
    ParameterSpec('target_torso_height', _D.target_torso_height,
                  'Torso height in pixels seen at target_distance (without 3D keypoints)',
                  low=1.0, high=10000.0, dynamic=True),
    ParameterSpec('angular_gain', _D.angular_gain, 'rad/s per rad of bearing',
                  low=0.0, high=100.0, dynamic=True),
    ParameterSpec('linear_gain', _D.linear_gain, 'm/s per metre of distance error',
                  low=0.0, high=100.0, dynamic=True),
    ParameterSpec('max_linear_speed', _D.max_linear_speed, 'm/s, forward and back',
                  low=0.0, high=10.0, dynamic=True),
    ParameterSpec('max_angular_speed', _D.max_angular_speed, 'rad/s',
                  low=0.0, high=20.0, dynamic=True),
    ParameterSpec('max_linear_accel', _D.max_linear_accel, 'm/s^2',
                  low=0.001, high=100.0, dynamic=True),
    ParameterSpec('max_angular_accel', _D.max_angular_accel, 'rad/s^2',
                  low=0.001, high=100.0, dynamic=True),
    ParameterSpec('angular_deadband', _D.angular_deadband,
                  'Bearing in degrees treated as straight ahead', low=0.0, high=90.0,
                  dynamic=True),
    ParameterSpec('distance_deadband', _D.distance_deadband,
                  'Distance error in metres treated as on target', low=0.0, high=10.0,
                  dynamic=True),
    ParameterSpec('lost_timeout', _D.lost_timeout,
                  'Seconds without the target before one stop command', low=0.05,
                  high=60.0, dynamic=True),
    ParameterSpec('max_age', _D.max_age,
                  'Poses older than this (header stamp, seconds) never command motion',
                  low=0.01, high=60.0, dynamic=True),
    ParameterSpec('min_keypoint_score', _D.min_keypoint_score,
                  'Keypoints below this are not used', low=0.0, high=1.0, dynamic=True),
    ParameterSpec('target_track_id', _D.target_track_id,
                  'Follow only this track_id; -1: the largest person, locked until lost',
                  low=-1, high=2147483647, dynamic=True),
)
_CONFIG_FIELDS = tuple(FollowerConfig.__dataclass_fields__)


class PersonFollowerNode(ControllerNode):
    """Turns pose messages into cmd_vel through the ROS-free Follower."""

    def __init__(self):
        super().__init__('person_follower', PARAMETERS)
        self.follower = Follower(self._config(self.values))
        self.follower.enabled = self.values['enabled']
        self.publisher = self.create_publisher(Twist, 'cmd_vel', 10)
        self.create_subscription(PoseKeypointsArray, 'pose/poses', self._on_poses, POSE_QOS)
        self.sub_3d = self.create_subscription(PoseKeypoints3DArray, 'pose/keypoints_3d',
                                               self._on_poses_3d, POSE_QOS)
        self.create_subscription(CameraInfo, 'camera_info', self._on_info,
                                 qos_profile_sensor_data)
        self.camera = None  # (fx, width) of the last CameraInfo
        self.pending = None  # a pose array waiting for its 3D array
        self.last_3d = None
        self.commands = 0
        self.create_timer(0.05, self._watchdog)
        self.get_logger().info(
            f"following on {self.resolve_topic_name('pose/poses')}, commanding "
            f"{self.resolve_topic_name('cmd_vel')}")

    @staticmethod
    def _config(values):
        return FollowerConfig(**{k: values[k] for k in _CONFIG_FIELDS})

    def apply(self, values):
        """Live gains, limits and enabled; switching off stops the robot once."""
        self.follower.config = self._config(values)
        if values['enabled'] != self.follower.enabled:
            self._send(self.follower.set_enabled(values['enabled']))
        return ''

    def _now(self):
        return self.get_clock().now().nanoseconds * 1e-9

    def _on_info(self, msg):
        if msg.k[0] > 0.0 and msg.width > 0:
            self.camera = (msg.k[0], msg.width)

    def _on_poses(self, msg):
        if self.sub_3d.get_publisher_count() == 0:
            self._control(msg, None)
            return
        if self.last_3d is not None and self.last_3d.header.stamp == msg.header.stamp:
            self._control(msg, self.last_3d)
            return
        if self.pending is not None:  # its 3D array never came (no depth): pixels only
            self._control(self.pending, None)
        self.pending = msg

    def _on_poses_3d(self, msg):
        self.last_3d = msg
        if self.pending is not None and self.pending.header.stamp == msg.header.stamp:
            pending, self.pending = self.pending, None
            self._control(pending, msg)

    def _control(self, msg, msg_3d):
        people = []
        poses_3d = {p.track_id: p for p in msg_3d.poses} if msg_3d is not None else {}
        for pose in msg.poses:
            if not pose.detected:
                continue
            person = Person(keypoints_of(pose), pose.track_id)
            if pose.track_id in poses_3d:
                points, _, person.valid_3d = keypoints_3d_of(poses_3d[pose.track_id])
                person.points_3d = points
            people.append(person)
        focal = None
        if self.camera is not None:
            focal = self.camera[0] * msg.image_width / self.camera[1]
        stale = self.follower.stale
        self._send(self.follower.command(people, msg.image_width, stamp_seconds(msg.header),
                                         self._now(), focal))
        if self.follower.stale > stale:
            self.get_logger().warning(
                f'ignoring poses older than max_age ({self.follower.config.max_age} s) by '
                f'their stamp ({self.follower.stale} so far)', throttle_duration_sec=LOG_THROTTLE)

    def _watchdog(self):
        if self.follower.watchdog(self._now()) is not None:
            self.get_logger().info('target lost: stopping')
            self._send((0.0, 0.0))

    def _send(self, velocity):
        if velocity is None:
            return
        twist = Twist()
        twist.linear.x, twist.angular.z = float(velocity[0]), float(velocity[1])
        self.publisher.publish(twist)
        self.commands += 1

    def close(self):
        """Summary line for the log at exit."""
        return (f'sent {self.commands} commands, ignored {self.follower.stale} stale pose '
                'messages')


def main(args=None):
    """Entry point of `ros2 run movenet_ros person_follower`."""
    return run(PersonFollowerNode, args)


if __name__ == '__main__':
    sys.exit(main())
