# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Where a bench puts its figures: its own marked section of a doc, its key of a JSON file.

Several benches write into docs/benchmarks.md, bench/results.json and bench/soak.json;
each replaces only its own part, so that running one bench keeps what the others wrote.
"""

import json
import re


def replace_section(doc, begin, end, section):
    """Put ``section`` (which starts with ``begin`` and ends with ``end``) into ``doc``."""
    body = doc.read_text()
    if begin in body:
        body = re.sub(f'{re.escape(begin)}.*?{re.escape(end)}', lambda m: section, body,
                      flags=re.S)
    else:
        body = body.rstrip('\n') + '\n\n' + section + '\n'
    doc.write_text(body)


def store_figures(path, key, figures, one_record_a_line=False):
    """
    Set ``key`` of the JSON object in ``path`` to ``figures``, keeping the other keys.

    With ``one_record_a_line`` the file is written by json_lines (long lists of samples
    stay readable), else indented by one space.
    """
    stored = json.loads(path.read_text()) if path.exists() else {}
    stored[key] = figures
    text = json_lines(stored) if one_record_a_line else json.dumps(stored, indent=1)
    path.write_text(text + '\n')


def json_lines(value, indent=''):
    """JSON with one line per record: dicts open up, lists of records one record a line."""
    inner = indent + ' '
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        items = [f'{inner}{json.dumps(k)}: {json_lines(v, inner)}' for k, v in value.items()]
        return '{\n' + ',\n'.join(items) + '\n' + indent + '}'
    if isinstance(value, list) and value and all(isinstance(v, (dict, list)) for v in value):
        return '[\n' + ',\n'.join(inner + json.dumps(v) for v in value) + '\n' + indent + ']'
    return json.dumps(value)
