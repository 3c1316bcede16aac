# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The repetition counter on synthetic angle sequences, and the shipped exercises file."""

from pathlib import Path

from movenet_ros.controllers.reps import (DOWN, Exercise, exercise_from_dict, ExerciseError,
                                          load_exercises, RepCounter, UP)
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


@pytest.mark.parametrize('spec, reason', [
    ({'angle': 'neck', 'up': 160, 'down': 100}, "angle 'neck' must be one of"),
    ({'angle': 'knee', 'up': 120, 'down': 120}, 'must differ'),
    ({'angle': 'knee', 'up': 200, 'down': 100}, '0 .. 180'),
    ({'angle': 'knee', 'up': '160', 'down': 100}, 'up must be a number'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'start': 'middle'}, "start must be 'up'"),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'min_rep_seconds': 5,
      'max_rep_seconds': 2}, 'min_rep_seconds < max_rep_seconds'),
    ({'angle': 'knee', 'up': 160, 'down': 100, 'speed': 1}, 'unknown keys speed'),
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
