# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Style: ament_flake8 over the package, as colcon test does on a ROS install."""

from pathlib import Path

from ament_flake8.main import main_with_errors
import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.flake8
@pytest.mark.linter
def test_flake8():
    rc, errors = main_with_errors(argv=[str(PACKAGE_DIR)])
    assert rc == 0, f'{len(errors)} flake8 errors:\n' + '\n'.join(errors)
