# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The chaos soak's plan: its two cameras, its live parameters and its minute of faults.

The orchestrator (soak_chaos.py) follows it, and the analysis reads it again to know when
viewers ran and when a node stamped from /clock; one copy keeps the two in step.
"""

#: Frames that may be in a node between arrival and their end: one pending, one in work.
IN_FLIGHT = 2
#: How long a fault may go unanswered before it counts as not resumed at all.
RESUME_LIMIT = 30.0

#: name -> (camera size, camera transport)
CAMERAS = {'jpeg': ('1920x1080', 'both'), 'raw': ('640x480', 'raw')}

#: Live parameters, set in turn every 10 s: (name, value, accepted?).
PARAMETER_SETS = [
    ('min_pose_score', 0.2, True),
    ('min_pose_score', 1.5, False),         # out of range
    ('enable_cropping', False, True),
    ('smoothing_min_cutoff', 0.0, False),   # out of range
    ('enable_cropping', True, True),
    ('min_pose_score', 'high', False),      # wrong type
    ('smoothing_beta', 2.0, True),
    ('tracker_type', 'nearest', False),     # not one of the trackers
    ('min_pose_score', 0.25, True),
    ('smoothing_beta', 0.0, True),
]


def schedule(minutes):
    """
    (seconds, action, target, detail) of the whole run, in time order.

    One minute's pattern, with the targets swapped every other minute: the raw camera's
    node carries the /clock phase every third minute.
    """
    events = []
    for m in range(int(minutes)):
        t0 = 60.0 * m
        a, b = ('jpeg', 'raw') if m % 2 == 0 else ('raw', 'jpeg')
        events.append((t0 + 2, 'lifecycle', a, 'deactivate, cleanup, configure, activate'))
        events.append((t0 + 7, 'attach', None, 'subscribers attached'))
        events.append((t0 + 12, 'kill', b, 'best_effort' if m % 4 >= 2 else 'reliable'))
        events.append((t0 + 22, 'detach', None, 'subscribers detached'))
        events.append((t0 + 27, 'stamps', a, -3600.0))
        events.append((t0 + 37, 'attach', None, 'subscribers attached'))
        events.append((t0 + 42, 'stamps', a, 0.0))
        if m % 3 == 2:
            events.append((t0 + 46, 'sim_time', 'raw', 'on'))
            events.append((t0 + 50, 'clock_reset', 'raw', 'clock back to zero'))
            events.append((t0 + 54, 'sim_time', 'raw', 'off'))
        events.append((t0 + 57, 'detach', None, 'subscribers detached'))
        for k, offset in enumerate((5, 15, 25, 35, 45, 55)):
            index = (6 * m + k) % len(PARAMETER_SETS)
            events.append((t0 + offset, 'parameter', (a, b)[k % 2], PARAMETER_SETS[index]))
    return sorted(events, key=lambda e: e[0])


def viewer_spans(minutes):
    """(start, stop) in seconds into the run of every viewer process."""
    spans = []
    for at, action, _, _ in schedule(minutes):
        if action == 'attach':
            spans.append([at, 60.0 * minutes])
        elif action == 'detach' and spans:
            spans[-1][1] = at
    return spans


def sim_time_spans(minutes, name):
    """(start, stop) in seconds into the run while node ``name`` stamps from /clock."""
    spans = []
    for at, action, target, detail in schedule(minutes):
        if action == 'sim_time' and target == name:
            if detail == 'on':
                spans.append([at, 60.0 * minutes])
            elif spans:
                spans[-1][1] = at + 1.0
    return spans
