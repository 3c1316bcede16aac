# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""ROS messages to and from the core's types: images in, poses and images out."""

from types import SimpleNamespace

from builtin_interfaces.msg import Time
from movenet_ros_msgs.msg import BoundingBox, Keypoint, PoseKeypoints, PoseKeypointsArray
import numpy as np
from sensor_msgs.msg import CompressedImage, Image

from ..core.frame_path import Encoded, RawBuffer
from ..core.image_io import frame_from_buffer
from ..messages.mapping import (fill_pose, jpeg_message, new_pose_message, pose_array_message,
                                pose_message)

#: The message types the mapping (messages/mapping.py) builds, as rclpy classes.
ROS_TYPES = SimpleNamespace(PoseKeypoints=PoseKeypoints, Keypoint=Keypoint,
                            BoundingBox=BoundingBox, PoseKeypointsArray=PoseKeypointsArray,
                            CompressedImage=CompressedImage, Time=Time)


def image_to_frame(msg):
    """
    Convert a sensor_msgs/Image into a core Frame (ImageError when inconsistent).

    One path on every install, the one the tests run: numpy views of the message buffer
    (no copy where the layout allows). cv_bridge is not used even where ROS has it; it
    accepts the same encodings but would be a second, untested path on robots only.
    """
    return frame_from_buffer(msg.data, msg.encoding, msg.width, msg.height, msg.step,
                             bool(msg.is_bigendian))


def received_image(msg):
    """Return the image of a sensor_msgs/Image or CompressedImage as core/frame_path takes it."""
    if isinstance(msg, CompressedImage):
        return Encoded(msg.data)
    return RawBuffer(msg.data, msg.encoding, msg.width, msg.height, msg.step,
                     bool(msg.is_bigendian))


def array_to_compressed(pixels, order, header, quality=90):
    """JPEG sensor_msgs/CompressedImage of 8-bit pixels in channel ``order``."""
    return jpeg_message(ROS_TYPES, pixels, order, header, quality)


def array_to_image(pixels, encoding, header):
    """sensor_msgs/Image of an 8-bit (H, W) or (H, W, C) array in ``encoding``."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    msg = Image()
    msg.header = header
    msg.height, msg.width = pixels.shape[:2]
    msg.encoding = encoding
    msg.is_bigendian = 0
    msg.step = msg.width * (pixels.shape[2] if pixels.ndim == 3 else 1)
    msg.data = pixels.tobytes()
    return msg


def frame_encoding(order):
    """Image encoding of 8-bit pixels in channel ``order`` ('rgb' or 'bgr')."""
    return 'rgb8' if order == 'rgb' else 'bgr8'


def poses_to_array(pose_msgs, header, width, height):
    """Build the PoseKeypointsArray of one image from its PoseKeypoints messages."""
    return pose_array_message(ROS_TYPES, pose_msgs, header, width, height)


def pose_to_msg(pose, header):
    """Build a new PoseKeypoints of ``pose`` (source-image pixels) with the image's header."""
    return pose_message(ROS_TYPES, pose, header)


class PoseMessageBuilder:
    """
    Fills one reusable PoseKeypoints, so a frame costs no message objects.

    Safe for a publisher: publish() serializes the message before it returns. Use one
    builder per thread.
    """

    def __init__(self):
        self.msg = new_pose_message(ROS_TYPES)

    def fill(self, pose, header):
        """Write ``pose`` and ``header`` into the message and return it."""
        return fill_pose(self.msg, pose, header)
