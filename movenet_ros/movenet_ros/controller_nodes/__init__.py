# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The controller nodes: joint_angles, rep_counter and person_follower.

Each works on pose messages alone (no model) and hands them to the ROS-free logic in
movenet_ros.controllers; these modules only declare parameters and convert messages.
"""
