# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Shared rclpy plumbing for every node of the package.

Parameters as ROS parameters, QoS that follows a publisher, message conversions, the
process entry and the rclpy differences between distributions.

Used by the pose node, the controller nodes and the tools alike; it knows nothing of any
one node. It sits on core/ and imports nothing above it.
"""
