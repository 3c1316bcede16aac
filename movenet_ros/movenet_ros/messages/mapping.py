# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Poses, pose arrays, Foxglove annotations and JPEG images as messages, from core types.

Each function takes ``types``, a namespace of constructors named as the message types
(PoseKeypoints, Keypoint, ...), called with field names as keywords: rclpy's classes
in the node (ros/conversions.py), RECORD_TYPES in the bag writer (bags/writer.py).
"""

from types import SimpleNamespace

import cv2
import numpy as np

from ..core.annotations import pose_annotations
from ..core.image_io import ImageError
from ..core.keypoints import KEYPOINT_NAMES

#: The format string of the JPEG images the package publishes.
JPEG_FORMAT = 'bgr8; jpeg compressed bgr8'
#: foxglove_msgs/PointsAnnotation's type constants.
POINTS, LINE_LIST = 1, 4
_WHITE = (1.0, 1.0, 1.0, 1.0)
_CLEAR = (0.0, 0.0, 0.0, 0.0)
_LABEL_BACKGROUND = (0.0, 0.0, 0.0, 0.5)
TYPE_NAMES = ('PoseKeypoints', 'Keypoint', 'BoundingBox', 'PoseKeypointsArray', 'CompressedImage',
              'ImageAnnotations', 'PointsAnnotation', 'TextAnnotation',
              'Point2', 'Color', 'Time')


class Record(SimpleNamespace):
    """A message as plain fields, for the MCAP writer."""


#: Every message type as a plain record.
RECORD_TYPES = SimpleNamespace(**{name: Record for name in TYPE_NAMES})


def new_pose_message(types):
    """Build an empty PoseKeypoints with its 17 named keypoints, to fill with fill_pose."""
    return types.PoseKeypoints(keypoints=[types.Keypoint(name=name) for name in KEYPOINT_NAMES],
                               bbox=types.BoundingBox())


def fill_pose(msg, pose, header):
    """Write a core Pose (source-image pixels) and the image's header into ``msg``."""
    msg.header = header
    msg.image_width = pose.image_width
    msg.image_height = pose.image_height
    for keypoint, (x, y, score) in zip(msg.keypoints, pose.keypoints.tolist()):
        keypoint.x = x
        keypoint.y = y
        keypoint.score = score
    msg.score = float(pose.score)
    msg.detected = bool(pose.detected)
    bbox = msg.bbox
    bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max = (float(v) for v in pose.bbox)
    msg.track_id = int(pose.track_id)
    return msg


def pose_message(types, pose, header):
    """Build a new PoseKeypoints of ``pose`` with the image's header."""
    return fill_pose(new_pose_message(types), pose, header)


def pose_array_message(types, pose_msgs, header, width, height):
    """Build the PoseKeypointsArray of one image from its PoseKeypoints messages."""
    return types.PoseKeypointsArray(header=header, image_width=width, image_height=height,
                                    poses=list(pose_msgs))


def annotations_message(types, poses, stamp, size, min_keypoint_score):
    """
    Build the foxglove_msgs/ImageAnnotations of the skeletons of ``poses`` on an image of ``size``.

    ``stamp`` is the image's header stamp (a Time of ``types``).
    """
    shapes, labels = pose_annotations(poses, min_keypoint_score, size)

    def color(rgba):
        r, g, b, a = rgba
        return types.Color(r=r, g=g, b=b, a=a)
    return types.ImageAnnotations(
        circles=[],
        points=[types.PointsAnnotation(
            timestamp=stamp, type=LINE_LIST if s.kind == 'line_list' else POINTS,
            points=[types.Point2(x=x, y=y) for x, y in s.points],
            outline_color=color(_WHITE), outline_colors=[color(c) for c in s.colors],
            fill_color=color(_CLEAR), thickness=s.thickness) for s in shapes],
        texts=[types.TextAnnotation(
            timestamp=stamp, position=types.Point2(x=label.position[0], y=label.position[1]),
            text=label.text, font_size=label.font_size, text_color=color(label.color),
            background_color=color(_LABEL_BACKGROUND)) for label in labels])


def jpeg_bytes(pixels, order, quality=90):
    """Encode 8-bit pixels in channel ``order`` ('rgb' or 'bgr') as JPEG."""
    bgr = pixels if order == 'bgr' else pixels[..., ::-1]
    ok, data = cv2.imencode('.jpg', np.ascontiguousarray(bgr), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ImageError('JPEG encoding failed')
    return data.tobytes()


def jpeg_message(types, pixels, order, header, quality=90):
    """Build a sensor_msgs/CompressedImage holding the JPEG of 8-bit ``pixels``."""
    return types.CompressedImage(header=header, format=JPEG_FORMAT,
                                 data=jpeg_bytes(pixels, order, quality))
