# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""pose/poses from running nodes: every person with a track id, or the single pose."""

from movenet_ros_msgs.msg import PoseKeypoints, PoseKeypointsArray
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop
from sensor_msgs.msg import Image


def test_multipose_and_singlepose_nodes_publish_pose_arrays(read_image):
    multi = start_node('-r', '__ns:=/multi', '-p', 'model_type:=multipose',
                       image_topic='/multi/camera')
    single = start_node('-r', '__ns:=/single', image_topic='/single/camera')
    peer = Peer('pose_array_tester')
    arrays = {'multi': [], 'single': []}
    best = {'multi': [], 'single': []}
    try:
        cameras = {}
        for name in arrays:
            cameras[name] = peer.node.create_publisher(
                Image, f'/{name}/camera', QoSProfile(depth=5,
                                                     reliability=ReliabilityPolicy.RELIABLE))
            peer.node.create_subscription(PoseKeypointsArray, f'/{name}/pose/poses',
                                          arrays[name].append, 10)
            peer.node.create_subscription(PoseKeypoints, f'/{name}/pose/keypoints',
                                          best[name].append, 10)
            peer.wait_for_subscribers(cameras[name])
        frame = read_image('two_people.bmp').pixels
        for sec in (1, 2):
            for name, camera in cameras.items():
                msg = bgr8_image(frame, sec, frame_id=f'{name}_camera')
                # Until answered: a just-matched reader may miss the first frame.
                assert publish_until(peer, camera, msg, lambda: any(
                    a.header.stamp.sec == sec for a in arrays[name])), (name, sec)
    finally:
        peer.close()
        outputs = [stop(multi), stop(single)]
    assert all('Traceback' not in o for o in outputs)

    first, second = (next(a for a in arrays['multi'] if a.header.stamp.sec == sec)
                     for sec in (1, 2))
    for array, sec in ((first, 1), (second, 2)):
        assert array.header.stamp.sec == sec and array.header.frame_id == 'multi_camera'
        assert (array.image_width, array.image_height) == (640, 480)
        assert len(array.poses) == 2
        assert all(p.header.stamp.sec == sec and p.detected for p in array.poses)
    ids = [p.track_id for p in first.poses]
    assert len(set(ids)) == 2 and min(ids) > 0
    assert sorted(p.track_id for p in second.poses) == sorted(ids), 'identities changed'
    # pose/keypoints carries the best person of each frame.
    best_first = next(p for p in best['multi'] if p.header.stamp.sec == 1)
    assert best_first.track_id == first.poses[0].track_id
    assert best_first.score == max(p.score for p in first.poses)

    for array in arrays['single']:
        assert len(array.poses) == 1 and array.poses[0].track_id == -1
        assert array.header.frame_id == 'single_camera'
