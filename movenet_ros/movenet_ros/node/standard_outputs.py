# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the ecosystem's own tools read: Foxglove image annotations, REP-155 bodies, TF.

pose/image_annotations (foxglove_msgs/ImageAnnotations) is built only while someone
subscribes, like the annotated image. With ``hri_bodies`` the node publishes REP-155's
/humans/bodies/tracked and, per body, skeleton2d and roi; with ``publish_tf`` (and depth)
the body and joint frames on /tf. Each needs its interface package; where one is missing,
that output says so in one line and the rest of the node goes on.
"""

from types import SimpleNamespace

from builtin_interfaces.msg import Time
from geometry_msgs.msg import TransformStamped
from std_msgs.msg import Header

from ..core.bodies import bodies, body_transforms, BodyIds
from ..messages.mapping import annotations_message
from ..ros.optional_types import MissingInterfaceError, require

#: REP-155's namespace for bodies.
BODIES = '/humans/bodies'
#: foxglove_msgs types of the image annotations, as messages/mapping.py names them.
ANNOTATION_TYPES = ('ImageAnnotations', 'PointsAnnotation', 'TextAnnotation', 'Point2', 'Color')


class StandardOutputs:
    """The standard outputs of one configuration; publish from the worker only."""

    def __init__(self, node, publishers, configured):
        self._node = node
        self._log = node.get_logger()
        self._ids = BodyIds()
        self._body_publishers = {}
        self.annotations = self.tracked = None
        if configured['publish_image_annotations']:
            found = optional_types(self._log, 'foxglove_msgs', ANNOTATION_TYPES,
                                   'publish_image_annotations')
            if found:
                self._annotation_types = SimpleNamespace(**dict(zip(ANNOTATION_TYPES, found)))
                self.annotations = publishers.create(self._annotation_types.ImageAnnotations,
                                                     'pose/image_annotations', 10)
        if configured['hri_bodies']:
            self._hri_types = optional_types(
                self._log, 'hri_msgs', ('IdsList', 'Skeleton2D', 'NormalizedRegionOfInterest2D'),
                'hri_bodies')
            if self._hri_types:
                self.tracked = publishers.create(self._hri_types[0], f'{BODIES}/tracked', 10)
        #: Body ids are needed by REP-155 bodies, and by TF (BodyTransforms, with depth).
        self.wants_body_ids = self.tracked is not None or (
            configured['publish_tf'] and configured['depth_enabled'])

    # -- per frame (worker thread) -----------------------------------------------------
    def publish(self, out):
        """Publish a frame's annotations and bodies; note the body ids of its poses."""
        result, header = out.result, out.header
        detected, min_keypoint_score = result.detected, result.min_keypoint_score
        if self.annotations is not None and self.annotations.get_subscription_count():
            self.annotations.publish(annotations_message(
                self._annotation_types, detected, Time(sec=header.stamp.sec,
                                                       nanosec=header.stamp.nanosec),
                (result.frame.width, result.frame.height), min_keypoint_score))
        if not self.wants_body_ids:
            return
        found = bodies(detected, self._ids, min_keypoint_score)
        if self.tracked is not None:
            self._publish_bodies(found, header)
        out.body_ids = [body.body_id for body in found]

    def _publish_bodies(self, found, header):
        ids_list, skeleton, roi = self._hri_types
        self.tracked.publish(ids_list(header=header, ids=[b.body_id for b in found]))
        current = set()
        for body in found:
            current.add(body.body_id)
            skeleton_pub, roi_pub = self._publishers_of(body.body_id, skeleton, roi)
            msg = skeleton(header=header)
            for joint, (x, y, c) in zip(msg.skeleton, body.skeleton):
                joint.x, joint.y, joint.c = x, y, c
            skeleton_pub.publish(msg)
            x0, y0, x1, y1 = body.roi
            roi_pub.publish(roi(header=header, xmin=x0, ymin=y0, xmax=x1, ymax=y1,
                                c=body.confidence))
        for gone in set(self._body_publishers) - current:
            self._destroy_body(gone)

    def _publishers_of(self, body_id, skeleton, roi):
        if body_id not in self._body_publishers:
            create = self._node.create_publisher
            self._body_publishers[body_id] = (
                create(skeleton, f'{BODIES}/{body_id}/skeleton2d', 10),
                create(roi, f'{BODIES}/{body_id}/roi', 10))
        return self._body_publishers[body_id]

    def _destroy_body(self, body_id):
        for publisher in self._body_publishers.pop(body_id):
            self._node.destroy_publisher(publisher)

    def stop(self):
        """Drop every body's publishers (deactivate): the bodies are gone."""
        for body_id in list(self._body_publishers):
            self._destroy_body(body_id)
        self._ids = BodyIds()


class BodyTransforms:
    """/tf: each body with depth at its hips, and a frame per joint (publish_tf)."""

    def __init__(self, node, publishers):
        self.tf = None
        found = optional_types(node.get_logger(), 'tf2_msgs', ('TFMessage',), 'publish_tf')
        if found:
            self._tf_message, = found
            self.tf = publishers.create(self._tf_message, '/tf', 100)

    def publish(self, out):
        """Publish the body and joint frames of the people a depth image paired with."""
        if self.tf is None or out.depth is None or not out.body_ids:
            return
        header, min_keypoint_score = out.header, out.result.min_keypoint_score
        message = self._tf_message()
        for pose, xyzv, body_id in zip(out.result.detected, out.depth.points, out.body_ids):
            for frame in body_transforms(xyzv, pose.keypoints[:, 2], body_id,
                                         min_keypoint_score):
                transform = TransformStamped()
                transform.header = Header(stamp=header.stamp,
                                          frame_id=frame.parent or out.depth.header.frame_id)
                transform.child_frame_id = frame.child
                t, q = transform.transform.translation, transform.transform.rotation
                t.x, t.y, t.z = frame.translation
                q.x, q.y, q.z, q.w = frame.rotation
                message.transforms.append(transform)
        if message.transforms:
            self.tf.publish(message)


def optional_types(log, package, names, option):
    """Return the message types of an interface package, or None after one error line."""
    try:
        return require(package, *names, option=option)
    except MissingInterfaceError as e:
        log.error(str(e))
        return None
