# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
ROS-free logic of the downstream controllers: joint angles, repetitions, following.

Like core/, nothing here imports rclpy or a ROS message; the nodes only convert messages.
"""
