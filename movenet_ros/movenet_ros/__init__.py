# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""MoveNet human pose estimation for ROS 2."""
