# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The offline CLI's joint angles and --exercise repetition counts on the squat video."""

import json
import subprocess
import sys

from movenet_ros.cli import main
from movenet_ros.controllers.angles import JOINT_NAMES

# Two squats complete by the end of pose_squats.mp4, the third under way: see the frame
# by frame account in test_controllers_video.py.
EXPECTED_SQUATS = 2


def _records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_exercise_adds_angles_and_the_running_count(data_dir, tmp_path):
    out = tmp_path / 'squats.jsonl'
    assert main([str(data_dir / 'video' / 'pose_squats.mp4'), '--output', str(out),
                 '--exercise', 'squat', '--quiet']) == 0
    records = _records(out)
    assert len(records) == 65
    poses = [r['poses'][0] for r in records if r['poses']]
    assert len(poses) >= 63
    for pose in poses:
        assert list(pose['angles']) == list(JOINT_NAMES)
        assert all(v is None or 0.0 <= v <= 180.0 for v in pose['angles'].values())
        assert pose['reps']['exercise'] == 'squat'
    counts = [p['reps']['count'] for p in poses]
    assert counts == sorted(counts), 'a count never goes back'
    assert counts[-1] == EXPECTED_SQUATS
    assert poses[-1]['reps']['phase'] == 'down'
    assert {p['reps']['phase'] for p in poses} == {'up', 'down'}
    # The first squat is complete once she stands again (frame 18 by eye), not before
    # she reached the bottom (frame 8).
    first = next(r['frame'] for r in records if r['poses'] and
                 r['poses'][0]['reps']['count'] == 1)
    assert 12 <= first <= 22


def test_without_exercise_only_angles_are_added(data_dir, tmp_path):
    out = tmp_path / 'angles.jsonl'
    assert main([str(data_dir / 'images' / 'squat.bmp'), '--output', str(out),
                 '--quiet']) == 0
    (record,) = _records(out)
    pose = record['poses'][0]
    assert set(pose) == {'score', 'keypoints', 'angles'}
    # squat.bmp: a deep squat, both knees well bent.
    assert pose['angles']['left_knee'] < 120.0 or pose['angles']['right_knee'] < 120.0


def test_an_unknown_exercise_is_one_line_error(data_dir, tmp_path):
    result = subprocess.run(
        [sys.executable, '-m', 'movenet_ros.cli', str(data_dir / 'images' / 'squat.bmp'),
         '--output', str(tmp_path / 'o.jsonl'), '--exercise', 'plank'],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'movenet_pose: exercise must be one of biceps_curl, jumping_jack, lunge, push_up, '
        "squat, got 'plank'")
