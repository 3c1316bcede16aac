# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
`--help` for the ROS executables, which otherwise start a node whatever they are given.

rclpy ignores arguments it does not know, so `ros2 run movenet_ros video_publisher --help`
would try to play a video. Each executable checks its own arguments (those before
``--ros-args``) first and prints how to run it and its parameters instead.
"""

import sys


def own_arguments(argv=None):
    """Return the executable's own arguments: those before --ros-args (argv as rclpy's)."""
    argv = list(sys.argv if argv is None else argv)[1:]
    return argv[:argv.index('--ros-args')] if '--ros-args' in argv else argv


def wants_help(argv=None):
    """Tell whether -h or --help comes before any --ros-args."""
    own = own_arguments(argv)
    return '-h' in own or '--help' in own


def node_help(executable, summary, example, parameters, topics=()):
    """
    Help text of a node executable.

    ``parameters`` holds (name, default, meaning) and ``topics`` (name, meaning) pairs.
    """
    lines = [f'usage: ros2 run movenet_ros {executable} [--ros-args -p NAME:=VALUE '
             '-r FROM:=TO --params-file FILE ...]', '', summary, '',
             'example:', f'  ros2 run movenet_ros {executable} {example}']
    if topics:
        lines += ['', 'topics (remap with -r NAME:=/your/topic):']
        lines += [f'  {name:32s} {meaning}' for name, meaning in topics]
    lines += ['', 'parameters (-p NAME:=VALUE, or a --params-file):']
    for name, default, meaning in parameters:
        lines.append(f'  {name:28s} default {default!r:14s} {meaning}')
    return '\n'.join(lines)


def exit_with_help(argv, *help_args):
    """Print node_help(*help_args) and return True when ``argv`` asks for help."""
    if not wants_help(argv):
        return False
    print(node_help(*help_args))
    return True
