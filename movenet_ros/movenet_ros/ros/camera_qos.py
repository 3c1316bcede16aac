# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The image subscription, with a reliability that follows the camera's.

A reliable reader cannot hear a best-effort camera, and a best-effort reader of a
reliable camera loses every raw frame that misses a UDP fragment on stock Fast DDS
(docs/transports.md). So with ``qos_reliability: auto`` the node subscribes reliable
while every publisher is, best effort as soon as one is not, and again when the
publishers change: on Iron and later through BEST_AVAILABLE, on Humble from the graph,
and every second afterwards (``follow``).
"""

from rclpy.qos import HistoryPolicy, QoSProfile, ReliabilityPolicy

from .compat import BEST_AVAILABLE, SubscriptionEventCallbacks
from .transport import AUTO, BEST_EFFORT, RELIABILITY_CHOICES, RELIABLE  # noqa: F401

_POLICIES = {RELIABLE: ReliabilityPolicy.RELIABLE, BEST_EFFORT: ReliabilityPolicy.BEST_EFFORT}


def reliability_for(setting, publishers):
    """
    Reliability to subscribe with: ``setting`` unless it is auto.

    Auto follows ``publishers`` (their reliabilities, 'reliable' or 'best_effort'): best
    effort if any one of them is, so that every publisher is heard; reliable otherwise,
    including while there is no publisher yet (the common camera driver is reliable).
    """
    if setting != AUTO:
        return setting
    return BEST_EFFORT if BEST_EFFORT in publishers else RELIABLE


def _name(policy):
    return BEST_EFFORT if policy == ReliabilityPolicy.BEST_EFFORT else RELIABLE


class ImageSubscription:
    """Creates the image subscription and creates it again when the camera's QoS changes."""

    def __init__(self, node, msg_type, topic, callback, setting=AUTO, depth=5,
                 callback_group=None, on_incompatible=None):
        self.node = node
        self.msg_type = msg_type
        self.callback = callback
        self.setting = setting
        self.depth = depth
        self.callback_group = callback_group
        self._on_incompatible = on_incompatible
        self.topic_name = node.resolve_topic_name(topic)
        self.subscription = None
        self.reliability = None
        self._subscribe()

    def publisher_reliabilities(self):
        """Reliability of every publisher now on the topic."""
        return [_name(info.qos_profile.reliability)
                for info in self.node.get_publishers_info_by_topic(self.topic_name)]

    def _subscribe(self, reliability=None):
        if reliability is None:
            reliability = reliability_for(self.setting, self.publisher_reliabilities())
            policy = (BEST_AVAILABLE if self.setting == AUTO and BEST_AVAILABLE is not None
                      else _POLICIES[reliability])
        else:
            policy = _POLICIES[reliability]
        qos = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=self.depth, reliability=policy)
        events = SubscriptionEventCallbacks(incompatible_qos=self._incompatible)
        self.subscription = self.node.create_subscription(
            self.msg_type, self.topic_name, self.callback, qos, event_callbacks=events,
            callback_group=self.callback_group)
        self.reliability = self._actual_reliability() or reliability

    def _incompatible(self, event):
        if self._on_incompatible is not None:
            self._on_incompatible(self)

    def _actual_reliability(self):
        """Return what the middleware chose for this subscription (BEST_AVAILABLE resolved)."""
        node = self.node
        for info in node.get_subscriptions_info_by_topic(self.topic_name):
            if (info.node_name, info.node_namespace) == (node.get_name(), node.get_namespace()):
                return _name(info.qos_profile.reliability)
        return None

    def follow(self):
        """
        Subscribe again if auto and the publishers now call for the other reliability.

        Returns the new reliability when it changed, else None. Runs in the executor (the
        diagnostics beat), never from this subscription's own callbacks.
        """
        if self.setting != AUTO or self.subscription is None:
            return None
        publishers = self.publisher_reliabilities()
        if not publishers:
            return None  # nothing to follow: a camera that restarts is heard as before
        wanted = reliability_for(AUTO, publishers)
        if wanted == self.reliability:
            return None
        self.node.destroy_subscription(self.subscription)
        self._subscribe(wanted)
        return self.reliability

    def destroy(self):
        """Unsubscribe (deactivate)."""
        if self.subscription is not None:
            self.node.destroy_subscription(self.subscription)
            self.subscription = None
