# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Message types of interface packages that only some options need.

tf2_msgs, hri_msgs and foxglove_msgs are released ROS packages that package.xml declares;
the project's own environment builds copies of them (interfaces/README.md). An install
that lacks one still runs everything except the option that needs it: that option gets
its types here, and a missing package stops it with one line naming the package and its
install command.
"""

import importlib
import importlib.util
import os

__all__ = ['MissingInterfaceError', 'available', 'install_hint', 'require']


class MissingInterfaceError(ImportError):
    """An option needs message types from an interface package that is not installed."""


def install_hint(package):
    """Return the command that installs ROS package ``package``, as one line."""
    distro = os.environ.get('ROS_DISTRO') or '$ROS_DISTRO'
    apt_name = package.replace('_', '-')
    return (f'sudo apt install ros-{distro}-{apt_name} '
            "(or make setup in the project's own environment)")


def available(package):
    """Tell whether the Python module of interface package ``package`` is installed."""
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def require(package, *names, option):
    """
    Return the message types ``names`` of ``package`` in order, e.g. ``TFMessage, = ...``.

    ``option`` names what needs them (a parameter or output) for the error message.
    Raise MissingInterfaceError, with a one-line message, when the package or one of the
    types cannot be imported.
    """
    try:
        module = importlib.import_module(f'{package}.msg')
    except ImportError as error:
        if isinstance(error, ModuleNotFoundError) and error.name in (package, f'{package}.msg'):
            reason = ''
        else:
            reason = ' (it is installed but does not import: ' + _one_line(error) + ')'
        raise MissingInterfaceError(
            f'{option} needs the ROS package {package}{reason}: {install_hint(package)}',
            name=package) from error
    types = []
    for type_name in names:
        message_type = getattr(module, type_name, None)
        if message_type is None:
            raise MissingInterfaceError(
                f'{option} needs {package}/msg/{type_name}, which the installed {package} '
                f'lacks: {install_hint(package)}', name=package)
        types.append(message_type)
    return tuple(types)


def _one_line(error):
    return ' '.join(str(error).split()) or type(error).__name__
