# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Hide mcap and mcap-ros2-support from a process, as on a ROS install without them.

Put on PYTHONPATH, Python runs it at start-up (test_without_mcap.py).
"""

import sys

for _package in ('mcap', 'mcap_ros2'):
    sys.modules[_package] = None  # `import <package>.<module>` now fails as if not installed
