# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the pose node publishes per frame: the poses, and the annotated image on demand.

pose/keypoints carries the best pose of every processed frame (detected or not),
pose/poses every detected one; both carry the frame's header. The annotated image is
drawn only while someone subscribes to it. On a managed node these are lifecycle
publishers, so nothing goes out while it is inactive. Given an image node, the annotated
image goes out from its participant (ros/image_participant.py), on plain publishers
there, which the pipeline only publishes on while active.
"""

from movenet_ros_msgs.msg import PoseKeypoints, PoseKeypointsArray
from sensor_msgs.msg import CompressedImage, Image

from ..core.draw import draw_poses
from ..ros.conversions import (array_to_compressed, array_to_image, frame_encoding, pose_to_msg,
                               poses_to_array)


class PoseOutputs:
    """The pose and annotated-image publishers of one configuration."""

    def __init__(self, node, managed, image_node=None):
        self._node = node
        self._image_node = image_node
        self._create = node.create_lifecycle_publisher if managed else node.create_publisher
        self._destroy = (node.destroy_lifecycle_publisher if managed
                         else node.destroy_publisher)
        self.keypoints = self._create(PoseKeypoints, 'pose/keypoints', 10)
        self.poses = self._create(PoseKeypointsArray, 'pose/poses', 10)
        create_image = self._create if image_node is None else image_node.create_publisher
        self.annotated = create_image(Image, 'pose/image_annotated', 1)
        self.compressed = create_image(CompressedImage, 'pose/image_annotated/compressed', 1)
        self._extra = []

    def create(self, msg_type, topic, depth):
        """Another output of the same kind (lifecycle or plain), destroyed with these."""
        publisher = self._create(msg_type, topic, depth)
        self._extra.append(publisher)
        return publisher

    def publish_poses(self, main, detected, header, frame, message):
        """
        Publish one frame's poses: ``main`` on pose/keypoints, ``detected`` on pose/poses.

        ``message`` is the worker's reusable PoseKeypoints builder; the main pose's
        message is built once and serves both topics.
        """
        main_msg = message.fill(main, header)
        self.keypoints.publish(main_msg)
        members = [main_msg if pose is main else pose_to_msg(pose, header)
                   for pose in detected]
        self.poses.publish(poses_to_array(members, header, frame.width, frame.height))

    def annotated_wanted(self):
        """Tell whether anyone listens to the annotated image (raw or compressed)."""
        return (self.annotated.get_subscription_count() > 0
                or self.compressed.get_subscription_count() > 0)

    def publish_annotated(self, frame, poses, header, min_keypoint_score, draw_box):
        """Draw and publish the annotated image if anyone listens; True when drawn."""
        want_raw = self.annotated.get_subscription_count() > 0
        want_compressed = self.compressed.get_subscription_count() > 0
        if not (want_raw or want_compressed) or frame.reduction != 1:
            return False
        canvas = draw_poses(frame.pixels, poses, min_keypoint_score, draw_box=draw_box,
                            order=frame.order)
        if want_raw:
            self.annotated.publish(array_to_image(canvas, frame_encoding(frame.order), header))
        if want_compressed:
            self.compressed.publish(array_to_compressed(canvas, frame.order, header))
        return True

    def destroy(self):
        """Destroy every publisher (cleanup)."""
        destroy_image = (self._destroy if self._image_node is None
                         else self._image_node.destroy_publisher)
        destroy_image(self.annotated)
        destroy_image(self.compressed)
        for publisher in (self.keypoints, self.poses, *self._extra):
            self._destroy(publisher)
