# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The process around the model: memory, native output, model files and frame accounting.

What every executable needs but is not MoveNet: glibc's allocator tuned for frame-sized
buffers, what native libraries print to fd 2, models fetched and verified by checksum,
and the counters of a running pipeline. No rclpy; it sits on core/.
"""

from . import native_stderr  # noqa: E402,F401 - installs the core's catcher of native output
