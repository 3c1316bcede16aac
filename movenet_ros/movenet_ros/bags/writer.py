# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Poses into an MCAP file, on the node's topics and types, ready for Foxglove.

Each channel carries the full ros2msg schema of its type (bags.schemas), so the file opens
with no ROS workspace. Every output message has the header of its image and is logged at
the image's log time, so poses, annotated images and a copied camera topic line up on
one timeline. No ROS imports here.
"""

from pathlib import Path

import cv2
from mcap_ros2.writer import Writer
import numpy as np

from .schemas import message_definition, SchemaError
from ..core.annotations import pose_annotations
from ..core.keypoints import KEYPOINT_NAMES

KEYPOINTS_TOPIC = '/pose/keypoints'
POSES_TOPIC = '/pose/poses'
ANNOTATED_TOPIC = '/pose/image_annotated/compressed'
ANNOTATIONS_TOPIC = '/pose/image_annotations'
ANNOTATIONS_TYPE = 'foxglove_msgs/msg/ImageAnnotations'
#: foxglove_msgs/PointsAnnotation's type constants.
POINTS, LINE_LIST = 1, 4
POSE_TYPE = 'movenet_ros_msgs/msg/PoseKeypoints'
ARRAY_TYPE = 'movenet_ros_msgs/msg/PoseKeypointsArray'
COMPRESSED_TYPE = 'sensor_msgs/msg/CompressedImage'
#: The node's format string for its JPEG annotated image.
JPEG_FORMAT = 'bgr8; jpeg compressed bgr8'


def pose_fields(pose, header):
    """Map a core Pose to PoseKeypoints fields, as the MCAP writer takes them."""
    x_min, y_min, x_max, y_max = (float(v) for v in pose.bbox)
    return {
        'header': header,
        'image_width': pose.image_width,
        'image_height': pose.image_height,
        'keypoints': [{'name': name, 'x': x, 'y': y, 'score': score}
                      for name, (x, y, score) in zip(KEYPOINT_NAMES, pose.keypoints.tolist())],
        'score': float(pose.score),
        'detected': bool(pose.detected),
        'bbox': {'x_min': x_min, 'y_min': y_min, 'x_max': x_max, 'y_max': y_max},
        'track_id': int(pose.track_id),
    }


def annotation_fields(poses, header, size, min_keypoint_score):
    """Map poses to ImageAnnotations fields, as the node publishes them."""
    stamp = header['stamp'] if isinstance(header, dict) else {
        'sec': header.stamp.sec, 'nanosec': header.stamp.nanosec}
    shapes, labels = pose_annotations(poses, min_keypoint_score, size)

    def color(rgba):
        return dict(zip('rgba', rgba))
    return {
        'circles': [],
        'points': [{'timestamp': stamp, 'type': LINE_LIST if s.kind == 'line_list' else POINTS,
                    'points': [{'x': x, 'y': y} for x, y in s.points],
                    'outline_color': color((1.0, 1.0, 1.0, 1.0)),
                    'outline_colors': [color(c) for c in s.colors],
                    'fill_color': color((0.0, 0.0, 0.0, 0.0)), 'thickness': s.thickness}
                   for s in shapes],
        'texts': [{'timestamp': stamp, 'position': dict(zip('xy', label.position)),
                   'text': label.text, 'font_size': label.font_size,
                   'text_color': color(label.color),
                   'background_color': color((0.0, 0.0, 0.0, 0.5))} for label in labels]}


def jpeg_bytes(pixels, order, quality=90):
    """JPEG of 8-bit pixels in channel ``order``, as the node compresses its annotated image."""
    bgr = pixels if order == 'bgr' else pixels[..., ::-1]
    ok, data = cv2.imencode('.jpg', np.ascontiguousarray(bgr), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError('JPEG encoding failed')
    return data.tobytes()


class PoseBagWriter:
    """
    Writes /pose/keypoints, /pose/poses and optionally annotated and copied images.

    Schemas are looked up when the writer opens, so a missing message install fails
    before any image is processed.
    """

    def __init__(self, path, annotated=False, definition=message_definition, note=None):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._stream = open(path, 'wb')
        self._writer = Writer(self._stream)
        try:
            self._pose = self._writer.register_msgdef(POSE_TYPE, definition(POSE_TYPE))
            self._array = self._writer.register_msgdef(ARRAY_TYPE, definition(ARRAY_TYPE))
            self._definition = definition
            self._compressed = self._compressed_schema() if annotated else None
            try:
                self._annotations = self._writer.register_msgdef(
                    ANNOTATIONS_TYPE, definition(ANNOTATIONS_TYPE))
            except SchemaError as e:  # foxglove_msgs not installed: the rest goes on
                self._annotations = None
                (note or (lambda message: None))(f'no {ANNOTATIONS_TOPIC} channel: {e}')
        except Exception:  # noqa: B902 - close the file whatever went wrong, then re-raise
            self.close()
            raise
        self._copied = {}  # input schema id -> registered output schema

    def write_poses(self, image, pose, members, width, height):
        """Write the image's main pose and all its poses (members: detected ones)."""
        header = image.message.header
        times = {'log_time': image.log_time, 'publish_time': image.publish_time}
        self._writer.write_message(KEYPOINTS_TOPIC, self._pose, pose_fields(pose, header),
                                   **times)
        self._writer.write_message(POSES_TOPIC, self._array, {
            'header': header, 'image_width': width, 'image_height': height,
            'poses': [pose_fields(p, header) for p in members]}, **times)

    def write_annotations(self, image, poses, size, min_keypoint_score):
        """Write the skeleton of ``image`` as Foxglove image annotations, if installed."""
        if self._annotations is None:
            return
        self._writer.write_message(
            ANNOTATIONS_TOPIC, self._annotations,
            annotation_fields(poses, image.message.header, size, min_keypoint_score),
            log_time=image.log_time, publish_time=image.publish_time)

    def _compressed_schema(self):
        if getattr(self, '_compressed', None) is None:
            self._compressed = self._writer.register_msgdef(
                COMPRESSED_TYPE, self._definition(COMPRESSED_TYPE))
        return self._compressed

    def write_frame(self, topic, image, pixels, order):
        """Write a decoded frame (a video's) as a JPEG CompressedImage on ``topic``."""
        self._writer.write_message(topic, self._compressed_schema(), {
            'header': image.message.header, 'format': JPEG_FORMAT,
            'data': jpeg_bytes(pixels, order, quality=95)},
            log_time=image.log_time, publish_time=image.publish_time)

    def write_annotated(self, image, canvas, order):
        """Write the skeleton drawing of ``image`` as a JPEG CompressedImage."""
        self._writer.write_message(ANNOTATED_TOPIC, self._compressed, {
            'header': image.message.header, 'format': JPEG_FORMAT,
            'data': jpeg_bytes(canvas, order)},
            log_time=image.log_time, publish_time=image.publish_time)

    def copy_image(self, topic, image):
        """Write the input image message unchanged, with its own schema."""
        schema = self._copied.get(image.schema.id)
        if schema is None:
            schema = self._writer.register_msgdef(image.schema.name, image.schema.data.decode())
            self._copied[image.schema.id] = schema
        self._writer.write_message(topic, schema, image.message, log_time=image.log_time,
                                   publish_time=image.publish_time)

    def close(self):
        """Write the summary (index, counts) and close the file."""
        try:
            self._writer.finish()
        finally:
            self._stream.close()
