# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Cameras files for movenet_cameras: every bad entry named in one line, the rest served."""

from pathlib import Path

from movenet_ros.node.cameras import CamerasFileError, load_cameras
import pytest


def test_a_good_file_gives_each_camera_its_namespace_topic_and_parameters(tmp_path):
    params = tmp_path / 'rear.yaml'
    params.write_text('/**:\n  ros__parameters:\n    num_threads: 1\n    min_pose_score: 0.4\n')
    cameras_file = tmp_path / 'cameras.yaml'
    cameras_file.write_text(f"""cameras:
  - namespace: front
    image_topic: /front/image_raw
  - namespace: /rear/
    image_topic: /rear/image_raw
    params_file: {params}
    parameters: {{min_pose_score: 0.3}}
""")
    (front, rear), problems = load_cameras(cameras_file)
    assert problems == []
    assert (front.namespace, front.image_topic, front.parameters) == (
        '/front', '/front/image_raw', {})
    # The entry's parameters win over its params file.
    assert (rear.namespace, rear.parameters) == (
        '/rear', {'num_threads': 1, 'min_pose_score': 0.3})


def test_bad_entries_are_named_in_one_line_each_and_left_out(tmp_path):
    cameras_file = tmp_path / 'cameras.yaml'
    cameras_file.write_text("""cameras:
  - namespace: ok
    image_topic: /ok/image
  - image_topic: /nameless/image
  - namespace: blind
  - namespace: typo
    image_topic: /typo/image
    parameters: {min_pose_scor: 0.5}
  - namespace: bad
    image_topic: /bad/image
    parameters: {num_threads: 0}
  - namespace: extra
    image_topic: /extra/image
    topic: /extra/other
  - namespace: ok
    image_topic: /again/image
""")
    cameras, problems = load_cameras(cameras_file)
    assert [c.namespace for c in cameras] == ['/ok']
    assert problems == [
        f'camera 1 in {cameras_file} lacks namespace',
        f'camera 2 (blind) in {cameras_file} lacks image_topic',
        f'camera 3 (typo) in {cameras_file}: unknown parameter min_pose_scor; did you mean '
        "'min_pose_score'?",
        f'camera 4 (bad) in {cameras_file}: num_threads must be >= 1, got 0',
        f'camera 5 (extra) in {cameras_file} has unknown keys topic (known: namespace, '
        'image_topic, params_file, parameters)',
        f'camera 6 (ok) in {cameras_file}: namespace /ok is already taken']
    assert all('\n' not in problem for problem in problems)


def test_a_file_without_cameras_is_refused(tmp_path):
    empty = tmp_path / 'none.yaml'
    empty.write_text('cameras: []\n')
    with pytest.raises(CamerasFileError, match='lists no cameras'):
        load_cameras(empty)
    with pytest.raises(CamerasFileError, match='cannot read the cameras file'):
        load_cameras(tmp_path / 'missing.yaml')


def test_the_nodes_own_parameters_and_the_shipped_params_file_are_accepted(tmp_path):
    # A camera's params file is the node's: QoS, transport, depth and outputs included.
    shipped = Path(__file__).resolve().parents[1] / 'config' / 'movenet.yaml'
    cameras_file = tmp_path / 'cameras.yaml'
    cameras_file.write_text(f"""cameras:
  - namespace: front
    image_topic: /front/image_raw
    params_file: {shipped}
    parameters: {{qos_reliability: best_effort, depth_enabled: true}}
""")
    (front,), problems = load_cameras(cameras_file)
    assert problems == []
    assert front.parameters['qos_reliability'] == 'best_effort'
    assert front.parameters['depth_enabled'] is True
