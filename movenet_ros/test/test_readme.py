# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The README's parameter table is the one the node declares."""

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_readme_parameter_table_is_current():
    spec = importlib.util.spec_from_file_location(
        'param_table', REPO_ROOT / 'scripts' / 'param_table.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (REPO_ROOT / 'README.md').read_text()
    assert module.table() in readme, 'regenerate it with: python scripts/param_table.py'
    for command in ('make setup', 'make demo', 'make test'):
        assert command in readme.split('\n## ')[0]
