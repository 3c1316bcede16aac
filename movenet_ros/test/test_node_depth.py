# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""pose/keypoints_3d and pose/markers from a running node fed colour, depth and camera info."""

from movenet_ros_msgs.msg import PoseKeypoints, PoseKeypoints3DArray
from ros_harness import Peer, publish_until, RgbdCamera, start_node, stop, wait_for_output
from visualization_msgs.msg import MarkerArray


def test_keypoints_in_metres_from_a_plane(read_image):
    # Each frame alone decides its keypoints, so every copy of a frame gives the same ones.
    node = start_node('-r', '__ns:=/d3', '-p', 'depth_enabled:=true', '-p',
                      'enable_cropping:=false', '-p', 'enable_smoothing:=false',
                      image_topic='/d3/color')
    peer = Peer('depth_tester')
    poses_3d, markers, poses_2d = [], [], []
    try:
        wait_for_output(node, 'listening on')
        n = peer.node
        n.create_subscription(PoseKeypoints3DArray, '/d3/pose/keypoints_3d',
                              poses_3d.append, 10)
        n.create_subscription(MarkerArray, '/d3/pose/markers', markers.append, 10)
        n.create_subscription(PoseKeypoints, '/d3/pose/keypoints', poses_2d.append, 10)
        frame = read_image('squat.bmp').pixels
        camera = RgbdCamera(peer, '/d3', *frame.shape[:2])
        color = camera.color

        def send(sec):
            """Camera info, a depth plane and a colour frame of one instant."""
            return camera.send(sec, frame, depth_nanosec=10_000_000)

        def answered_3d(sec):
            return lambda: any(a.header.stamp.sec == sec for a in poses_3d) and markers

        # The depth reader may be best effort: all three again until the 3D answer.
        assert publish_until(peer, color, lambda: send(7), answered_3d(7)), 'no 3D output'

        # A colour frame 3 s away from any depth image is not paired: once a later pair is
        # answered (frames are processed in order), it has been and gone without 3D.
        lone = send(7)
        lone.header.stamp.sec = 10
        color.publish(lone)
        assert peer.spin_until(lambda: any(p.header.stamp.sec == 10 for p in poses_2d), 20.0)
        assert publish_until(peer, color, lambda: send(12), answered_3d(12))
        assert 10 not in [a.header.stamp.sec for a in poses_3d]
    finally:
        peer.close()
        output = stop(node)
    assert 'Traceback' not in output

    array = next(a for a in poses_3d if a.header.stamp.sec == 7)
    assert array.header.stamp.sec == 7 and array.header.frame_id == 'depth_optical'
    (pose,) = array.poses
    valid = [k for k in pose.keypoints if k.valid]
    assert len(valid) == 17
    for keypoint in valid:
        assert abs(keypoint.z - 2.5) < 0.01
    # Every point deprojects its 2D keypoint: x = (u - cx) z / fx, y = (v - cy) z / fy.
    flat = next(p for p in poses_2d if p.header.stamp.sec == 7)
    for k3, k2 in zip(pose.keypoints, flat.keypoints):
        assert abs(k3.x - (k2.x - 250.0) * 2.5 / 400.0) < 0.01, k3.name
        assert abs(k3.y - (k2.y - 305.0) * 2.5 / 400.0) < 0.01, k3.name
    marker_set = markers[0].markers
    assert any(m.ns == 'movenet_joints' and len(m.points) == 17 for m in marker_set)
    assert any(m.ns == 'movenet_bones' and len(m.points) == 2 * 16 for m in marker_set)


def test_images_without_stamps_pair_by_arrival(read_image):
    # A driver that leaves stamps empty: colour and depth are both timed by arrival.
    node = start_node('-r', '__ns:=/d0', '-p', 'depth_enabled:=true', image_topic='/d0/color')
    peer = Peer('unstamped_depth')
    poses_3d = []
    try:
        wait_for_output(node, 'listening on')
        peer.node.create_subscription(PoseKeypoints3DArray, '/d0/pose/keypoints_3d',
                                      poses_3d.append, 10)
        frame = read_image('squat.bmp').pixels
        camera = RgbdCamera(peer, '/d0', *frame.shape[:2])
        color = camera.color

        def send():
            return camera.send(0, frame)  # no stamps at all

        assert publish_until(peer, color, send, lambda: poses_3d), 'unstamped depth never paired'
    finally:
        peer.close()
        output = stop(node)
    assert 'images carry no stamp; timing smoothing by arrival' in output
    (pose,) = poses_3d[0].poses
    assert abs(next(k for k in pose.keypoints if k.valid).z - 2.5) < 0.01
