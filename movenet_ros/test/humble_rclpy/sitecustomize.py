# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Make this rclpy look like Humble's to the code imported after it (test_distro_compat.py).

Put on PYTHONPATH, Python runs it at start-up. rclpy itself is imported first and keeps
working; what Humble lacks is then hidden from everything imported later:
``rclpy.event_handler`` (Humble has ``rclpy.qos_event``) and
``ReliabilityPolicy.BEST_AVAILABLE``. rclpy's own Subscription
needs ``CallbackType`` internally, so the missing MessageInfo is emulated one step later:
the node's feature flag is set as Humble's rclpy would leave it, and its callbacks then
take the message alone, as Humble calls them.
"""

import importlib
import sys
import types

import rclpy.event_handler
import rclpy.lifecycle  # noqa: F401 - loaded before anything is hidden
import rclpy.node  # noqa: F401
import rclpy.qos

_qos_event = types.ModuleType('rclpy.qos_event')
_qos_event.SubscriptionEventCallbacks = rclpy.event_handler.SubscriptionEventCallbacks
sys.modules['rclpy.qos_event'] = _qos_event
sys.modules['rclpy.event_handler'] = None  # `import rclpy.event_handler` now fails

_policy = rclpy.qos.ReliabilityPolicy
rclpy.qos.ReliabilityPolicy = types.SimpleNamespace(
    SYSTEM_DEFAULT=_policy.SYSTEM_DEFAULT, RELIABLE=_policy.RELIABLE,
    BEST_EFFORT=_policy.BEST_EFFORT, UNKNOWN=_policy.UNKNOWN)

# Imported only now, so that it sees what is hidden above.
importlib.import_module('movenet_ros.ros.compat').MESSAGE_INFO = False
print('humble_rclpy: event_handler, BEST_AVAILABLE and MessageInfo hidden', file=sys.stderr)
