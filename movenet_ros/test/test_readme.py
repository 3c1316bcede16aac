# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The README stays short, every link in the documents works, the parameter table is current.

Pure Python: no ROS is needed, only the node's parameter table for the last test.
"""

import importlib.util
from pathlib import Path
import re
from urllib.parse import unquote

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / 'README.md'
DOCUMENTS = [README, REPO_ROOT / 'SECURITY.md', *sorted((REPO_ROOT / 'docs').glob('*.md'))]

FENCE = re.compile(r'^\s{0,3}(```|~~~)')
HEADING = re.compile(r'^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$')
INLINE_CODE = re.compile(r'(`+)(.+?)\1')
INLINE_LINK = re.compile(r'!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)')
REFERENCE = re.compile(r'^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$')
SCHEME = re.compile(r'^([a-zA-Z][a-zA-Z0-9+.-]*:|//)')


def _prose_lines(text):
    """Yield the lines of a markdown text that lie outside fenced code blocks."""
    fence = None
    for line in text.splitlines():
        match = FENCE.match(line)
        if match and (fence is None or match.group(1) == fence):
            fence = match.group(1) if fence is None else None
            continue
        if fence is None:
            yield line


def slug(heading):
    """Return the anchor GitHub gives a heading (github-slugger's rules)."""
    text = INLINE_LINK.sub(r'\1', heading)
    text = INLINE_CODE.sub(r'\2', text)
    text = re.sub(r'<[^>]+>', '', text).replace('*', '')
    return re.sub(r'[^\w\- ]', '', text.strip().lower()).replace(' ', '-')


def anchors(path):
    """Return the anchors of a markdown file's headings; repeats get -1, -2, ..."""
    occurrences = {}
    for line in _prose_lines(path.read_text()):
        match = HEADING.match(line)
        if match:
            base = anchor = slug(match.group(2))
            while anchor in occurrences:
                occurrences[base] += 1
                anchor = f'{base}-{occurrences[base]}'
            occurrences[anchor] = 0
    return set(occurrences)


def links(path):
    """Return the link targets of a markdown file, outside code."""
    targets = []
    for line in _prose_lines(path.read_text()):
        reference = REFERENCE.match(line)
        if reference:
            targets.append(reference.group(1))
            continue
        line = INLINE_CODE.sub('', line)
        targets.extend(match.group(2) for match in INLINE_LINK.finditer(line))
    return targets


def test_slug_follows_github():
    assert slug('Why `qos_reliability` and not `qos_overrides`') == \
        'why-qos_reliability-and-not-qos_overrides'
    assert slug('3D keypoints from depth') == '3d-keypoints-from-depth'
    assert slug('MultiPose: several people') == 'multipose-several-people'
    assert slug('On a normal ROS 2 installation') == 'on-a-normal-ros-2-installation'
    assert slug('Controllers: joint angles, repetitions, following') == \
        'controllers-joint-angles-repetitions-following'


def test_repeated_headings_get_numbered_anchors(tmp_path):
    page = tmp_path / 'page.md'
    page.write_text('# Topics\n\n```bash\n# not a heading\n```\n\n## Topics\n\n### Topics\n')
    assert anchors(page) == {'topics', 'topics-1', 'topics-2'}


def test_links_outside_code_are_found(tmp_path):
    page = tmp_path / 'page.md'
    page.write_text('See [a](a.md#x "title") and ![plot](p.png).\n'
                    '`[not](a link)`\n```\n[no](link.md)\n```\n[ref]: b.md\n')
    assert links(page) == ['a.md#x', 'p.png', 'b.md']


@pytest.mark.parametrize('document', DOCUMENTS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_relative_links_resolve(document):
    broken = []
    for target in links(document):
        if not target or SCHEME.match(target):
            continue
        path_part, _, anchor = target.partition('#')
        if path_part.startswith('/'):
            path = REPO_ROOT / unquote(path_part).lstrip('/')
        else:
            path = document.parent / unquote(path_part) if path_part else document
        path = path.resolve()
        if REPO_ROOT not in (path, *path.parents) or not path.exists():
            broken.append(f'{target}: no such file in the repository')
        elif anchor and path.suffix == '.md' and unquote(anchor) not in anchors(path):
            broken.append(f'{target}: no heading with that anchor in {path.name}')
    assert not broken, f'{document.relative_to(REPO_ROOT)}: ' + '; '.join(broken)


def test_readme_is_short_and_starts_with_the_commands():
    lines = README.read_text().splitlines()
    assert len(lines) <= 200, f'README.md has {len(lines)} lines; move details into docs/'
    start = '\n'.join(lines[:40])
    for command in ('make setup', 'make test', 'make demo'):
        assert command in start, f'{command} is not in the first 40 lines of README.md'


def test_readme_links_every_docs_page():
    linked = {(README.parent / target.partition('#')[0]).resolve()
              for target in links(README) if not SCHEME.match(target)}
    missing = [p.name for p in sorted((REPO_ROOT / 'docs').glob('*.md')) if p not in linked]
    assert not missing, f'README.md does not link {missing}'


def test_parameter_table_is_current():
    spec = importlib.util.spec_from_file_location(
        'param_table', REPO_ROOT / 'scripts' / 'param_table.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.written(module.PAGE.read_text())
    assert written is not None, f'{module.PAGE.name} has lost the table markers'
    assert written == module.table(), 'regenerate it with: python scripts/param_table.py --write'
