# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The launch files' checks as pure functions: which sections apply, which names are known."""

from launch_stand_ins import LAUNCH_DIR
from movenet_ros.node.launch_checks import (full_name, PACKAGE_ARGUMENTS, parse_parameter,
                                            section_applies)
import pytest
from ros_harness import declared_launch_arguments


def test_every_argument_a_launch_file_declares_is_known_to_all_of_them():
    # They include each other, so each sees the others' arguments: none may warn about one.
    for path in LAUNCH_DIR.glob('*.launch.py'):
        assert declared_launch_arguments(path) <= PACKAGE_ARGUMENTS, path.name


@pytest.mark.parametrize('key, node, applies', [
    ('/**', '/movenet', True), ('/**', '/a/b/movenet', True),
    ('movenet', '/movenet', True), ('/movenet', '/movenet', True),
    ('movenet', '/front/movenet', False),  # rcl puts '/' before a key, not the namespace
    ('front/movenet', '/front/movenet', True),
    ('/*', '/movenet', True), ('/*', '/front/movenet', False),
    ('/front/*', '/front/movenet', True), ('/*/movenet', '/front/movenet', True),
    ('/**/movenet', '/movenet', True), ('/**/movenet', '/a/b/movenet', True),
    ('/**/movenet', '/a/pose', False), ('movenet_node', '/movenet', False),
    ('/front/**', '/front/movenet', True), ('/back/**', '/front/movenet', False),
])
def test_sections_apply_as_rcl_matches_them(key, node, applies):
    assert section_applies(key, node) is applies


def test_full_name_joins_namespace_and_name():
    assert full_name('', 'movenet') == '/movenet'
    assert full_name('front', 'movenet') == full_name('/front/', 'movenet') == '/front/movenet'


def test_parameter_text_is_parsed_as_the_parameter_s_type():
    assert parse_parameter('min_pose_score', '0.5') == 0.5
    assert parse_parameter('enable_smoothing', 'true') is True
    assert parse_parameter('model_type', 'thunder') == 'thunder'
