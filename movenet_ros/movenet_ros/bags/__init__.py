# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
rosbag2 MCAP recordings read and written without a ROS install (the offline CLI).

Messages are (de)serialized from their definitions with the mcap libraries, so nothing
here imports rclpy.
"""
