# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Message definitions as rosbag2 stores them in MCAP (the ``ros2msg`` schema encoding).

A schema is the type's .msg text followed by every type it depends on, each after a line of
80 '=' and a ``MSG: package/Type`` line. With it, Foxglove and ``ros2 bag info`` read a
file without a ROS workspace. The text comes from the installed .msg files, so the schemas
always match the messages the node publishes. No ROS imports here.
"""

import os
from pathlib import Path
import sys

DELIMITER = '=' * 80

PRIMITIVE_TYPES = frozenset((
    'bool', 'byte', 'char', 'float32', 'float64', 'int8', 'uint8', 'int16', 'uint16',
    'int32', 'uint32', 'int64', 'uint64', 'string', 'wstring', 'time', 'duration'))


class SchemaError(LookupError):
    """A message type whose .msg file is not installed."""


def split_type(name):
    """('pkg', 'Type') of 'pkg/msg/Type' or 'pkg/Type'."""
    parts = name.split('/')
    if len(parts) == 3 and parts[1] == 'msg':
        return parts[0], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise SchemaError(f"'{name}' is not a message type name (package/msg/Type)")


def share_dirs(package):
    """Candidate share folders of ``package``: the ament index first, then the prefixes."""
    found = []
    try:
        from ament_index_python.packages import (
            get_package_share_directory, PackageNotFoundError)
        try:
            found.append(Path(get_package_share_directory(package)))
        except PackageNotFoundError:
            pass
    except ImportError:  # a plain Python install: the prefixes below still apply
        pass
    prefixes = os.environ.get('AMENT_PREFIX_PATH', '').split(os.pathsep) + [sys.prefix]
    found.extend(Path(p) / 'share' / package for p in prefixes if p)
    return found


def msg_file(name):
    """Path of the installed .msg file of type ``name``; SchemaError saying how to get it."""
    package, message = split_type(name)
    for folder in share_dirs(package):
        path = folder / 'msg' / f'{message}.msg'
        if path.is_file():
            return path
    raise SchemaError(
        f'cannot find {package}/msg/{message}.msg in the ament index, AMENT_PREFIX_PATH or '
        f'{sys.prefix}/share: build the messages (make setup) and source env.sh')


def field_types(text, package):
    """Message types ('pkg/Type') of the fields in .msg ``text``, in order, no repeats."""
    types = []
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if len(words) < 2 or '=' in words[1]:  # constants: 'uint8 NAME=1'
            continue
        base = words[0].split('[', 1)[0].split('<=', 1)[0]
        if base in PRIMITIVE_TYPES:
            continue
        if '/' in base:
            dep = '/'.join(split_type(base))
        elif base == 'Header':
            dep = 'std_msgs/Header'
        else:
            dep = f'{package}/{base}'
        if dep not in types:
            types.append(dep)
    return types


def message_definition(name, read=None):
    """
    Full ros2msg schema text of type ``name`` (e.g. 'movenet_ros_msgs/msg/PoseKeypoints').

    Dependencies follow depth-first in the order the fields name them, each once, as
    rosbag2 writes them. ``read`` maps 'pkg/Type' to its .msg text (the installed files
    by default).
    """
    read = read or (lambda dep: msg_file(dep).read_text())
    root = '/'.join(split_type(name))
    seen = {root}
    sections = []

    def visit(type_name):
        text = read(type_name).rstrip('\n')
        sections.append((type_name, text))
        for dep in field_types(text, type_name.split('/')[0]):
            if dep not in seen:
                seen.add(dep)
                visit(dep)

    visit(root)
    return sections[0][1] + ''.join(
        f'\n{DELIMITER}\nMSG: {dep}\n{text}' for dep, text in sections[1:])
