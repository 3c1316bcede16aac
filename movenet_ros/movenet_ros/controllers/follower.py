# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Person following: turn toward the target's torso and keep a set distance, within limits.

The control law is proportional on two errors: the bearing of the torso centre (from its
horizontal pixel offset and the focal length, itself from the field of view or a
CameraInfo) and the distance error (from 3D keypoints when present, otherwise from the
torso height in pixels, which shrinks in proportion to distance). Deadbands keep a robot
still near the goal; speed and acceleration limits bound every command; stale poses and a
lost target never move it.
"""

from collections import namedtuple
from dataclasses import dataclass
import math

import numpy as np

from ..core.keypoints import KEYPOINT_INDEX

Velocity = namedtuple('Velocity', 'linear angular')  # m/s forward, rad/s counter-clockwise
STOP = Velocity(0.0, 0.0)

_SHOULDERS = (KEYPOINT_INDEX['left_shoulder'], KEYPOINT_INDEX['right_shoulder'])
_HIPS = (KEYPOINT_INDEX['left_hip'], KEYPOINT_INDEX['right_hip'])


@dataclass
class FollowerConfig:
    """Gains, goal and limits; the node's parameters of the same names."""

    horizontal_fov: float = 60.0       # degrees, used until a CameraInfo gives fx
    target_distance: float = 1.5       # metres to keep from the person
    target_torso_height: float = 150.0  # torso pixels seen at target_distance (2D only)
    angular_gain: float = 1.5          # rad/s per rad of bearing
    linear_gain: float = 0.6           # m/s per metre of distance error
    max_linear_speed: float = 0.5      # m/s, both directions
    max_angular_speed: float = 1.0     # rad/s
    max_linear_accel: float = 0.5      # m/s^2
    max_angular_accel: float = 2.0     # rad/s^2
    angular_deadband: float = 3.0      # degrees of bearing treated as straight ahead
    distance_deadband: float = 0.1     # metres of distance error treated as on target
    lost_timeout: float = 1.0          # seconds without the target before stopping
    max_age: float = 0.5               # seconds a pose may be old and still move the robot
    min_keypoint_score: float = 0.2
    target_track_id: int = -1          # follow this track only; -1: the largest person


@dataclass
class Person:
    """One detected person: (17, 3) pixels and scores, and optional 3D keypoints."""

    keypoints: np.ndarray
    track_id: int = -1
    points_3d: np.ndarray = None  # (17, 3) metres in the camera optical frame
    valid_3d: np.ndarray = None   # (17,) True where the 3D point was measured


def _seen(person, ids, min_score):
    return [i for i in ids if person.keypoints[i, 2] >= min_score
            and np.isfinite(person.keypoints[i, :2]).all()]


def torso(person, min_score):
    """
    Torso centre (x, y) and height in pixels, or None without a shoulder and a hip.

    The height runs from the mean of the seen shoulders to the mean of the seen hips.
    """
    shoulders = _seen(person, _SHOULDERS, min_score)
    hips = _seen(person, _HIPS, min_score)
    if not shoulders or not hips:
        return None
    top = person.keypoints[shoulders, :2].mean(axis=0)
    bottom = person.keypoints[hips, :2].mean(axis=0)
    centre = person.keypoints[shoulders + hips, :2].mean(axis=0)
    return (float(centre[0]), float(centre[1])), float(np.linalg.norm(top - bottom))


def torso_depth(person, min_score):
    """Forward distance (z, metres) of the measured torso keypoints, or None."""
    if person.points_3d is None:
        return None
    ids = [i for i in _seen(person, _SHOULDERS + _HIPS, min_score)
           if (person.valid_3d is None or person.valid_3d[i])
           and np.isfinite(person.points_3d[i]).all()]
    return float(np.mean(person.points_3d[ids, 2])) if ids else None


def size(person, min_score):
    """Area in pixels of the box around the seen keypoints (how large a person looks)."""
    seen = person.keypoints[person.keypoints[:, 2] >= min_score, :2]
    if len(seen) < 2:
        return 0.0
    extent = seen.max(axis=0) - seen.min(axis=0)
    return float(extent[0] * extent[1])


