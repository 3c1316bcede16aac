# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""ROS messages to and from the core's types: images in, poses and images out."""

import cv2
from movenet_ros_msgs.msg import Keypoint, PoseKeypoints, PoseKeypointsArray
import numpy as np
from sensor_msgs.msg import CompressedImage, Image

from ..core.image_io import frame_from_buffer, frame_from_compressed, ImageError, MAX_PIXELS
from ..core.keypoints import KEYPOINT_NAMES


def image_to_frame(msg):
    """
    Convert a sensor_msgs/Image into a core Frame (ImageError when inconsistent).

    One path on every install, the one the tests run: numpy views of the message buffer
    (no copy where the layout allows). cv_bridge is not used even where ROS has it; it
    accepts the same encodings but would be a second, untested path on robots only.
    """
    return frame_from_buffer(msg.data, msg.encoding, msg.width, msg.height, msg.step,
                             bool(msg.is_bigendian))


def compressed_to_frame(msg, max_pixels=MAX_PIXELS, warnings=None):
    """Decode a sensor_msgs/CompressedImage (JPEG or PNG) into a core Frame."""
    return frame_from_compressed(msg.data, max_pixels, warnings=warnings)


def array_to_compressed(pixels, order, header, quality=90):
    """JPEG sensor_msgs/CompressedImage of 8-bit pixels in channel ``order``."""
    bgr = pixels if order == 'bgr' else pixels[..., ::-1]
    ok, data = cv2.imencode('.jpg', np.ascontiguousarray(bgr),
                            [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ImageError('JPEG encoding failed')
    msg = CompressedImage()
    msg.header = header
    msg.format = 'bgr8; jpeg compressed bgr8'
    msg.data = data.tobytes()
    return msg


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
    return PoseKeypointsArray(header=header, image_width=width, image_height=height,
                              poses=list(pose_msgs))


def pose_to_msg(pose, header):
    """Build a new PoseKeypoints of ``pose`` (source-image pixels) with the image's header."""
    return PoseMessageBuilder().fill(pose, header)


class PoseMessageBuilder:
    """
    Fills one reusable PoseKeypoints, so a frame costs no message objects (6 us, not 33).

    Safe for a publisher: publish() serializes the message before it returns. Use one
    builder per thread.
    """

    def __init__(self):
        self.msg = PoseKeypoints()
        self._keypoints = [Keypoint(name=name) for name in KEYPOINT_NAMES]
        self.msg.keypoints = self._keypoints

    def fill(self, pose, header):
        """Write ``pose`` and ``header`` into the message and return it."""
        msg = self.msg
        msg.header = header
        msg.image_width = pose.image_width
        msg.image_height = pose.image_height
        for keypoint, (x, y, score) in zip(self._keypoints, pose.keypoints.tolist()):
            keypoint.x = x
            keypoint.y = y
            keypoint.score = score
        msg.score = float(pose.score)
        msg.detected = pose.detected
        bbox = msg.bbox
        bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max = (float(v) for v in pose.bbox)
        msg.track_id = pose.track_id
        return msg
