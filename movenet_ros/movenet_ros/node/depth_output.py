# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""3D pose messages and an RViz skeleton (MarkerArray) from deprojected keypoints."""

from geometry_msgs.msg import Point
from movenet_ros_msgs.msg import Keypoint3D, PoseKeypoints3D, PoseKeypoints3DArray
from rclpy.duration import Duration
from std_msgs.msg import ColorRGBA
from visualization_msgs.msg import Marker, MarkerArray

from ..core.keypoints import KEYPOINT_NAMES, SKELETON_EDGES

_LIFETIME = Duration(seconds=0.5).to_msg()


def poses_3d_to_msg(poses, points, header):
    """
    PoseKeypoints3DArray for ``poses`` (core Poses) and their (17, 4) 3D points.

    ``header`` carries the colour image's stamp and the depth camera's frame.
    """
    msg = PoseKeypoints3DArray(header=header)
    for pose, xyzv in zip(poses, points):
        person = PoseKeypoints3D(header=header, score=float(pose.score),
                                 track_id=pose.track_id)
        person.keypoints = [
            Keypoint3D(name=name, x=float(x), y=float(y), z=float(z), score=float(kp[2]),
                       valid=bool(v))
            for name, (x, y, z, v), kp in zip(KEYPOINT_NAMES, xyzv, pose.keypoints)]
        msg.poses.append(person)
    return msg


def skeleton_markers(poses, points, header, min_keypoint_score=0.2):
    """
    Spheres for keypoints with depth and a confident score, lines for bones between them.

    One sphere list and one line list per person.
    """
    markers = MarkerArray()
    clear = Marker(header=header, action=Marker.DELETEALL)
    markers.markers.append(clear)
    for index, (pose, xyzv) in enumerate(zip(poses, points)):
        marker_id = pose.track_id if pose.track_id >= 0 else index
        valid = (xyzv[:, 3] > 0) & (pose.keypoints[:, 2] > min_keypoint_score)
        joints = Marker(header=header, ns='movenet_joints', id=marker_id,
                        type=Marker.SPHERE_LIST, action=Marker.ADD, lifetime=_LIFETIME)
        joints.scale.x = joints.scale.y = joints.scale.z = 0.05
        joints.color = ColorRGBA(r=1.0, g=0.0, b=1.0, a=1.0)
        joints.pose.orientation.w = 1.0
        joints.points = [Point(x=float(p[0]), y=float(p[1]), z=float(p[2]))
                         for p in xyzv[valid]]
        bones = Marker(header=header, ns='movenet_bones', id=marker_id,
                       type=Marker.LINE_LIST, action=Marker.ADD, lifetime=_LIFETIME)
        bones.scale.x = 0.02
        bones.color = ColorRGBA(r=0.0, g=1.0, b=1.0, a=1.0)
        bones.pose.orientation.w = 1.0
        for a, b in SKELETON_EDGES:
            if valid[a] and valid[b]:
                bones.points += [Point(x=float(xyzv[a, 0]), y=float(xyzv[a, 1]),
                                       z=float(xyzv[a, 2])),
                                 Point(x=float(xyzv[b, 0]), y=float(xyzv[b, 1]),
                                       z=float(xyzv[b, 2]))]
        markers.markers += [joints, bones]
    return markers
