# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Print the README's parameter table from the node's parameter table."""

from movenet_ros.parameters import PARAMETERS


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


if __name__ == '__main__':
    print(table())
