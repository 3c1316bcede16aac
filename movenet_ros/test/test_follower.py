# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The person follower's control law on synthetic poses."""

import math

from movenet_ros.controllers.follower import (focal_from_fov, Follower, FollowerConfig,
                                              Person, STOP, torso, Velocity)
from movenet_ros.core.keypoints import KEYPOINT_INDEX
import numpy as np
import pytest

WIDTH = 640


def _person(centre_x, torso_height, track_id=-1, score=0.9, z=None):
    """Shoulders 40 px either side of centre_x at y=100, hips torso_height below."""
    keypoints = np.zeros((17, 3))
    for name, x, y in (('left_shoulder', centre_x + 40, 100),
                       ('right_shoulder', centre_x - 40, 100),
                       ('left_hip', centre_x + 30, 100 + torso_height),
                       ('right_hip', centre_x - 30, 100 + torso_height)):
        keypoints[KEYPOINT_INDEX[name]] = (x, y, score)
    person = Person(keypoints, track_id)
    if z is not None:
        person.points_3d = np.full((17, 3), np.nan)
        for name in ('left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'):
            person.points_3d[KEYPOINT_INDEX[name]] = (0.0, 0.0, z)
        person.valid_3d = np.isfinite(person.points_3d).all(axis=1)
    return person


def _unlimited(**overrides):
    """Make a follower without speed or acceleration limits, so the raw law shows."""
    values = {'max_linear_speed': 100.0, 'max_angular_speed': 100.0,
              'max_linear_accel': 1e9, 'max_angular_accel': 1e9, 'horizontal_fov': 90.0,
              'target_distance': 2.0, 'target_torso_height': 100.0, 'angular_gain': 1.0,
              'linear_gain': 1.0}
    values.update(overrides)
    follower = Follower(FollowerConfig(**values))
    follower.command([_person(320, 100)], WIDTH, 0.0, 0.0)  # start the clock at rest
    return follower


def test_torso_centre_and_height():
    (x, y), height = torso(_person(300, 120), 0.2)
    assert (x, y) == pytest.approx((300, 160))
    assert height == pytest.approx(120)
    assert torso(_person(300, 120, score=0.1), 0.2) is None
    broken = _person(300, 120)
    broken.keypoints[[KEYPOINT_INDEX['left_hip'], KEYPOINT_INDEX['right_hip']], 0] = np.nan
    assert torso(broken, 0.2) is None  # a corrupt message never becomes a NaN command


def test_it_turns_toward_a_person_on_either_side():
    # 90 degree field of view on 640 px: focal 320 px. A torso at x=640 is 320 px right
    # of centre: bearing -45 degrees, so turn clockwise (negative z) at gain 1.
    assert focal_from_fov(WIDTH, 90.0) == pytest.approx(320.0)
    follower = _unlimited()
    right = follower.command([_person(640, 100)], WIDTH, 0.1, 0.1)
    assert right.angular == pytest.approx(-math.pi / 4)
    left = follower.command([_person(0, 100)], WIDTH, 0.2, 0.2)
    assert left.angular == pytest.approx(math.pi / 4)
    # A CameraInfo's focal length replaces the field of view: 640 px -> atan(0.5).
    cam = follower.command([_person(640, 100)], WIDTH, 0.3, 0.3, focal_px=640.0)
    assert cam.angular == pytest.approx(-math.atan(0.5))


def test_distance_from_torso_height_and_from_3d():
    follower = _unlimited()
    # Target 100 px at 2 m: 50 px means 4 m away, so drive forward 2 m/s at gain 1.
    assert follower.command([_person(320, 50)], WIDTH, 0.1, 0.1).linear == pytest.approx(2.0)
    # 200 px: 1 m away, back off at 1 m/s.
    assert follower.command([_person(320, 200)], WIDTH, 0.2, 0.2).linear == pytest.approx(-1.0)
    # 3D keypoints win over pixels: 2.5 m measured -> 0.5 m/s although 50 px says 4 m.
    near = follower.command([_person(320, 50, z=2.5)], WIDTH, 0.3, 0.3)
    assert near.linear == pytest.approx(0.5)


