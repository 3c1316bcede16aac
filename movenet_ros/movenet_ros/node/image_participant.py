# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Large images sent from a DDS participant of their own, beside the node's.

On stock Fast DDS every topic of a participant shares its 512 KiB shared-memory segment.
A megabyte image then reclaims buffers still queued for slower readers of the node's
other topics, and a reliable message lost that way is resent only after the writer's
next heartbeat: /diagnostics at 1 Hz came seconds late while a viewer took the annotated
image. From a second participant the images only ever reclaim each other's buffers.

One extra context (one participant) per process, made on first use; in it one node per
owner, ``<owner name>_images`` in the owner's namespace, kept until the process ends so
that lifecycle cycles only make and destroy publishers, as on the owner. Topics are
resolved by the owner, so its remappings apply as if it published them itself.
"""

import threading

import rclpy
from rclpy.context import Context
from rclpy.parameter import Parameter
from rclpy.signals import SignalHandlerOptions

__all__ = ['ImageNode', 'shutdown']

_lock = threading.Lock()
_context = None
_nodes = []  # every ImageNode of the process, destroyed by shutdown()


def _shared_context(domain_id):
    global _context
    with _lock:
        if _context is None or not _context.ok():
            context = Context()
            # The process's own arguments, for its enclave (SROS2): their remaps and
            # parameters do not reach the image nodes, which ignore global arguments.
            rclpy.init(context=context, domain_id=domain_id,
                       signal_handler_options=SignalHandlerOptions.NO)
            _context = context
        return _context


class ImageNode:
    """The publishing side of ``owner`` in the process's image participant."""

    def __init__(self, owner):
        self._owner = owner
        # Nothing spins this node, so it offers no service a caller would wait on: no
        # parameter services, and no ~/get_type_description (Jazzy on).
        self.node = rclpy.create_node(
            f'{owner.get_name()}_images', namespace=owner.get_namespace(),
            context=_shared_context(owner.context.get_domain_id()),
            use_global_arguments=False, start_parameter_services=False, enable_rosout=False,
            parameter_overrides=[Parameter('start_type_description_service', value=False)])
        with _lock:
            _nodes.append(self.node)

    def create_publisher(self, msg_type, topic, qos):
        """Create a publisher on ``topic`` as the owner resolves it."""
        return self.node.create_publisher(msg_type, self._owner.resolve_topic_name(topic), qos)

    def destroy_publisher(self, publisher):
        """Destroy one of this node's publishers."""
        self.node.destroy_publisher(publisher)

    def close(self):
        """Leave the image participant (annotated_image_participant turned off)."""
        with _lock:
            if self.node in _nodes:  # else shutdown() came first
                _nodes.remove(self.node)
                self.node.destroy_node()


def shutdown():
    """Destroy every image node and shut the image participant down (at process exit)."""
    global _context
    with _lock:
        for node in _nodes:
            node.destroy_node()
        _nodes.clear()
        if _context is not None:
            _context.try_shutdown()
            _context = None
