# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Docstrings: ament_pep257 over the package sources and tests."""

from pathlib import Path

from ament_pep257.main import main
import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.linter
@pytest.mark.pep257
def test_pep257():
    rc = main(argv=[str(PACKAGE_DIR / 'movenet_ros'), str(PACKAGE_DIR / 'test'),
                    str(PACKAGE_DIR / 'launch')])
    assert rc == 0, 'found docstring style errors (listed above)'