def test_deadbands_keep_it_still_near_the_goal():
    follower = _unlimited(angular_deadband=5.0, distance_deadband=0.2)
    # 20 px off centre: atan(20/320) = 3.6 degrees, inside 5. 105 px: 1.905 m, 0.095 off.
    assert follower.command([_person(340, 105)], WIDTH, 0.1, 0.1) == STOP
    outside = follower.command([_person(360, 80)], WIDTH, 0.2, 0.2)  # 7.1 deg, 0.5 m
    assert outside.angular < 0 and outside.linear == pytest.approx(0.5)


def test_speed_and_acceleration_limits():
    follower = Follower(FollowerConfig(
        horizontal_fov=90.0, max_linear_speed=0.5, max_angular_speed=1.0,
        max_linear_accel=1.0, max_angular_accel=2.0, target_torso_height=100.0))
    far_left = [_person(0, 20)]
    # The first command after rest is still at rest; each next one may change by
    # accel * dt: 0.1 s -> 0.1 m/s and 0.2 rad/s.
    assert follower.command(far_left, WIDTH, 0.0, 0.0) == STOP
    assert follower.command(far_left, WIDTH, 0.1, 0.1) == pytest.approx(Velocity(0.1, 0.2))
    assert follower.command(far_left, WIDTH, 0.2, 0.2) == pytest.approx(Velocity(0.2, 0.4))
    for step in range(3, 20):
        velocity = follower.command(far_left, WIDTH, step * 0.1, step * 0.1)
    assert velocity == pytest.approx(Velocity(0.5, 1.0))  # capped at the speed limits
    # Braking obeys the acceleration limit too.
    ahead = follower.command([_person(320, 100)], WIDTH, 2.0, 2.0)
    assert ahead == pytest.approx(Velocity(0.4, 0.8))


def test_the_loss_watchdog_stops_once_then_stays_silent():
    follower = Follower(FollowerConfig(lost_timeout=1.0))
    follower.command([_person(100, 100)], WIDTH, 0.0, 0.0)
    assert follower.watchdog(0.9) is None
    assert follower.command([], WIDTH, 0.95, 0.95) is None  # nobody: no command
    assert follower.watchdog(1.01) == STOP
    assert follower.watchdog(1.5) is None
    assert follower.watchdog(5.0) is None
    # Nothing was ever commanded: nothing to stop.
    assert Follower().watchdog(10.0) is None


def test_stale_messages_never_command_motion():
    follower = Follower(FollowerConfig(max_age=0.5))
    assert follower.command([_person(100, 100)], WIDTH, stamp=9.4, now=10.0) is None
    assert follower.command([_person(100, 100)], WIDTH, stamp=10.6, now=10.0) is None
    assert follower.stale == 2
    assert follower.watchdog(20.0) is None  # a stale message does not count as seen
    assert follower.command([_person(100, 100)], WIDTH, stamp=9.6, now=10.0) is not None


def test_it_locks_onto_the_largest_person_until_lost():
    follower = Follower(FollowerConfig(lost_timeout=1.0))
    small, large = _person(100, 60, track_id=1), _person(500, 150, track_id=2)
    assert follower.choose([small, large]) is large
    assert follower.locked_id == 2
    bigger_stranger = _person(300, 300, track_id=3)
    assert follower.choose([small, bigger_stranger, large]) is large
    assert follower.choose([small, bigger_stranger]) is None  # the locked one is absent
    follower.command([large], WIDTH, 0.0, 0.0)
    follower.watchdog(2.0)  # lost: the lock is released
    assert follower.choose([small, bigger_stranger]) is bigger_stranger


def test_a_given_track_id_is_followed_and_nobody_else():
    follower = Follower(FollowerConfig(target_track_id=1))
    small, large = _person(100, 60, track_id=1), _person(500, 150, track_id=2)
    assert follower.choose([small, large]) is small
    assert follower.choose([large]) is None


def test_disabling_stops_once_and_silences_commands():
    follower = Follower()
    follower.command([_person(100, 100)], WIDTH, 0.0, 0.0)
    assert follower.set_enabled(False) == STOP
    assert follower.command([_person(100, 100)], WIDTH, 0.1, 0.1) is None
    assert follower.watchdog(5.0) is None
    assert follower.set_enabled(True) is None
    assert follower.command([_person(100, 100)], WIDTH, 0.2, 0.2) == STOP  # from rest
