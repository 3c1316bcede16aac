# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The controllers on real DDS behind the real pose node, fed pose_squats.mp4.

Processes: movenet_node, joint_angles, rep_counter and person_follower (namespace /fit),
video_publisher playing the file, and this test listening. The player waits for each
frame's pose/poses answer before it sends the next, so every frame is processed and the
count does not depend on how fast this machine is.

Expected count, decided by watching the video frame by frame (65 frames at 5 fps, one
woman facing the camera): frames 0-2 standing; first squat from frame 3, lowest around
frames 8-11, standing again by frame 18; standing 18-27; second squat from frame 28,
lowest around frames 33-35, standing again by frame 41; standing 41-51; the third squat
starts at frame 52, is lowest around 58-61, and at the last frame (64) she is still
rising with clearly bent knees. So two repetitions are complete when the video ends, and
the third one is under way (phase down).
"""

import copy
import math
import re

from geometry_msgs.msg import Twist
from movenet_ros_msgs.msg import JointAnglesArray, PoseKeypointsArray, RepCount
import pytest
from ros_harness import (call_until_answered, executable, Peer, publish_until, start, start_node,
                         stop, wait_for_output)
from std_srvs.srv import Trigger

FRAMES = 65
EXPECTED_SQUATS = 2
NS = '/fit'


def _key(header):
    return header.stamp.sec, header.stamp.nanosec


def _controller(name, *params):
    args = [executable(name), '--ros-args', '-r', f'__ns:={NS}']
    for param in params:
        args += ['-p', param]
    return start(*args)


@pytest.mark.integration
def test_squats_are_counted_behind_the_real_pose_node(data_dir):
    node = start_node('-r', f'__ns:={NS}', '-p', 'qos_reliability:=reliable',
                      image_topic=f'{NS}/camera')
    reps_node = _controller('rep_counter', 'exercise:=squat')
    angles_node = _controller('joint_angles')
    # max_age generous: this test is about the law on real poses, not about latency.
    follower = _controller('person_follower', 'max_age:=30.0', 'lost_timeout:=1.0')
    peer = Peer('fitness_listener')
    poses, angles, reps, twists = [], [], [], []
    subs = [peer.node.create_subscription(PoseKeypointsArray, f'{NS}/pose/poses',
                                          poses.append, 100),
            peer.node.create_subscription(JointAnglesArray, f'{NS}/pose/joint_angles',
                                          angles.append, 100),
            peer.node.create_subscription(RepCount, f'{NS}/fitness/reps', reps.append, 100),
            peer.node.create_subscription(Twist, f'{NS}/cmd_vel', twists.append, 100)]
    processes = [node, reps_node, angles_node, follower]
    outputs = {}
    try:
        wait_for_output(node, 'listening on')
        for process in processes[1:]:
            wait_for_output(process, NS)
        for sub in subs:
            peer.wait_for_publishers(sub)
        # The pose node's answers must reach all three controllers and this listener.
        assert peer.spin_until(
            lambda: peer.node.count_subscribers(f'{NS}/pose/poses') >= 4, 20.0)
        peer.spin_for(0.5)
        player = start(executable('video_publisher'), '--ros-args',
                       '-r', f'image:={NS}/camera',
                       '-p', f"video:={data_dir / 'video' / 'pose_squats.mp4'}",
                       '-p', f'pace_topic:={NS}/pose/poses', '-p', 'wait_for_subscribers:=1',
                       '-p', 'frame_id:=fit_camera')
        peer.spin_until(lambda: player.poll() is not None, timeout=240.0)
        player_output = stop(player)
        assert player.returncode == 0, player_output
        assert f'published {FRAMES} frames' in player_output, player_output
        assert 'no answer' not in player_output, player_output
        assert peer.spin_until(lambda: len(poses) == FRAMES and len(angles) == FRAMES
                               and len(reps) >= FRAMES - 1, 20.0), \
            (len(poses), len(angles), len(reps))
        last = _key(poses[-1].header)
        assert peer.spin_until(lambda: _key(reps[-1].header) == last, 10.0)
        # The person leaves with the video: one stop from the watchdog.
        assert peer.spin_until(lambda: twists and twists[-1] == Twist(), 10.0), twists[-3:]
        final = reps[-1]
        video_poses, video_angles, video_twists = list(poses), list(angles), list(twists)
        peer.spin_for(2.0)  # after the stop: silence
        assert len(twists) == len(video_twists), twists[len(video_twists):]
        outputs['person_follower'] = stop(follower)

        # fitness/reset sets the count to zero: the next pose starts from nothing.
        client = peer.node.create_client(Trigger, f'{NS}/fitness/reset')
        assert call_until_answered(peer, client, Trigger.Request()).success
        again = copy.deepcopy(poses[-1])
        again.header.stamp.sec += 1
        publisher = peer.node.create_publisher(PoseKeypointsArray, f'{NS}/pose/poses', 10)
        assert publish_until(peer, publisher, again,
                             lambda: _key(reps[-1].header) == _key(again.header))
        after_reset = reps[-1]
    finally:
        for process in processes:
            name = process.args[0].rsplit('/', 1)[-1]
            if name not in outputs:
                outputs[name] = stop(process)
        peer.close()
    for process in processes:
        assert process.returncode == 0, outputs[process.args[0].rsplit('/', 1)[-1]]

    assert re.search(rf'processed {FRAMES} frames of {FRAMES} received',
                     outputs['movenet_node']), outputs['movenet_node']
    # Joint angles: one message per frame, same header, eight named angles.
    assert [_key(a.header) for a in video_angles] == [_key(p.header) for p in video_poses]
    detected = [a for a in video_angles if a.angles]
    assert len(detected) >= FRAMES - 2
    for message in detected:
        assert not message.from_3d
        person = message.angles[0]
        assert list(person.names) == ['left_elbow', 'right_elbow', 'left_shoulder',
                                      'right_shoulder', 'left_hip', 'right_hip',
                                      'left_knee', 'right_knee']
        for degrees, valid in zip(person.degrees, person.valid):
            assert (0.0 <= degrees <= 180.0) if valid else math.isnan(degrees)
    knees = [a.angles[0].degrees[6] for a in detected if a.angles[0].valid[6]]
    assert max(knees) > 165.0 and min(knees) < 110.0, 'standing and squatting both seen'

    # The count, as watched: two squats complete, the third under way.
    assert (final.exercise, final.track_id) == ('squat', -1)
    assert final.count == EXPECTED_SQUATS, [(r.count, r.phase) for r in reps]
    assert final.phase == RepCount.PHASE_DOWN
    assert 2.0 < final.last_rep_seconds < 5.0  # a squat of about three seconds
    assert 'squat 1 (' in outputs['rep_counter'] and 'squat 2 (' in outputs['rep_counter']
    assert 'squat 3 (' not in outputs['rep_counter']
    assert (after_reset.count, after_reset.last_rep_seconds) == (0, 0.0)

    # Following: commands within the limits (defaults 0.5 m/s, 1 rad/s), then one stop.
    assert len(video_twists) >= FRAMES // 2
    for twist in video_twists:
        assert abs(twist.linear.x) <= 0.5 + 1e-6 and abs(twist.angular.z) <= 1.0 + 1e-6
    assert outputs['person_follower'].count('target lost: stopping') == 1
    assert any(t.linear.x != 0.0 or t.angular.z != 0.0 for t in video_twists)
