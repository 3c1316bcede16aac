# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The pose node's ROS layer: intake, pipeline, outputs, depth and diagnostics.

movenet_node and movenet_lifecycle_node (the package root) wire these to rclpy's node
types; the work itself is done by core/.
"""
