# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
An option whose interface package is missing stops with one line saying how to install it.

The other options keep working, so the error names the option, the package and the
install command, on a single line that fits a log.
"""

from movenet_ros.ros.optional_types import (
    available, install_hint, MissingInterfaceError, require)
import pytest

MISSING = 'movenet_no_such_msgs'


def test_missing_package_gives_one_line_with_the_install_command(monkeypatch):
    monkeypatch.setenv('ROS_DISTRO', 'jazzy')
    with pytest.raises(MissingInterfaceError) as raised:
        require(MISSING, 'Skeleton2D', option='hri_bodies')
    message = str(raised.value)
    assert '\n' not in message
    assert message == (
        'hri_bodies needs the ROS package movenet_no_such_msgs: sudo apt install '
        "ros-jazzy-movenet-no-such-msgs (or make setup in the project's own environment)")
    assert isinstance(raised.value, ImportError)


def test_install_hint_without_a_distro_keeps_the_variable(monkeypatch):
    monkeypatch.delenv('ROS_DISTRO', raising=False)
    assert install_hint('hri_msgs').startswith('sudo apt install ros-$ROS_DISTRO-hri-msgs ')


def test_present_package_gives_its_types():
    from std_msgs.msg import Header, String
    assert require('std_msgs', 'Header', 'String', option='test') == (Header, String)
    header, = require('std_msgs', 'Header', option='test')
    assert header is Header


def test_missing_type_of_a_present_package_is_named():
    with pytest.raises(MissingInterfaceError) as raised:
        require('std_msgs', 'Header', 'NoSuchType', option='tf_publish')
    message = str(raised.value)
    assert '\n' not in message
    assert message.startswith('tf_publish needs std_msgs/msg/NoSuchType, which the installed '
                              'std_msgs lacks: sudo apt install ros-')


def test_available():
    assert available('std_msgs')
    assert not available(MISSING)
