# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
TF frames, REP-155 bodies and Foxglove image annotations from a running node, over DDS.

A colour frame of a person, an aligned depth plane 2.5 m away and its camera info go in;
the test reads the outputs with the interface packages' own types, then sends an empty
frame: the person leaves, and the body goes from tracked and from /tf.
"""

import os
from pathlib import Path

from foxglove_msgs.msg import ImageAnnotations, PointsAnnotation
from hri_msgs.msg import IdsList, NormalizedRegionOfInterest2D, Skeleton2D
from movenet_ros.node.nodes import MoveNetNode
from movenet_ros_msgs.msg import PoseKeypoints
import numpy as np
from rclpy.parameter import Parameter
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import (bgr8_image, node_of_this_process, Peer, publish_until, RgbdCamera,
                         start_node, stop, wait_for_output)
from sensor_msgs.msg import Image
from tf2_msgs.msg import TFMessage

RELIABLE = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)
DEEP = QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE)


def test_rgbd_frames_give_tf_bodies_and_annotations_until_the_person_leaves(read_image):
    node = start_node('-r', '__ns:=/std', '-p', 'depth_enabled:=true', '-p',
                      'publish_tf:=true', '-p', 'hri_bodies:=true', '-p',
                      'enable_cropping:=false', image_topic='/std/color')
    peer = Peer('standard_outputs_tester')
    got = {'tf': [], 'tracked': [], 'annotations': [], 'poses': [], 'skeleton': [], 'roi': []}
    try:
        wait_for_output(node, 'listening on')
        n = peer.node
        n.create_subscription(TFMessage, '/tf', got['tf'].append, DEEP)
        n.create_subscription(IdsList, '/humans/bodies/tracked', got['tracked'].append, DEEP)
        n.create_subscription(ImageAnnotations, '/std/pose/image_annotations',
                              got['annotations'].append, DEEP)
        n.create_subscription(PoseKeypoints, '/std/pose/keypoints', got['poses'].append, DEEP)
        person = read_image('squat.bmp').pixels
        camera = RgbdCamera(peer, '/std', *person.shape[:2])
        color, send = camera.color, camera.send

        def tf_at(sec):
            return [t for m in got['tf'] for t in m.transforms if t.header.stamp.sec == sec]

        assert publish_until(peer, color, lambda: send(5, person), lambda: tf_at(5)), \
            'no TF for a person with depth'
        assert peer.spin_until(lambda: any(t.header.stamp.sec == 5 for t in got['tracked']),
                               10.0)
        # Frame 5 may have gone out more than once until its TF came back; each says the same.
        (body_id,) = [t.ids for t in got['tracked'] if t.header.stamp.sec == 5][-1]
        # The body's own topics exist now: read the next frame's skeleton and ROI.
        n.create_subscription(Skeleton2D, f'/humans/bodies/{body_id}/skeleton2d',
                              got['skeleton'].append, DEEP)
        n.create_subscription(NormalizedRegionOfInterest2D, f'/humans/bodies/{body_id}/roi',
                              got['roi'].append, DEEP)
        assert publish_until(peer, color, lambda: send(6, person),
                             lambda: got['skeleton'] and got['roi'] and tf_at(6))
        frames = {t.child_frame_id: t for t in tf_at(5)}
        annotations = [a for a in got['annotations'] if a.points
                       and a.points[0].timestamp.sec == 5]

        # The person leaves: an empty frame clears the body and stops its frames.
        empty = np.zeros_like(person)
        assert publish_until(peer, color, lambda: send(9, empty),
                             lambda: any(t.header.stamp.sec == 9 for t in got['tracked']))
        assert peer.spin_until(lambda: any(p.header.stamp.sec == 9 for p in got['poses']),
                               10.0)
    finally:
        peer.close()
        output = stop(node)
    assert 'Traceback' not in output

    body = frames[f'body_{body_id}']
    assert body.header.frame_id == 'depth_optical'  # child of the depth image's frame
    # At the hips, on the plane 2.5 m away.
    assert abs(body.transform.translation.z - 2.5) < 0.01
    joints = {name: t for name, t in frames.items() if name != f'body_{body_id}'}
    assert f'left_hip_{body_id}' in joints and f'nose_{body_id}' in joints
    assert all(t.header.frame_id == f'body_{body_id}' for t in joints.values())
    assert all(name.endswith(f'_{body_id}') for name in joints)
    # The hips lie along the body's y axis (its left), the nose above them (+z).
    assert joints[f'left_hip_{body_id}'].transform.translation.y > 0.05
    assert joints[f'nose_{body_id}'].transform.translation.z > 0.3

    skeleton = got['skeleton'][-1]
    assert len(skeleton.skeleton) == 18
    points = [(p.x, p.y, p.c) for p in skeleton.skeleton]
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y, _ in points)
    neck = skeleton.skeleton[Skeleton2D.NECK]
    left = skeleton.skeleton[Skeleton2D.LEFT_SHOULDER]
    right = skeleton.skeleton[Skeleton2D.RIGHT_SHOULDER]
    assert abs(neck.x - (left.x + right.x) / 2) < 1e-5
    roi = got['roi'][-1]
    assert 0.0 <= roi.xmin < roi.xmax <= 1.0 and 0.0 <= roi.ymin < roi.ymax <= 1.0

    assert annotations, 'no image annotations for frame 5'
    annotation = annotations[-1]
    kinds = sorted(p.type for p in annotation.points)
    assert kinds == [PointsAnnotation.POINTS, PointsAnnotation.LINE_LIST]
    for shape in annotation.points:
        assert len(shape.outline_colors) == len(shape.points)
        assert all(0 <= p.x <= 500 and 0 <= p.y <= 610 for p in shape.points)

    assert all(list(t.ids) == [] for t in got['tracked'] if t.header.stamp.sec == 9)
    assert not [t for m in got['tf'] for t in m.transforms if t.header.stamp.sec == 9]


def test_without_the_interface_packages_each_option_says_so_and_poses_flow(read_image):
    hide = Path(__file__).resolve().parent / 'without_interfaces'
    path = os.environ.get('PYTHONPATH')
    node = start_node('-r', '__ns:=/bare', '-p', 'hri_bodies:=true', '-p', 'publish_tf:=true',
                      '-p', 'depth_enabled:=true', image_topic='/bare/color',
                      env={'PYTHONPATH': f'{hide}{os.pathsep}{path}' if path else str(hide)})
    peer = Peer('bare_tester')
    poses = []
    try:
        wait_for_output(node, 'listening on')
        color = peer.node.create_publisher(Image, '/bare/color', RELIABLE)
        peer.node.create_subscription(PoseKeypoints, '/bare/pose/keypoints', poses.append, 10)
        frame = read_image('squat.bmp').pixels
        assert publish_until(peer, color, bgr8_image(frame, 3), lambda: poses), \
            'no pose without the packages'
    finally:
        peer.close()
        output = stop(node)
    lines = [line for line in output.splitlines() if 'needs the ROS package' in line]
    assert len(lines) == 3, output
    for option, package in (('publish_image_annotations', 'foxglove_msgs'),
                            ('hri_bodies', 'hri_msgs'), ('publish_tf', 'tf2_msgs')):
        (line,) = [line for line in lines if f'{option} needs the ROS package {package}' in line]
        assert f"sudo apt install ros-{os.environ['ROS_DISTRO']}-{package.replace('_', '-')}" \
            in line
    assert 'Traceback' not in output


def test_publish_tf_without_depth_says_so_and_advertises_no_tf(capfd):
    with node_of_this_process(MoveNetNode, parameter_overrides=[
            Parameter('publish_tf', value=True)]) as node:
        # The node's own publishers are in its graph as soon as they are made.
        assert node.count_publishers('pose/keypoints') == 1
        assert node.count_publishers('/tf') == 0
    log = capfd.readouterr().err
    assert 'publish_tf places joints by depth: it needs depth_enabled' in log, log
