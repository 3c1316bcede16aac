# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The parameter table in docs/parameters.md, made from the node's own parameter table.

`python scripts/param_table.py` prints it; `--write` puts it into docs/parameters.md,
between the BEGIN and END markers.
"""

from pathlib import Path
import sys

from movenet_ros.node.parameters import PARAMETERS

PAGE = Path(__file__).resolve().parents[1] / 'docs' / 'parameters.md'
BEGIN = '<!-- parameter table: written by scripts/param_table.py -->'
END = '<!-- end of parameter table -->'


def _range(spec):
    if spec.choices:
        return ' \\| '.join(f'`{c}`' for c in spec.choices)
    if spec.low is not None:
        return f'{spec.low:g} .. {spec.high:g}'
    return ''


def table():
    """Return the markdown table, one row per parameter."""
    rows = ['| parameter | default | values | live | meaning |',
            '|---|---|---|---|---|']
    for spec in PARAMETERS:
        default = repr(spec.default) if isinstance(spec.default, str) else spec.default
        if isinstance(spec.default, bool):
            default = str(spec.default).lower()
        rows.append(f'| `{spec.name}` | `{default}` | {_range(spec)} | '
                    f"{'yes' if spec.dynamic else ''} | {spec.description} |")
    return '\n'.join(rows)


def written(text):
    """Return the table between the markers of a page's text (None without markers)."""
    if BEGIN not in text or END not in text:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip('\n')


def write(page=PAGE):
    """Replace the table between the markers of ``page`` with the current one."""
    text = page.read_text()
    if written(text) is None:
        raise SystemExit(f'{page} has no {BEGIN} ... {END} markers')
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    page.write_text(f'{before}{BEGIN}\n{table()}\n{END}{after}')


if __name__ == '__main__':
    if sys.argv[1:] == ['--write']:
        write()
        print(f'wrote the parameter table into {PAGE.name}')
    else:
        print(table())
