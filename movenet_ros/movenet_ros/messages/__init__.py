# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the package publishes, built once for the node and the bag writer alike.

The mapping takes the message types as constructors: rclpy's generated classes in the
node, plain records in the MCAP writer (which encodes any object by its field names),
so the two outputs cannot drift apart. No ROS imports here.
"""
