# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Mistakes that would otherwise fail silently, named once in the log.

A params file key the node does not know (``min_pose_scor``) is reported with the closest
known name; a subscription that receives nothing for a few seconds is reported with the
image topics that do exist. Also the start-up line's description of the model input.
"""

import time

from rclpy.clock import Clock, ClockType

from ..core.parameters import closest_name


#: Seconds without any image before the log says so, and between repeats.
NO_IMAGE_AFTER = 5.0
NO_IMAGE_REPEAT = 60.0
IMAGE_TYPES = ('sensor_msgs/msg/Image', 'sensor_msgs/msg/CompressedImage')


def unknown_parameter_messages(given, declared):
    """One message per name in ``given`` that is not ``declared`` (QoS overrides aside)."""
    messages = []
    for name in sorted(set(given) - set(declared)):
        if name.startswith('qos_overrides.'):
            continue  # declared by rclpy itself when the subscription is created
        guess = closest_name(name, declared)
        hint = f"; did you mean '{guess}'?" if guess else ' (`--help` lists the parameters)'
        messages.append(f"parameter '{name}' is not one of this node's and is ignored{hint}")
    return messages


def warn_unknown_parameters(node):
    """Log every parameter set for ``node`` (params file, -p) that it never declared."""
    # rclpy has no public accessor for the overrides; this attribute exists Humble to Kilted.
    given = getattr(node, '_parameter_overrides', {})
    declared = node.list_parameters([], 0).names
    for message in unknown_parameter_messages(given, declared):
        node.get_logger().warning(message)


def describe_input(runner, values):
    """Describe the model input for the start-up line, e.g. '192x192 uint8'."""
    if runner.input_width:
        return f'{runner.input_width}x{runner.input_height} {runner.input_dtype}'
    return (f"any size, long side {values.get('multipose_max_dimension', 256)} padded to "
            f'multiples of 32, {runner.input_dtype}')


def image_topics(node, exclude=()):
    """
    Return 'name (Type)' of every image topic someone publishes, except those in ``exclude``.

    Pose nodes' annotated images are left out: they are no camera.
    """
    found = []
    for name, types in node.get_topic_names_and_types():
        kinds = [t.rsplit('/', 1)[-1] for t in types if t in IMAGE_TYPES]
        ours = name.endswith(('/pose/image_annotated', '/pose/image_annotated/compressed'))
        if kinds and name not in exclude and not ours and node.count_publishers(name):
            found.append(f"{name} ({', '.join(kinds)})")
    return found


class NoImageWatchdog:
    """Warns when the image subscription has received nothing for NO_IMAGE_AFTER seconds."""

    def __init__(self, node, subscription, received, after=NO_IMAGE_AFTER,
                 repeat=NO_IMAGE_REPEAT):
        self._node = node
        self._input = subscription  # read at warning time: the topic may have changed
        self._received = received
        self._after, self._repeat = after, repeat
        self._count = received()
        self._since = time.monotonic()
        self._warned_at = None
        self._timer = node.create_timer(1.0, self._check,
                                        clock=Clock(clock_type=ClockType.STEADY_TIME))

    def _check(self):
        now, count = time.monotonic(), self._received()
        if count != self._count:
            self._count, self._since, self._warned_at = count, now, None
            return
        if now - self._since < self._after:
            return
        if self._warned_at is not None and now - self._warned_at < self._repeat:
            return
        self._warned_at = now
        own = {name for name, _ in self._node.get_publisher_names_and_types_by_node(
            self._node.get_name(), self._node.get_namespace())}
        others = image_topics(self._node, exclude=own)
        listing = ', '.join(others) if others else 'none'
        self._node.get_logger().warning(
            f'no image received on {self._input.topic_name} for {now - self._since:.0f} s. Image '
            f'topics that exist: {listing}. Set the image_topic launch argument (or remap '
            'image:=TOPIC); the node reads TOPIC/compressed with input_transport compressed, '
            'and with auto when the camera offers it')

    def stop(self):
        """Destroy the timer (deactivate)."""
        self._node.destroy_timer(self._timer)


def watch_input(node, subscription, stats):
    """Start a NoImageWatchdog on ``subscription`` counting ``stats``' received frames."""
    return NoImageWatchdog(node, subscription, lambda: stats.total('received'))
