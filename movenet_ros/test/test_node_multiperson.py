# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A multipose node follows each person: refined poses, stable ids, bodies, the budget.

The node runs as its own process with model_type multipose (MultiPose finds, Thunder
refines) and a budget of one refined person; two people walk in a 30 fps stream. Every
frame must carry both, under the same track ids, with REP-155 bodies per track, and
/diagnostics must count the person beyond the budget.
"""

from diagnostic_msgs.msg import DiagnosticArray
from hri_msgs.msg import IdsList
from movenet_ros_msgs.msg import PoseKeypointsArray
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop, wait_for_output
from sensor_msgs.msg import Image

FRAMES = 8


def test_two_people_keep_their_ids_bodies_and_the_budget_is_reported(read_image):
    node = start_node('-r', '__ns:=/people', '-p', 'model_type:=multipose',
                      '-p', 'hri_bodies:=true', '-p', 'max_people:=1',
                      image_topic='/people/camera')
    peer = Peer('multiperson_tester')
    arrays, tracked, over_budget = {}, {}, []
    try:
        wait_for_output(node, 'listening on', timeout=60.0)
        camera = peer.node.create_publisher(
            Image, '/people/camera', QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
        peer.node.create_subscription(
            PoseKeypointsArray, '/people/pose/poses',
            lambda m: arrays.setdefault(m.header.stamp.nanosec, m), 20)
        peer.node.create_subscription(
            IdsList, '/humans/bodies/tracked',
            lambda m: tracked.setdefault(m.header.stamp.nanosec, m), 20)
        peer.node.create_subscription(
            DiagnosticArray, '/diagnostics', lambda m: over_budget.extend(
                int(kv.value) for s in m.status if s.name.startswith('/people/movenet')
                for kv in s.values if kv.key == 'people_over_budget'), 20)
        peer.wait_for_subscribers(camera)
        frame = read_image('two_people.bmp').pixels
        for index in range(FRAMES):
            nanosec = round(index * 1e9 / 30)
            assert publish_until(peer, camera, bgr8_image(frame, 5, nanosec, 'cam'),
                                 lambda: nanosec in arrays and nanosec in tracked,
                                 every=5.0), index
        assert peer.spin_until(lambda: any(over_budget), 10.0), over_budget
    finally:
        peer.close()
        output = stop(node)
    assert 'Traceback' not in output
    assert 'each person refined by movenet_singlepose_thunder_f16.tflite' in output
    ids = [sorted(p.track_id for p in arrays[key].poses) for key in sorted(arrays)]
    assert len(ids) == FRAMES and all(len(each) == 2 for each in ids), ids
    assert ids == [ids[0]] * FRAMES and min(ids[0]) > 0, 'identities changed'
    bodies = [sorted(tracked[key].ids) for key in sorted(tracked)]
    assert all(len(set(each)) == 2 for each in bodies) and bodies == [bodies[0]] * FRAMES
