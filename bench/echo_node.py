# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Transport floor for the benchmark: answer each image with its header, no model.

The latency of this round trip is what rclpy and DDS cost before any pose work.
"""

from movenet_ros.runtime.allocator import keep_freed_image_buffers
import rclpy
from rclpy.executors import ExternalShutdownException
from rclpy.qos import QoSProfile, ReliabilityPolicy
from sensor_msgs.msg import Image
from std_msgs.msg import Header


def main():
    keep_freed_image_buffers()  # as the pose node does
    rclpy.init()
    node = rclpy.create_node('movenet_bench_echo')
    publisher = node.create_publisher(Header, '/bench/echo', 10)
    # Reliable with depth 3, as the pose node subscribes to a reliable camera.
    node.create_subscription(Image, '/bench/image', lambda m: publisher.publish(m.header),
                             QoSProfile(depth=3, reliability=ReliabilityPolicy.RELIABLE))
    try:
        rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        node.destroy_node()
        rclpy.try_shutdown()


if __name__ == '__main__':
    main()
