# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The controller nodes as processes on real DDS, fed hand-built pose messages.

No model runs here: the poses are constructed so that every expected angle, count and
command is known in advance. The real pose node feeds them in test_controllers_video.
"""

import math

from geometry_msgs.msg import Twist
from movenet_ros.core.keypoints import KEYPOINT_NAMES
from movenet_ros_msgs.msg import (JointAnglesArray, Keypoint, Keypoint3D, PoseKeypoints,
                                  PoseKeypoints3D, PoseKeypoints3DArray, PoseKeypointsArray,
                                  RepCount)
import pytest
from ros_harness import (call_until_answered, executable, Peer, publish_until, set_parameters,
                         start, stop, wait_for_output)

NS = '/ctl'


def _leg_pose(knee_degrees, track_id=-1, centre_x=320.0, torso=150.0):
    """Build a standing person whose knees bend to ``knee_degrees`` (image 640x480)."""
    points = {'left_shoulder': (centre_x + 40, 100), 'right_shoulder': (centre_x - 40, 100),
              'left_hip': (centre_x + 30, 100 + torso), 'right_hip': (centre_x - 30, 100 + torso)}
    bend = math.radians(180.0 - knee_degrees)
    for side, x in (('left', centre_x + 30), ('right', centre_x - 30)):
        knee = (x, 100 + torso + 80)
        points[f'{side}_knee'] = knee
        points[f'{side}_ankle'] = (knee[0] + 80 * math.sin(bend), knee[1] + 80 * math.cos(bend))
    pose = PoseKeypoints(image_width=640, image_height=480, detected=True, score=0.9,
                         track_id=track_id)
    pose.keypoints = [Keypoint(name=name, x=float(points.get(name, (0, 0))[0]),
                               y=float(points.get(name, (0, 0))[1]),
                               score=0.9 if name in points else 0.0)
                      for name in KEYPOINT_NAMES]
    return pose


def _array(peer, poses, stamp=None):
    msg = PoseKeypointsArray(image_width=640, image_height=480, poses=poses)
    msg.header.stamp = stamp or peer.node.get_clock().now().to_msg()
    msg.header.frame_id = 'cam'
    return msg


def _node(name, *params):
    args = [executable(name), '--ros-args', '-r', f'__ns:={NS}']
    for param in params:
        args += ['-p', param]
    return start(*args)


@pytest.fixture(scope='module')
def graph():
    processes = {'rep_counter': _node('rep_counter'), 'joint_angles': _node('joint_angles'),
                 'person_follower': _node('person_follower', 'lost_timeout:=1.5')}
    peer = Peer('controller_tester')
    heard = {'reps': [], 'angles': [], 'twists': []}
    subs = [peer.node.create_subscription(RepCount, f'{NS}/fitness/reps',
                                          heard['reps'].append, 100),
            peer.node.create_subscription(JointAnglesArray, f'{NS}/pose/joint_angles',
                                          heard['angles'].append, 100),
            peer.node.create_subscription(Twist, f'{NS}/cmd_vel', heard['twists'].append, 100)]
    poses = peer.node.create_publisher(PoseKeypointsArray, f'{NS}/pose/poses', 100)
    for process in processes.values():
        wait_for_output(process, NS)
    for sub in subs:
        peer.wait_for_publishers(sub)
    peer.wait_for_subscribers(poses, count=3)
    # Each node answers before the tests start (track 99 is no test's).
    assert publish_until(peer, poses, lambda: _array(peer, [_leg_pose(170, 99)]),
                         lambda: all(heard.values())), 'a controller never answered'
    yield peer, poses, heard, processes
    peer.close()
    for process in processes.values():
        if process.returncode is None:
            stop(process)


def _answers(heard, track_id):
    return sum(r.track_id == track_id for r in heard['reps'])


def test_counts_per_track_and_the_exercise_changes_live(graph):
    peer, poses, heard, _ = graph
    # Two people; track 1 squats twice, track 2 once; stamps 0.25 s apart from now.
    start = peer.node.get_clock().now().nanoseconds
    one = [170, 140, 100, 140, 170, 170, 140, 100, 140, 170]
    two = [170, 140, 100, 140, 170, 170, 170, 170, 170, 170]
    heard['reps'].clear()
    for i, (a, b) in enumerate(zip(one, two)):
        msg = _array(peer, [_leg_pose(a, 1, 200.0), _leg_pose(b, 2, 440.0)])
        msg.header.stamp.sec, msg.header.stamp.nanosec = divmod(start + i * 250_000_000,
                                                                1_000_000_000)
        poses.publish(msg)
    # Counted per track: a late answer to an earlier pose (the fixture's track 99, another
    # test's) must not stand in for one of these.
    assert peer.spin_until(lambda: _answers(heard, 1) >= len(one)
                           and _answers(heard, 2) >= len(two), 10.0)
    last = {r.track_id: r for r in heard['reps']}
    assert (last[1].count, last[1].phase, last[1].exercise) == (2, 'up', 'squat')
    assert last[1].last_rep_seconds == pytest.approx(1.0, abs=1e-3)
    assert (last[2].count, last[2].phase) == (1, 'up')

    refused = set_parameters(peer, f'{NS}/rep_counter', {'exercise': 'plank'})[0]
    assert not refused.successful and 'exercise must be one of' in refused.reason
    assert set_parameters(peer, f'{NS}/rep_counter', {'exercise': 'lunge'})[0].successful
    heard['reps'].clear()
    poses.publish(_array(peer, [_leg_pose(170, 1)]))
    assert peer.spin_until(lambda: heard['reps'], 10.0)
    assert (heard['reps'][0].exercise, heard['reps'][0].count) == ('lunge', 0)
    assert set_parameters(peer, f'{NS}/rep_counter', {'exercise': 'squat'})[0].successful


def test_angles_come_from_2d_poses_with_their_header(graph):
    peer, poses, heard, _ = graph
    heard['angles'].clear()
    msg = _array(peer, [_leg_pose(120.0, 4)])
    # Until the node answers from 2D: it may still see a 3D publisher another test left.
    assert publish_until(peer, poses, msg, lambda: any(
        a.header == msg.header and not a.from_3d for a in heard['angles']))
    out = next(a for a in heard['angles'] if a.header == msg.header)
    person = out.angles[0]
    angles = dict(zip(person.names, person.degrees))
    assert person.track_id == 4
    assert angles['left_knee'] == pytest.approx(120.0, abs=1e-3)
    assert angles['right_knee'] == pytest.approx(120.0, abs=1e-3)
    valid = dict(zip(person.names, person.valid))
    assert not valid['left_elbow'] and math.isnan(angles['left_elbow'])  # no wrist seen


def test_angles_come_from_3d_keypoints_while_they_are_published(graph):
    peer, poses, heard, _ = graph
    publisher = peer.node.create_publisher(PoseKeypoints3DArray, f'{NS}/pose/keypoints_3d',
                                           10)
    try:
        peer.wait_for_subscribers(publisher, count=2)  # joint_angles and person_follower
        heard['angles'].clear()
        stamp = peer.node.get_clock().now().to_msg()
        two_d = _array(peer, [_leg_pose(180.0, 7)], stamp)
        # In 3D the knee is bent forward by 0.3 m: hip (0, 0, 2), knee (0, 0.4, 1.7),
        # ankle (0, 0.8, 2); the image shows a straight leg.
        pose_3d = PoseKeypoints3D(track_id=7, score=0.9)
        place = {'left_hip': (0.0, 0.0, 2.0), 'left_knee': (0.0, 0.4, 1.7),
                 'left_ankle': (0.0, 0.8, 2.0)}
        pose_3d.keypoints = [
            Keypoint3D(name=name, x=place.get(name, (math.nan,) * 3)[0],
                       y=place.get(name, (math.nan,) * 3)[1],
                       z=place.get(name, (math.nan,) * 3)[2], score=0.9, valid=name in place)
            for name in KEYPOINT_NAMES]
        msg_3d = PoseKeypoints3DArray(poses=[pose_3d])
        msg_3d.header.stamp, msg_3d.header.frame_id = stamp, 'depth'
        # Both, until the node has seen the 3D publisher and answers from it.

        def both():
            poses.publish(two_d)
            return msg_3d
        assert publish_until(peer, publisher, both,
                             lambda: any(a.from_3d for a in heard['angles']))
        # Once 3D keypoints are heard, 2D poses of the same instant are not used.
        heard['angles'].clear()
        for _ in range(2):
            now = peer.node.get_clock().now().to_msg()
            two_d.header.stamp, msg_3d.header.stamp = now, now
            publisher.publish(both())
            assert peer.spin_until(lambda: any(a.header.stamp == now for a in heard['angles']),
                                   10.0)
        assert heard['angles'] and all(a.from_3d for a in heard['angles']), \
            'the 2D poses are used while 3D is published'
        out = heard['angles'][0]
        assert out.header.frame_id == 'depth'
        degrees = dict(zip(out.angles[0].names, out.angles[0].degrees))
        assert degrees['left_knee'] == pytest.approx(
            2 * math.degrees(math.atan2(0.4, 0.3)), abs=1e-3)
        assert math.isnan(degrees['right_knee'])
    finally:
        peer.node.destroy_publisher(publisher)


def test_follower_turns_ignores_stale_poses_and_stops_once(graph):
    peer, poses, heard, processes = graph
    twists = heard['twists']
    # Start from rest: switching off stops whatever an earlier test's poses started.
    for enabled in (False, True):
        assert set_parameters(peer, f'{NS}/person_follower',
                              {'enabled': enabled})[0].successful
    peer.spin_for(0.5)
    twists.clear()
    now = peer.node.get_clock().now()
    old = (now.nanoseconds - 5_000_000_000)
    stale = _array(peer, [_leg_pose(180.0, centre_x=600.0)])
    stale.header.stamp.sec, stale.header.stamp.nanosec = divmod(old, 1_000_000_000)
    poses.publish(stale)
    peer.spin_for(1.0)
    assert twists == [], 'a pose 5 s old moved the robot'
    # A person right of centre: the command turns clockwise (after the first, from rest).
    for _ in range(5):
        poses.publish(_array(peer, [_leg_pose(180.0, centre_x=600.0)]))
        peer.spin_for(0.1)
    assert peer.spin_until(lambda: len(twists) >= 5, 5.0)
    assert twists[0] == Twist()
    assert all(t.angular.z < 0.0 for t in twists[1:5])
    # Lost: exactly one stop, then silence.
    assert peer.spin_until(lambda: len(twists) >= 6, 5.0)
    assert twists[5] == Twist()
    peer.spin_for(2.0)
    assert len(twists) == 6
    # Disabled: a stop when moving, and no commands.
    poses.publish(_array(peer, [_leg_pose(180.0, centre_x=600.0)]))
    poses.publish(_array(peer, [_leg_pose(180.0, centre_x=600.0)]))
    assert peer.spin_until(lambda: len(twists) >= 8, 5.0)
    assert set_parameters(peer, f'{NS}/person_follower', {'enabled': False})[0].successful
    assert peer.spin_until(lambda: len(twists) >= 9, 5.0) and twists[8] == Twist()
    poses.publish(_array(peer, [_leg_pose(180.0, centre_x=600.0)]))
    peer.spin_for(2.0)
    assert len(twists) == 9
    refused = set_parameters(peer, f'{NS}/person_follower', {'max_age': -1.0})[0]
    assert not refused.successful and 'max_age out of range' in refused.reason
    assert set_parameters(peer, f'{NS}/person_follower', {'enabled': True})[0].successful
    wait_for_output(processes['person_follower'], 'ignoring poses older than max_age')


def test_reset_service_and_a_bad_exercise_at_start_up(graph):
    peer, poses, heard, _ = graph
    from std_srvs.srv import Trigger
    client = peer.node.create_client(Trigger, f'{NS}/fitness/reset')
    reply = call_until_answered(peer, client, Trigger.Request())  # resetting twice is harmless
    assert reply.success and 'set to zero' in reply.message
    heard['reps'].clear()
    poses.publish(_array(peer, [_leg_pose(170, 1)]))
    assert peer.spin_until(lambda: heard['reps'], 10.0)
    assert heard['reps'][0].count == 0

    bad = start(executable('rep_counter'), '--ros-args', '-r', '__ns:=/bad',
                '-p', 'exercise:=plank')
    assert bad.wait(timeout=30.0) == 1
    assert 'exercise must be one of biceps_curl, jumping_jack, lunge, push_up, squat' in \
        stop(bad)
