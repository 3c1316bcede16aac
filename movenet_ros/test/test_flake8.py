# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Style: ament_flake8 over the package, as colcon test does on a ROS install."""

from pathlib import Path
import subprocess
import sys

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1]

# flake8 checks files in a pool of forked processes. Forked from a pytest process in which
# an earlier test ran rclpy, a child can inherit a lock held by a middleware thread and
# hang; a fresh interpreter has no such threads.
LINT = """
import sys
from ament_flake8.main import main_with_errors
rc, errors = main_with_errors(argv=[sys.argv[1]])
sys.exit(rc and f'{len(errors)} flake8 errors:\\n' + '\\n'.join(errors))
"""


@pytest.mark.flake8
@pytest.mark.linter
def test_flake8():
    result = subprocess.run([sys.executable, '-c', LINT, str(PACKAGE_DIR)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 0, result.stderr