def focal_from_fov(image_width, fov_degrees):
    """Focal length in pixels of a pinhole camera with this horizontal field of view."""
    return (image_width / 2.0) / math.tan(math.radians(fov_degrees) / 2.0)


def _clamp(value, limit):
    return max(-limit, min(limit, value))


def _deadband(value, band):
    return 0.0 if abs(value) < band else value


class Follower:
    """Chooses and locks a target, turns poses into velocities, stops on loss."""

    def __init__(self, config=None):
        self.config = config or FollowerConfig()
        self.enabled = True
        self.locked_id = None
        self.velocity = STOP
        self.active = False  # a command went out since the last stop
        self.last_command_at = None
        self.last_seen_at = None
        self.stale = 0

    def choose(self, people):
        """Pick the person to follow: the wanted or locked track, else the largest person."""
        cfg = self.config
        candidates = [p for p in people if torso(p, cfg.min_keypoint_score) is not None]
        wanted = cfg.target_track_id if cfg.target_track_id >= 0 else self.locked_id
        if wanted is not None:
            return next((p for p in candidates if p.track_id == wanted), None)
        if not candidates:
            return None
        target = max(candidates, key=lambda p: size(p, cfg.min_keypoint_score))
        if target.track_id >= 0:
            self.locked_id = target.track_id
        return target

    def command(self, people, image_width, stamp, now, focal_px=None):
        """
        Velocity for the people of one image stamped ``stamp``, at ROS time ``now``.

        None when nothing should be sent: disabled, a stale message (older than max_age,
        or as far in the future), or no target in it (the loss watchdog stops later).
        """
        cfg = self.config
        if not self.enabled:
            return None
        if abs(now - stamp) > cfg.max_age:
            self.stale += 1
            return None
        target = self.choose(people)
        if target is None or image_width <= 0:
            return None
        self.last_seen_at = now
        (centre_x, _), height = torso(target, cfg.min_keypoint_score)
        focal = focal_px or focal_from_fov(image_width, cfg.horizontal_fov)
        bearing = math.atan2(image_width / 2.0 - centre_x, focal)  # left of centre: > 0
        depth = torso_depth(target, cfg.min_keypoint_score)
        if depth is not None:
            error = depth - cfg.target_distance
        elif height > 0.0:
            error = cfg.target_distance * (cfg.target_torso_height / height - 1.0)
        else:
            error = 0.0
        wanted = Velocity(
            _clamp(_deadband(error, cfg.distance_deadband) * cfg.linear_gain,
                   cfg.max_linear_speed),
            _clamp(_deadband(bearing, math.radians(cfg.angular_deadband)) * cfg.angular_gain,
                   cfg.max_angular_speed))
        return self._limit(wanted, now)

    def _limit(self, wanted, now):
        """Bound the change from the previous command by the acceleration limits."""
        cfg = self.config
        dt = 0.0 if self.last_command_at is None else now - self.last_command_at
        dt = min(max(dt, 0.0), cfg.lost_timeout)
        linear = self.velocity.linear + _clamp(
            wanted.linear - self.velocity.linear, cfg.max_linear_accel * dt)
        angular = self.velocity.angular + _clamp(
            wanted.angular - self.velocity.angular, cfg.max_angular_accel * dt)
        self.velocity = Velocity(linear, angular)
        self.last_command_at = now
        self.active = True
        return self.velocity

    def watchdog(self, now):
        """Return STOP once when the target has been gone for lost_timeout, else None."""
        if self.last_seen_at is None or now - self.last_seen_at <= self.config.lost_timeout:
            return None
        return self.stop()

    def set_enabled(self, enabled):
        """Switch following on or off; switching off returns STOP when it was moving."""
        self.enabled = bool(enabled)
        return None if self.enabled else self.stop()

    def stop(self):
        """Forget motion and target; STOP when a command went out since the last stop."""
        was_active = self.active
        self.velocity, self.active, self.last_command_at = STOP, False, None
        self.last_seen_at, self.locked_id = None, None
        return STOP if was_active else None
