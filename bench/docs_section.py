# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Where a bench puts its figures: its own marked section of a doc, its key of a JSON file."""

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


def store_figures(path, key, figures):
    """Set ``key`` of the JSON object in ``path`` to ``figures``, keeping the other keys."""
    stored = json.loads(path.read_text()) if path.exists() else {}
    stored[key] = figures
    path.write_text(json.dumps(stored, indent=1) + '\n')
