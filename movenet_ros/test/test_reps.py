# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The repetition counter on synthetic angle and keypoint sequences, and the exercises file."""

from pathlib import Path
from types import SimpleNamespace

from movenet_ros.controllers.analysis import PoseAnalysis
from movenet_ros.controllers.angles import joint_angles, select_angle
from movenet_ros.controllers.reps import (DOWN, Exercise, exercise_from_dict, ExerciseError,
                                          load_exercises, RepCounter, torso_tilt, UP)
from movenet_ros.core.keypoints import KEYPOINT_INDEX
import numpy as np
import pytest

EXERCISES_FILE = Path(__file__).resolve().parents[1] / 'config' / 'exercises.yaml'
SQUAT = Exercise('squat', 'knee', up=160.0, down=120.0, start=UP, min_rep_seconds=0.6,
                 max_rep_seconds=10.0, max_gap_seconds=1.0)


def _feed(counter, angles, step=0.2, track_id=0, start=0.0):
    """Feed ``angles`` at ``step`` seconds apart; returns the last TrackReps."""
    state = None
    for i, degrees in enumerate(angles):
        state = counter.update(track_id, degrees, start + i * step)
    return state


def test_one_squat_counts_once_with_its_duration():
    counter = RepCounter(SQUAT)
    # Standing at 0.0 and 0.2 s, last above 160 at 0.2 s, bottom, back above 160 at 1.4 s.
    state = _feed(counter, [175, 170, 150, 130, 110, 100, 115, 140, 165, 172])
    assert (state.count, state.phase) == (1, UP)
    assert state.last_rep_seconds == pytest.approx(1.6 - 0.2)


def test_noise_near_a_threshold_does_not_count():
    counter = RepCounter(SQUAT)
    # Hovering around the down threshold, then around the up threshold, never both.
    state = _feed(counter, [170, 121, 119, 121, 119, 122, 118, 125])
    assert (state.count, state.phase) == (0, DOWN)
    state = _feed(counter, [159, 161, 158, 162, 159, 161], start=1.6)
    assert state.count == 1  # the first return above 160 ends the one real repetition
    state = _feed(counter, [159, 161, 158, 162, 159, 161], start=2.8)
    assert state.count == 1  # noise above the down threshold never starts another


def test_a_too_fast_bounce_is_not_a_repetition():
    counter = RepCounter(SQUAT)
    # Leaves the top at 0.0 s, back at 0.4 s: shorter than min_rep_seconds (0.6).
    state = _feed(counter, [170, 110, 170], step=0.2)
    assert (state.count, state.phase) == (0, UP)
    state = _feed(counter, [170, 110, 110, 170], step=0.2, start=0.6)
    assert state.count == 1 and state.last_rep_seconds == pytest.approx(0.6)


def test_a_repetition_slower_than_the_maximum_is_not_counted():
    counter = RepCounter(SQUAT)
    state = _feed(counter, [170] + [100] * 60 + [170], step=0.2)  # 12.2 s down
    assert state.count == 0


def test_a_person_lost_mid_repetition_does_not_complete_it():
    counter = RepCounter(SQUAT)
    _feed(counter, [170, 140, 110])                       # down by 0.4 s
    _feed(counter, [None] * 10, start=0.6)                # 2 s without a valid knee angle
    state = _feed(counter, [140, 170, 170], start=2.6)    # back up after the gap
    assert (state.count, state.phase) == (0, UP)
    # Short gaps (below max_gap_seconds) are bridged.
    _feed(counter, [110, None, None, 110], start=3.2)
    state = _feed(counter, [170], start=4.0)
    assert state.count == 1


def test_a_person_met_at_the_bottom_counts_from_the_next_repetition():
    counter = RepCounter(SQUAT)
    state = _feed(counter, [100, 100, 170])
    assert (state.count, state.phase) == (0, UP)
    state = _feed(counter, [100, 100, 170], start=1.0)
    assert state.count == 1


def test_two_people_keep_their_own_counts():
    counter = RepCounter(SQUAT)
    squat = [170, 140, 110, 140, 170]
    for rep in range(3):
        for i, degrees in enumerate(squat):
            stamp = rep * 1.0 + i * 0.2
            counter.update(1, degrees, stamp)
            if rep < 2:  # the second person does two squats while the first does three
                counter.update(2, degrees, stamp)
            else:
                counter.update(2, 170.0, stamp)
    assert counter.tracks[1].count == 3
    assert counter.tracks[2].count == 2
    counter.reset()
    assert counter.tracks == {}


def test_a_stamp_going_backwards_abandons_the_repetition():
    counter = RepCounter(SQUAT)
    _feed(counter, [170, 110], start=5.0)
    state = _feed(counter, [110, 170], start=1.0)  # a bag looped
    assert state.count == 0


