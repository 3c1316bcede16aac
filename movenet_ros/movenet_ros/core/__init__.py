# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
ROS-free core: model loading, cropping, decoding, filtering and drawing.

Nothing under this package imports rclpy or any ROS message, so it can be used from
offline tools and tested without a ROS graph.
"""
