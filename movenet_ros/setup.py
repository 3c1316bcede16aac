# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

from glob import glob

from setuptools import find_packages, setup

package_name = 'movenet_ros'

setup(
    name=package_name,
    version='0.1.0',
    packages=find_packages(exclude=['test']),
    data_files=[
        ('share/ament_index/resource_index/packages', ['resource/' + package_name]),
        ('share/' + package_name, ['package.xml']),
        ('share/' + package_name + '/launch', glob('launch/*.launch.py')),
        ('share/' + package_name + '/config', glob('config/*.yaml') + glob('config/*.xml')),
    ],
    install_requires=['setuptools', 'numpy', 'opencv-python-headless', 'PyYAML', 'tqdm'],
    zip_safe=True,
    maintainer='movenet_ros maintainers',
    maintainer_email='maintainers@movenet-ros.dev',
    description='Human pose estimation with MoveNet (TFLite) for ROS 2 image topics.',
    license='Apache-2.0',
    tests_require=['pytest'],
    entry_points={
        'console_scripts': [
            'movenet_node = movenet_ros.movenet_node:main',
            'movenet_lifecycle_node = movenet_ros.movenet_lifecycle_node:main',
            'movenet_cameras = movenet_ros.movenet_cameras:main',
            'video_publisher = movenet_ros.tools.video_publisher:main',
            'pose_monitor = movenet_ros.tools.pose_monitor:main',
            'fetch_model = movenet_ros.fetch_model:main',
            'movenet_pose = movenet_ros.cli:main',
            'joint_angles = movenet_ros.controller_nodes.joint_angles:main',
            'rep_counter = movenet_ros.controller_nodes.rep_counter:main',
            'person_follower = movenet_ros.controller_nodes.person_follower:main',
        ],
    },
)
