# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
3D keypoints from an aligned depth image: the depth inputs, stamp pairing, 3D outputs.

With ``depth_enabled`` the node subscribes to depth/image and depth/camera_info (their
QoS follows the depth camera, as the colour input's does), pairs each colour frame with
the depth image nearest in stamp within ``depth_slop`` (waiting that long for one that is
late), and publishes pose/keypoints_3d and, while someone listens, pose/markers. Images
without a stamp, colour or depth, are timed by their arrival, so they still pair.
"""

from movenet_ros_msgs.msg import PoseKeypoints3DArray
from sensor_msgs.msg import CameraInfo, Image
from std_msgs.msg import Header
from visualization_msgs.msg import MarkerArray

from .depth_output import poses_3d_to_msg, skeleton_markers
from .outputs import DepthPoints
from ..core.depth import depth_from_buffer, Intrinsics, keypoints_3d, StampPairer
from ..core.image_io import ImageError
from ..core.timeline import stamp_ns
from ..ros.camera_qos import ImageSubscription

LOG_THROTTLE = 5.0


class DepthInput:
    """Depth for one configuration: publishers from configure, subscriptions while active."""

    def __init__(self, node, publishers, settings, stats):
        self._node = node
        self._settings = settings
        self._stats = stats
        self._log = node.get_logger()
        self.poses_3d = publishers.create(PoseKeypoints3DArray, 'pose/keypoints_3d', 10)
        self.markers = publishers.create(MarkerArray, 'pose/markers', 10)
        self.subscriptions = []
        self._pairer = StampPairer()
        self._intrinsics = None

    def start(self, reliability, on_incompatible):
        """Subscribe (activate)."""
        self._pairer = StampPairer()
        self.subscriptions = [
            ImageSubscription(self._node, msg_type, topic, callback, reliability,
                              on_incompatible=on_incompatible)
            for msg_type, topic, callback in ((Image, 'depth/image', self._on_depth),
                                              (CameraInfo, 'depth/camera_info',
                                               self._on_info))]

    def stop(self):
        """Unsubscribe, and let a worker waiting for depth go on at once (deactivate)."""
        for subscription in self.subscriptions:
            subscription.destroy()
        self.subscriptions = []
        self._pairer.cancel()

    def _on_info(self, msg):
        try:
            self._intrinsics = Intrinsics.from_k(msg.k, msg.width, msg.height)
        except ImageError as e:
            self._log.error(f'ignoring depth camera info: {e}',
                            throttle_duration_sec=LOG_THROTTLE)

    def _on_depth(self, msg):
        intrinsics = self._intrinsics
        if intrinsics is None:
            self._log.warning('depth image without depth/camera_info yet; waiting for it',
                              throttle_duration_sec=LOG_THROTTLE)
            return
        try:
            metres = depth_from_buffer(msg.data, msg.encoding, msg.width, msg.height,
                                       msg.step, bool(msg.is_bigendian))
        except ImageError as e:
            self._log.error(f'dropping depth image: {e}', throttle_duration_sec=LOG_THROTTLE)
            return
        ns = stamp_ns(msg.header.stamp.sec, msg.header.stamp.nanosec)
        if ns == 0:  # no stamp: timed by arrival, as the colour images are then
            ns = self._node.get_clock().now().nanoseconds
        self._pairer.add(ns * 1e-9, (metres, intrinsics, msg.header.frame_id))

    def publish(self, out):
        """Pair the frame with depth and publish its 3D poses; note them in ``out.depth``."""
        values = self._settings.values
        slop = values['depth_slop']
        self._pairer.slop = slop
        paired = self._pairer.match(out.result.stamp, wait=slop)
        if out.stop.is_set():
            return  # deactivated while waiting for depth
        if paired is None:
            self._stats.count('unpaired')
            return
        metres, intrinsics, frame_id = paired
        poses, frame = out.result.detected, out.result.frame
        points = [keypoints_3d(p.keypoints, (frame.width, frame.height), metres, intrinsics,
                               values['depth_window']) for p in poses]
        depth_header = Header(stamp=out.header.stamp, frame_id=frame_id)
        self.poses_3d.publish(poses_3d_to_msg(poses, points, depth_header))
        if self.markers.get_subscription_count():
            self.markers.publish(skeleton_markers(
                poses, points, depth_header, values['min_keypoint_score']))
        out.depth = DepthPoints(points, depth_header)
