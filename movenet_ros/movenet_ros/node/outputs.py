# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the pose node publishes per frame: the poses, and the annotated image on demand.

pose/keypoints carries the best pose of every processed frame (detected or not),
pose/poses every detected one; both carry the frame's header. The annotated image is
drawn only while someone subscribes to it. On a managed node these are lifecycle
publishers, so nothing goes out while it is inactive. Given an image node, the annotated
image goes out from its participant (node/image_participant.py), on plain publishers
there, which the pipeline only publishes on while active.
"""

from dataclasses import dataclass
import threading

from movenet_ros_msgs.msg import PoseKeypoints, PoseKeypointsArray
from sensor_msgs.msg import CompressedImage, Image

from ..core.draw import draw_poses
from ..ros.conversions import (array_to_compressed, array_to_image, frame_encoding, pose_to_msg,
                               PoseMessageBuilder, poses_to_array)


@dataclass
class DepthPoints:
    """The 3D keypoints of a frame's detected poses and the depth header they are in."""

    points: list  # a (17, 4) array (x, y, z, valid) per detected pose
    header: object


@dataclass
class OutputFrame:
    """One frame's result on its way through the outputs, which add what they learn."""

    result: object  # core.frame_path.FrameResult
    header: object  # the image's std_msgs/Header
    stop: threading.Event
    #: REP-155 body ids of the detected poses (standard outputs), when bodies or TF need them.
    body_ids: list = ()
    #: DepthPoints when a depth image paired with the frame (depth input).
    depth: DepthPoints = None


class PublisherSet:
    """The publishers of one configuration: lifecycle ones on a managed node."""

    def __init__(self, node, managed):
        self._create = node.create_lifecycle_publisher if managed else node.create_publisher
        self._destroy = (node.destroy_lifecycle_publisher if managed
                         else node.destroy_publisher)
        self._created = []

    def create(self, msg_type, topic, depth):
        """Create a publisher that is destroyed with the others at cleanup."""
        publisher = self._create(msg_type, topic, depth)
        self._created.append(publisher)
        return publisher

    def destroy(self):
        """Destroy every publisher (cleanup)."""
        for publisher in self._created:
            self._destroy(publisher)
        self._created = []


class PoseOutputs:
    """pose/keypoints and pose/poses."""

    def __init__(self, publishers):
        self.keypoints = publishers.create(PoseKeypoints, 'pose/keypoints', 10)
        self.poses = publishers.create(PoseKeypointsArray, 'pose/poses', 10)
        self._local = threading.local()  # one reusable pose message per worker thread

    def publish(self, out):
        """Publish the main pose on pose/keypoints and the detected ones on pose/poses."""
        local = self._local
        if not hasattr(local, 'message'):
            local.message = PoseMessageBuilder()
        result, header = out.result, out.header
        main = result.main
        main_msg = local.message.fill(main, header)  # built once, serves both topics
        self.keypoints.publish(main_msg)
        members = [main_msg if pose is main else pose_to_msg(pose, header)
                   for pose in result.detected]
        self.poses.publish(poses_to_array(members, header, result.frame.width,
                                          result.frame.height))


class AnnotatedImage:
    """pose/image_annotated and its /compressed sibling, drawn only while someone listens."""

    def __init__(self, publishers, image_node, settings, stats):
        self._image_node = image_node
        create = publishers.create if image_node is None else image_node.create_publisher
        self.raw = create(Image, 'pose/image_annotated', 1)
        self.compressed = create(CompressedImage, 'pose/image_annotated/compressed', 1)
        self._settings = settings
        self._stats = stats

    def wanted(self):
        """Tell whether the next frame will be drawn (so it should be decoded whole)."""
        return self._settings.values['publish_annotated'] and (
            self.raw.get_subscription_count() > 0
            or self.compressed.get_subscription_count() > 0)

    def publish(self, out):
        """Draw and publish the frame if anyone listens; not after a stop."""
        values = self._settings.values
        # Not after a stop: the image participant's publishers are plain ones, which no
        # deactivate silences (node/image_participant.py).
        if not values['publish_annotated'] or out.stop.is_set():
            return
        want_raw = self.raw.get_subscription_count() > 0
        want_compressed = self.compressed.get_subscription_count() > 0
        frame = out.result.frame
        if not (want_raw or want_compressed) or frame.reduction != 1:
            return
        canvas = draw_poses(frame.pixels, out.result.detected, out.result.min_keypoint_score,
                            draw_box=values['draw_bbox'], order=frame.order)
        if want_raw:
            self.raw.publish(array_to_image(canvas, frame_encoding(frame.order), out.header))
        if want_compressed:
            self.compressed.publish(array_to_compressed(canvas, frame.order, out.header))
        self._stats.count('rendered')

    def destroy(self):
        """Destroy the image participant's publishers (the others go with their set)."""
        if self._image_node is not None:
            self._image_node.destroy_publisher(self.raw)
            self._image_node.destroy_publisher(self.compressed)
