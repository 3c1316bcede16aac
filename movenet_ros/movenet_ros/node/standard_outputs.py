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

from builtin_interfaces.msg import Time
from geometry_msgs.msg import TransformStamped
from std_msgs.msg import Header

from ..core.annotations import pose_annotations
from ..core.bodies import bodies, body_transforms, BodyIds
from ..ros.optional_types import MissingInterfaceError, require

#: REP-155's namespace for bodies.
BODIES = '/humans/bodies'


class StandardOutputs:
    """The standard outputs of one configuration; publish from the worker only."""

    def __init__(self, node, outputs, configured):
        self._node = node
        self._log = node.get_logger()
        self._ids = BodyIds()
        self._body_publishers = {}
        self.annotations = self.tracked = self.tf = None
        if configured['publish_image_annotations']:
            self._annotation_types = self._types(
                'foxglove_msgs', ('ImageAnnotations', 'PointsAnnotation', 'TextAnnotation',
                                  'Point2', 'Color'), 'publish_image_annotations')
            if self._annotation_types:
                self.annotations = outputs.create(self._annotation_types[0],
                                                  'pose/image_annotations', 10)
        if configured['hri_bodies']:
            self._hri_types = self._types(
                'hri_msgs', ('IdsList', 'Skeleton2D', 'NormalizedRegionOfInterest2D'),
                'hri_bodies')
            if self._hri_types:
                self.tracked = outputs.create(self._hri_types[0], f'{BODIES}/tracked', 10)
        if configured['publish_tf']:
            found = self._types('tf2_msgs', ('TFMessage',), 'publish_tf')
            if found:
                self._tf_message, = found
                self.tf = outputs.create(self._tf_message, '/tf', 100)

    def _types(self, package, names, option):
        try:
            return require(package, *names, option=option)
        except MissingInterfaceError as e:
            self._log.error(str(e))
            return None

    def wants_body_ids(self):
        """Tell whether bodies or TF need this frame's body ids."""
        return self.tracked is not None or self.tf is not None

    # -- per frame (worker thread) -----------------------------------------------------
    def publish(self, detected, header, frame, min_keypoint_score):
        """Publish a frame's annotations and bodies; return the body ids of ``detected``."""
        if self.annotations is not None and self.annotations.get_subscription_count():
            self.annotations.publish(self._annotations_msg(
                detected, header, (frame.width, frame.height), min_keypoint_score))
        if not self.wants_body_ids():
            return []
        found = bodies(detected, self._ids, min_keypoint_score)
        if self.tracked is not None:
            self._publish_bodies(found, header)
        return [body.body_id for body in found]

    def _annotations_msg(self, poses, header, size, min_keypoint_score):
        annotations, points, text, point, color = self._annotation_types
        shapes, labels = pose_annotations(poses, min_keypoint_score, size)
        msg = annotations()
        stamp = Time(sec=header.stamp.sec, nanosec=header.stamp.nanosec)
        for shape in shapes:
            kind = points.LINE_LIST if shape.kind == 'line_list' else points.POINTS
            msg.points.append(points(
                timestamp=stamp, type=kind,
                points=[point(x=x, y=y) for x, y in shape.points],
                outline_color=color(r=1.0, g=1.0, b=1.0, a=1.0),
                outline_colors=[color(r=r, g=g, b=b, a=a) for r, g, b, a in shape.colors],
                fill_color=color(), thickness=shape.thickness))
        for label in labels:
            r, g, b, a = label.color
            msg.texts.append(text(
                timestamp=stamp, position=point(x=label.position[0], y=label.position[1]),
                text=label.text, font_size=label.font_size,
                text_color=color(r=r, g=g, b=b, a=a),
                background_color=color(r=0.0, g=0.0, b=0.0, a=0.5)))
        return msg

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

    def publish_tf(self, detected, points, body_ids, header, min_keypoint_score):
        """Publish the body and joint frames of the people with depth (worker thread)."""
        if self.tf is None:
            return
        message = self._tf_message()
        for pose, xyzv, body_id in zip(detected, points, body_ids):
            for frame in body_transforms(xyzv, pose.keypoints[:, 2], body_id,
                                         min_keypoint_score):
                transform = TransformStamped()
                transform.header = Header(stamp=header.stamp,
                                          frame_id=frame.parent or header.frame_id)
                transform.child_frame_id = frame.child
                t, q = transform.transform.translation, transform.transform.rotation
                t.x, t.y, t.z = frame.translation
                q.x, q.y, q.z, q.w = frame.rotation
                message.transforms.append(transform)
        if message.transforms:
            self.tf.publish(message)

    def stop(self):
        """Drop every body's publishers (deactivate): the bodies are gone."""
        for body_id in list(self._body_publishers):
            self._destroy_body(body_id)
        self._ids = BodyIds()
