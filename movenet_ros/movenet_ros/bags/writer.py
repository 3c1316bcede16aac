# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Poses into an MCAP file, on the node's topics and types, ready for Foxglove.

Each channel carries the full ros2msg schema of its type (bags.schemas), so the file opens
with no ROS workspace. Every output message has the header of its image and is logged at
the image's log time, so poses, annotated images and a copied camera topic line up on
one timeline. No ROS imports here; mcap-ros2-support is imported when a writer opens
(bags.mcap_libraries), so a video to JSON Lines needs none of it.
"""

from pathlib import Path

from .mcap_libraries import mcap_writer
from .schemas import message_definition, SchemaError
from ..messages.mapping import (annotations_message, jpeg_message, pose_array_message,
                                pose_message, Record, RECORD_TYPES)

KEYPOINTS_TOPIC = '/pose/keypoints'
POSES_TOPIC = '/pose/poses'
ANNOTATED_TOPIC = '/pose/image_annotated/compressed'
ANNOTATIONS_TOPIC = '/pose/image_annotations'
ANNOTATIONS_TYPE = 'foxglove_msgs/msg/ImageAnnotations'
POSE_TYPE = 'movenet_ros_msgs/msg/PoseKeypoints'
ARRAY_TYPE = 'movenet_ros_msgs/msg/PoseKeypointsArray'
COMPRESSED_TYPE = 'sensor_msgs/msg/CompressedImage'


def _stamp(header):
    """Return the header's stamp as a Time record (a bag's header is decoded, a video's a dict)."""
    stamp = header['stamp'] if isinstance(header, dict) else header.stamp
    if isinstance(stamp, dict):
        return Record(**stamp)
    return Record(sec=stamp.sec, nanosec=stamp.nanosec)


class PoseBagWriter:
    """
    Writes /pose/keypoints, /pose/poses and optionally annotated and copied images.

    Schemas are looked up when the writer opens, so a missing message install fails
    before any image is processed.
    """

    def __init__(self, path, annotated=False, definition=message_definition, note=None):
        writer = mcap_writer()  # before the file is created: no empty file without mcap
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._stream = open(path, 'wb')
        self._writer = writer(self._stream)
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
        self._writer.write_message(KEYPOINTS_TOPIC, self._pose,
                                   pose_message(RECORD_TYPES, pose, header), **times)
        self._writer.write_message(POSES_TOPIC, self._array, pose_array_message(
            RECORD_TYPES, [pose_message(RECORD_TYPES, p, header) for p in members], header,
            width, height), **times)

    def write_annotations(self, image, poses, size, min_keypoint_score):
        """Write the skeleton of ``image`` as Foxglove image annotations, if installed."""
        if self._annotations is None:
            return
        self._writer.write_message(
            ANNOTATIONS_TOPIC, self._annotations,
            annotations_message(RECORD_TYPES, poses, _stamp(image.message.header), size,
                                min_keypoint_score),
            log_time=image.log_time, publish_time=image.publish_time)

    def _compressed_schema(self):
        if getattr(self, '_compressed', None) is None:
            self._compressed = self._writer.register_msgdef(
                COMPRESSED_TYPE, self._definition(COMPRESSED_TYPE))
        return self._compressed

    def write_frame(self, topic, image, pixels, order):
        """Write a decoded frame (a video's) as a JPEG CompressedImage on ``topic``."""
        self._writer.write_message(
            topic, self._compressed_schema(),
            jpeg_message(RECORD_TYPES, pixels, order, image.message.header, quality=95),
            log_time=image.log_time, publish_time=image.publish_time)

    def write_annotated(self, image, canvas, order):
        """Write the skeleton drawing of ``image`` as a JPEG CompressedImage."""
        self._writer.write_message(
            ANNOTATED_TOPIC, self._compressed,
            jpeg_message(RECORD_TYPES, canvas, order, image.message.header),
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