def test_an_exercise_that_starts_down_counts_up_and_back():
    curl = Exercise('biceps_curl', 'elbow', up=60.0, down=140.0, start=DOWN)
    counter = RepCounter(curl)
    assert curl.phase_of(170) == DOWN and curl.phase_of(40) == UP
    assert curl.phase_of(100) is None
    state = _feed(counter, [165, 120, 50, 45, 90, 150, 160])
    assert (state.count, state.phase) == (1, DOWN)


def test_the_oldest_track_is_forgotten_beyond_max_tracks():
    counter = RepCounter(SQUAT, max_tracks=2)
    counter.update(1, 170, 0.0)
    counter.update(2, 170, 1.0)
    counter.update(3, 170, 2.0)
    assert sorted(counter.tracks) == [2, 3]


def test_shipped_exercises_are_valid():
    exercises = load_exercises(EXERCISES_FILE)
    assert set(exercises) == {'squat', 'push_up', 'biceps_curl', 'jumping_jack', 'lunge'}
    assert exercises['squat'].angle == 'knee' and exercises['squat'].start == UP
    assert exercises['biceps_curl'].start == DOWN
    # Every shipped exercise says the posture it is done in.
    assert {name: e.torso_tilt for name, e in exercises.items()} == {
        'squat': (0.0, 45.0), 'push_up': (50.0, 130.0), 'biceps_curl': (0.0, 45.0),
        'jumping_jack': (0.0, 30.0), 'lunge': (0.0, 35.0)}


@pytest.mark.parametrize('spec, reason', [
    ({'angle': 'neck', 'up': 160, 'down': 100}, "angle 'neck' must be one of"),
    ({'angle': 'knee', 'up': 120, 'down': 120}, 'must differ'),
    ({'angle': 'knee', 'up': 200, 'down': 100}, '0 .. 180'),
    ({'angle': 'knee', 'up': '160', 'down': 100}, 'up must be a number'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'start': 'middle'}, "start must be 'up'"),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'min_rep_seconds': 5,
      'max_rep_seconds': 2}, 'min_rep_seconds < max_rep_seconds'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'speed': 1}, 'unknown keys speed'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'posture': [0, 45]},
     r'posture must be a mapping with torso_tilt: \[low, high\]'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'posture': {'torso': [0, 45]}},
     'unknown posture keys torso'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'posture': {'torso_tilt': 45}},
     r'torso_tilt must be \[low, high\] in degrees, not 45'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'posture': {'torso_tilt': [0, '45']}},
     'torso_tilt must be'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'posture': {'torso_tilt': [45, 0]}},
     r'0 <= low < high <= 180 \(0 upright, 90 horizontal\), got \[45, 0\]'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'posture': {'torso_tilt': [0, 200]}},
     '0 <= low < high <= 180'),
])
def test_invalid_exercises_are_refused_with_a_reason(spec, reason):
    with pytest.raises(ExerciseError, match=reason):
        exercise_from_dict('bad', spec)


def test_an_exercises_file_without_exercises_is_refused(tmp_path):
    path = tmp_path / 'empty.yaml'
    path.write_text('squat: {}\n')
    with pytest.raises(ExerciseError, match="no 'exercises' mapping"):
        load_exercises(path)
    with pytest.raises(ExerciseError, match='cannot read'):
        load_exercises(tmp_path / 'missing.yaml')


# Synthetic side views, both sides on the same points, in image pixels (y down), facing +x.
# Legs use 3-4-5 triangles: standing, hip (0, 100), knee (0, 200), ankle (0, 300), a knee
# of 180 degrees; bent, hip (0, 140), knee (60, 220), ankle (0, 300): knee to hip is
# (-60, -80) and knee to ankle (-60, 80), cos = (3600 - 6400) / 100^2 = -0.28, a knee of
# acos(-0.28) = 106.26 degrees, below the squat's 120. The torso runs from the hip to the
# shoulder: straight up is a tilt of 0; (60, -80) is atan(60 / 80) = 36.87 degrees;
# (80, -60) is atan(80 / 60) = 53.13; (100, 0) is 90, a stoop with the back horizontal.
STANDING = {'shoulder': (0, 0), 'hip': (0, 100), 'knee': (0, 200), 'ankle': (0, 300)}
BENT_LEGS = {'hip': (0, 140), 'knee': (60, 220), 'ankle': (0, 300)}
SQUAT_BOTTOM = dict(BENT_LEGS, shoulder=(60, 60))      # torso tilt 36.87
LEANING = dict(BENT_LEGS, shoulder=(80, 80))           # torso tilt 53.13
STOOP = dict(BENT_LEGS, shoulder=(100, 140))           # torso tilt 90
SHIPPED_SQUAT = Exercise('squat', 'knee', up=160.0, down=120.0, start=UP,
                         min_rep_seconds=0.6, torso_tilt=(0.0, 45.0))


