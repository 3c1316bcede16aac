# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Every source file of both packages states its copyright and Apache-2.0 license.

ament_copyright has no PyPI wheel, so this is the project's own check of the same rule.
"""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HEADER = ('# Copyright ', '# SPDX-License-Identifier: Apache-2.0')


def _sources():
    for package in ('movenet_ros', 'movenet_ros_msgs'):
        root = REPO_ROOT / package
        yield from sorted(root.rglob('*.py'))
        yield from sorted(root.glob('CMakeLists.txt'))


@pytest.mark.copyright
@pytest.mark.linter
def test_copyright():
    sources = list(_sources())
    assert len(sources) > 20, 'the source search found too few files'
    missing = []
    for path in sources:
        head = path.read_text(encoding='utf-8').splitlines()[:2]
        if len(head) < 2 or not head[0].startswith(HEADER[0]) or head[1] != HEADER[1]:
            missing.append(str(path.relative_to(REPO_ROOT)))
    assert not missing, 'files without the copyright/license header: ' + ', '.join(missing)
