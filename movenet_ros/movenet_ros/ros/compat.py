# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The rclpy features that differ between Humble, Jazzy and Kilted, detected once here.

Every newer API the node uses is looked up by feature, never by distro name, so the same
code runs on each; test_distro_compat.py starts the node with these features hidden.

- QoS event callbacks: ``rclpy.event_handler`` since Iron, ``rclpy.qos_event`` on Humble.
- ``ReliabilityPolicy.BEST_AVAILABLE`` (Iron and later): the middleware matches the
  publishers' reliability when the subscription is created. Without it the node makes the
  same choice from the graph itself (camera_qos.reliability_for).
- ``MessageInfo`` passed to subscription callbacks (Iron and later): without it no
  publisher sequence numbers, so frames skipped or lost before arrival cannot be counted.
"""

from rclpy.qos import ReliabilityPolicy
from rclpy.subscription import Subscription

try:
    from rclpy.event_handler import SubscriptionEventCallbacks
except ImportError:  # Humble
    from rclpy.qos_event import SubscriptionEventCallbacks

#: The middleware can match the publishers' reliability itself (None on Humble).
BEST_AVAILABLE = getattr(ReliabilityPolicy, 'BEST_AVAILABLE', None)

#: Subscription callbacks can receive a MessageInfo (sequence numbers) as well.
MESSAGE_INFO = hasattr(Subscription, 'CallbackType')

__all__ = ['BEST_AVAILABLE', 'MESSAGE_INFO', 'SubscriptionEventCallbacks', 'with_info']


def with_info(callback):
    """Return ``callback(msg, info)`` adapted to this rclpy's subscription signature."""
    if MESSAGE_INFO:
        return callback

    def without_info(msg):
        callback(msg, {})
    return without_info