def _keypoints(joints, score=0.9, hidden=()):
    """(17, 3) keypoints with both sides of each named joint at its point."""
    keypoints = np.zeros((17, 3))
    for joint, (x, y) in joints.items():
        for side in ('left', 'right'):
            if f'{side}_{joint}' not in hidden:
                keypoints[KEYPOINT_INDEX[f'{side}_{joint}']] = (x, y, score)
    return keypoints


def _feed_poses(counter, poses, step=0.2, track_id=0, start=0.0):
    """Feed keypoint arrays as the node does: knee angle and torso tilt of each."""
    state = None
    for i, keypoints in enumerate(poses):
        angles = joint_angles(keypoints[:, :2], keypoints[:, 2], 0.2)
        tilt = torso_tilt(keypoints[:, :2], keypoints[:, 2], 0.2)
        state = counter.update(track_id, select_angle(angles, counter.exercise.angle),
                               start + i * step, tilt)
    return state


def test_torso_tilt_of_hand_built_poses():
    def tilt(joints, **kwargs):
        keypoints = _keypoints(joints, **kwargs)
        return torso_tilt(keypoints[:, :2], keypoints[:, 2], 0.2)

    assert tilt(STANDING) == pytest.approx(0.0)
    assert tilt(SQUAT_BOTTOM) == pytest.approx(36.87, abs=0.01)
    assert tilt(LEANING) == pytest.approx(53.13, abs=0.01)
    assert tilt(STOOP) == pytest.approx(90.0)
    # Facing -x instead: the same tilt. Head down (shoulder below the hip): 180.
    assert tilt(dict(BENT_LEGS, shoulder=(-60, 60))) == pytest.approx(36.87, abs=0.01)
    assert tilt({'shoulder': (0, 200), 'hip': (0, 100)}) == pytest.approx(180.0)
    # One side hidden (seen from the side): the other side alone still measures it.
    assert tilt(SQUAT_BOTTOM, hidden=('right_shoulder', 'left_hip')) == pytest.approx(
        36.87, abs=0.01)
    # Left and right shoulders at (-40, 0) and (40, 0) over hips at (-30, 100) and (30, 100):
    # the midpoints are straight above each other, a tilt of 0.
    keypoints = _keypoints({})
    for name, point in (('left_shoulder', (40, 0)), ('right_shoulder', (-40, 0)),
                        ('left_hip', (30, 100)), ('right_hip', (-30, 100))):
        keypoints[KEYPOINT_INDEX[name]] = (*point, 0.9)
    assert torso_tilt(keypoints[:, :2], keypoints[:, 2], 0.2) == pytest.approx(0.0)
    # No shoulder (or no hip) seen, or seen too faintly: no tilt.
    assert tilt(SQUAT_BOTTOM, hidden=('left_shoulder', 'right_shoulder')) is None
    assert tilt(SQUAT_BOTTOM, score=0.1) is None


def test_a_squat_counts_and_a_stoop_with_the_same_knees_does_not():
    counter = RepCounter(SHIPPED_SQUAT)
    stand, bottom, stoop = (_keypoints(p) for p in (STANDING, SQUAT_BOTTOM, STOOP))
    # Squat: standing 0-0.2 s, bottom (knee 106.26, tilt 36.87) 0.4-0.8 s, up at 1.0 s.
    state = _feed_poses(counter, [stand, stand, bottom, bottom, bottom, stand])
    assert (state.count, state.rejected) == (1, 0)
    assert state.last_rep_seconds == pytest.approx(0.8)
    # Picking a weight off the floor: the same knees, the back horizontal (tilt 90).
    state = _feed_poses(counter, [stand, stoop, stoop, stoop, stand], start=2.0)
    assert (state.count, state.phase, state.rejected) == (1, UP, 1)
    assert state.last_rejected == ('torso tilt within 0-45 deg on only 0 of 3 samples in '
                                   'the down phase')
    assert state.last_rep_seconds == pytest.approx(0.8)  # still the squat's
    # And putting it down again: still one squat.
    state = _feed_poses(counter, [stand, stoop, stoop, stoop, stand], start=4.0)
    assert (state.count, state.rejected) == (1, 2)


