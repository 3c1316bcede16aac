# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Hide tf2_msgs, hri_msgs and foxglove_msgs from a process, as on an install without them.

Put on PYTHONPATH, Python runs it at start-up (test_standard_outputs.py).
"""

import sys

for _package in ('tf2_msgs', 'hri_msgs', 'foxglove_msgs'):
    sys.modules[_package] = None  # `import <package>.msg` now fails as if not installed