def test_the_posture_must_hold_on_at_least_half_of_the_bottom():
    stand, bottom, lean = (_keypoints(p) for p in (STANDING, SQUAT_BOTTOM, LEANING))
    # Two of four bottom samples at 36.87 (in 0-45), two at 53.13: half held, counts.
    counter = RepCounter(SHIPPED_SQUAT)
    state = _feed_poses(counter, [stand, bottom, lean, lean, bottom, stand])
    assert (state.count, state.rejected) == (1, 0)
    # One of three: refused.
    counter = RepCounter(SHIPPED_SQUAT)
    state = _feed_poses(counter, [stand, lean, bottom, lean, stand])
    assert (state.count, state.rejected) == (0, 1)
    assert 'on only 1 of 3 samples' in state.last_rejected
    # A lean on the way down and up, knees between the thresholds, is not the bottom: hip
    # (-60, 120), knee (0, 200), ankle (0, 300) is a knee of acos(-0.8) = 143.13 degrees,
    # and the shoulder at (20, 60) a tilt of 53.13.
    half_down = _keypoints({'shoulder': (20, 60), 'hip': (-60, 120), 'knee': (0, 200),
                            'ankle': (0, 300)})
    counter = RepCounter(SHIPPED_SQUAT)
    state = _feed_poses(counter, [stand, half_down, bottom, bottom, half_down, stand])
    assert (state.count, state.rejected) == (1, 0)


def test_a_torso_never_seen_at_the_bottom_does_not_count():
    stand = _keypoints(STANDING)
    no_shoulders = _keypoints(SQUAT_BOTTOM, hidden=('left_shoulder', 'right_shoulder'))
    counter = RepCounter(SHIPPED_SQUAT)
    state = _feed_poses(counter, [stand, no_shoulders, no_shoulders, no_shoulders, stand])
    assert (state.count, state.rejected) == (0, 1)
    assert state.last_rejected == 'torso not visible in the down phase'
    # Samples without a torso are left out of the half: one seen, in posture, counts.
    bottom = _keypoints(SQUAT_BOTTOM)
    state = _feed_poses(counter, [stand, no_shoulders, bottom, no_shoulders, stand],
                        start=2.0)
    assert (state.count, state.rejected) == (1, 1)


def test_a_refused_turn_does_not_leak_into_the_next_repetition():
    stand, bottom, stoop = (_keypoints(p) for p in (STANDING, SQUAT_BOTTOM, STOOP))
    counter = RepCounter(SHIPPED_SQUAT)
    # Stoop, back up, then a squat: only the squat's own bottom samples are judged.
    state = _feed_poses(counter, [stand, stoop, stoop, stoop, stand, bottom, bottom, stand])
    assert (state.count, state.rejected) == (1, 1)
    # A gap abandons the turn in progress along with the repetition.
    counter = RepCounter(SHIPPED_SQUAT)
    _feed_poses(counter, [stand, stoop, stoop])
    state = _feed_poses(counter, [stand, bottom, bottom, stand], start=3.0)
    assert (state.count, state.rejected) == (1, 0)


def test_push_up_needs_a_body_near_horizontal():
    push_up = load_exercises(EXERCISES_FILE)['push_up']
    # Side view, facing +x: shoulder (0, 0) over the hands. Elbow at (0, 50), wrist at
    # (0, 100): 180 degrees. Bent: elbow (-40, 30), wrist (0, 60): shoulder-elbow (40, -30)
    # and wrist-elbow (40, 30) give cos = (1600 - 900) / 50^2 = 0.28, 73.74 degrees.
    # Body horizontal: hip at (-100, 0), tilt 90. Upright: hip at (0, 100), tilt 0.

    def pose(bent, hip):
        arm = {'elbow': (-40, 30), 'wrist': (0, 60)} if bent else {'elbow': (0, 50),
                                                                   'wrist': (0, 100)}
        return _keypoints(dict(arm, shoulder=(0, 0), hip=hip))

    for hip, expected in (((-100, 0), (1, 0)), ((0, 100), (0, 1))):
        counter = RepCounter(push_up)
        straight, bent = pose(False, hip), pose(True, hip)
        state = _feed_poses(counter, [straight, straight, bent, bent, straight])
        assert (state.count, state.rejected) == expected, hip


def test_an_exercise_without_posture_counts_in_any():
    stand, stoop = _keypoints(STANDING), _keypoints(STOOP)
    counter = RepCounter(SQUAT)  # no torso_tilt
    state = _feed_poses(counter, [stand, stoop, stoop, stoop, stand])
    assert (state.count, state.rejected) == (1, 0)
    assert exercise_from_dict('any', {'angle': 'knee', 'up': 160, 'down': 120}).torso_tilt \
        is None


def test_the_offline_analysis_applies_the_posture():
    analysis = PoseAnalysis.for_exercise(0.2, 'squat', EXERCISES_FILE)
    frames = [STANDING, STOOP, STOOP, STOOP, STANDING, SQUAT_BOTTOM, SQUAT_BOTTOM, STANDING]
    counts = []
    for i, joints in enumerate(frames):
        pose = SimpleNamespace(detected=True, track_id=-1, keypoints=_keypoints(joints))
        record = analysis.annotate({'poses': [{}]}, [pose], i * 0.2)
        counts.append(record['poses'][0]['reps']['count'])
    assert counts == [0, 0, 0, 0, 0, 0, 0, 1]
