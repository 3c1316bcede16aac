# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the chaos soak's records say: faults answered, frames accounted, memory and leaks.

Kept apart from the run so that a saved run (figures.json) can be read again with a
changed analysis (soak_chaos.py --render) without running the hour again.
"""

import json
from pathlib import Path

import numpy as np

from .soak_schedule import CAMERAS, IN_FLIGHT, sim_time_spans, viewer_spans


def accounting(diagnostics):
    """
    Frames unaccounted for in the /diagnostics messages of one node.

    Returns ((fewest, most) over all messages, (unaccounted, counts) of the last one).
    """
    low = high = 0
    last = None
    for _, values in diagnostics:
        if 'received' not in values:
            continue
        ends = sum(int(values[k]) for k in ('processed', 'skipped_busy', 'lost_in_transport',
                                            'rejected', 'failed'))
        missing = int(values['received']) - ends
        low, high = min(low, missing), max(high, missing)
        last = (missing, {k: int(values[k]) for k in (
            'received', 'processed', 'skipped_busy', 'lost_in_transport', 'rejected',
            'failed', 'jpeg_warnings')})
    return (low, high), last


def late_deliveries(arrivals, poses, viewers, sim_time=(), late=1.0):
    """
    Find the /diagnostics messages that came over ``late`` s after the node stamped them.

    ``arrivals`` are (seconds into the run, the node's stamp) per message and ``poses``
    the same node's pose arrivals. Arrival and stamp are on different clocks: the lowest
    tenth of their differences is taken as the usual transit. Messages that arrive in a
    ``sim_time`` span are left out: their stamps come from /clock. Messages held back
    together (arriving within 0.1 s) count once, with the longest hold, how long the
    viewer process (one of ``viewers``, (start, stop) spans) had run when the hold began,
    and the longest gap between the node's poses while they were held.
    """
    if len(arrivals) < 10:
        return []
    transit = sorted(a - s for a, s in arrivals)[len(arrivals) // 10]
    groups = []
    for arrival, stamp in arrivals:
        held = arrival - stamp - transit
        if not held > late or any(a <= arrival <= b for a, b in sim_time):
            continue
        if groups and arrival - groups[-1]['at_s'] < 0.1:
            groups[-1]['held_s'] = round(max(groups[-1]['held_s'], held), 2)
            groups[-1]['messages'] += 1
            continue
        began = arrival - held
        viewer = [a for a, b in viewers if a <= began <= b]
        during = [t for t in poses if began <= t <= arrival]
        groups.append({
            'at_s': arrival, 'held_s': round(held, 2), 'messages': 1,
            'viewer_running_s': round(began - viewer[0], 1) if viewer else None,
            'pose_gap_s': round(float(np.diff(during).max()), 2) if len(during) > 1 else None})
    return groups


def rss_slope(samples, name):
    """Least-squares RSS slope of ``samples`` in MB per hour (None for fewer than 3)."""
    if len(samples) < 3:
        return None
    t = np.array([s['t'] for s in samples]) / 3600.0
    return float(np.polyfit(t, [s[name]['rss_mb'] for s in samples], 1)[0])


#: The process's memory as each node reports it on /diagnostics.
MEMORY_KEYS = ('rss_mb', 'heap_in_use_mb', 'heap_free_mb', 'python_blocks')


def memory_figures(diagnostics, began):
    """
    Read the node's own memory figures off its /diagnostics, to tell growth from kept memory.

    RSS holds freed frames the allocator keeps; the C heap in use and Python's blocks do
    not. Each figure gets 10-minute means after the first 5 minutes and their slope per
    hour; the last figures before each minute mark (same state each time) are kept too.
    """
    rows = [[t - began] + [float(values[k]) for k in MEMORY_KEYS]
            for t, values in diagnostics if all(k in values for k in MEMORY_KEYS)]
    if not rows:
        return {}
    table = np.array(rows)
    t = table[:, 0]
    means = [table[(t >= start) & (t < start + 600)].mean(axis=0)
             for start in range(300, int(t[-1]) - 599, 600)]
    figures = {'memory_at_minute_marks': [
        [minute] + [round(float(v), 1) for v in table[t < 60.0 * minute][-1, 1:]]
        for minute in range(1, int(t[-1] // 60) + 1) if (t < 60.0 * minute).any()]}
    for column, key in enumerate(MEMORY_KEYS, 1):
        figures[f'{key}_10_minute_means'] = [round(float(m[column]), 1) for m in means]
        figures[f'{key}_slope_per_hour'] = (
            float(np.polyfit([m[0] / 3600.0 for m in means], [m[column] for m in means],
                             1)[0]) if len(means) >= 3 else None)
    return figures


def per_minute(diagnostics, began):
    """Frames received, processed, skipped, lost and rejected in each minute of the run."""
    keys = ('received', 'processed', 'skipped_busy', 'lost_in_transport', 'rejected')
    rows, previous, minute = [], None, 0
    for t, values in diagnostics:
        if 'received' not in values:
            continue
        counts = {k: int(values[k]) for k in keys}
        if previous is None:
            previous = counts
        while t - began >= 60.0 * (minute + 1):
            rows.append([minute] + [counts[k] - previous[k] for k in keys])
            previous, minute = counts, minute + 1
    return rows


def figures_of_run(args, faults, samples, parameters, problems, diagnostics, outputs,
                   exit_codes, cameras, log_dir, began, poses):
    """Return the run's figures and checks from what run() recorded (logs into ``log_dir``)."""
    figures = {'minutes': args.minutes, 'cameras': {
        name: {'size': CAMERAS[name][0], 'transport': CAMERAS[name][1]} for name in CAMERAS}}
    checks = {}
    for name in CAMERAS:
        times = [t for t, _ in diagnostics[name]]
        # Every arrival beside the node's stamp, to tell a late delivery from a late beat.
        arrivals = [(round(t - began, 3), values['_stamp']) for t, values in diagnostics[name]]
        (Path(log_dir) / f'diagnostics_{name}.jsonl').write_text(
            ''.join(json.dumps(a) + '\n' for a in arrivals))
        gaps = np.diff(times) if len(times) > 1 else np.zeros(1)
        widest = int(np.argmax(gaps))
        span, last = accounting(diagnostics[name])
        mine = [f['seconds'] for f in faults if f['camera'] == name]
        output = outputs[name]
        figures[name] = {
            'faults': len(mine),
            'fault_answer_s_max': max((s for s in mine if s is not None), default=None),
            'fault_answer_s_p50': (float(np.median([s for s in mine if s is not None]))
                                   if any(s is not None for s in mine) else None),
            'faults_not_answered': sum(s is None for s in mine),
            'unaccounted_in_flight': list(span),
            'final_counts': last[1] if last else None,
            'unaccounted_at_end': last[0] if last else None,
            'diagnostics_longest_gap_s': float(gaps.max()),
            'diagnostics_longest_gap_at_s': (round(times[widest] - began, 1)
                                             if len(times) > 1 else None),
            # The same gap by the stamps the node put on its messages: a gap here is the
            # node's, one only in arrival times is the way to this process.
            'diagnostics_gap_by_stamp_s': (round(diagnostics[name][widest + 1][1]['_stamp']
                                                 - diagnostics[name][widest][1]['_stamp'], 3)
                                           if len(times) > 1 else None),
            'minutes': per_minute(diagnostics[name], began),
            'diagnostics_late': late_deliveries(arrivals, poses[name],
                                                viewer_spans(args.minutes),
                                                sim_time_spans(args.minutes, name)),
            'tracebacks': output.count('Traceback'),
            'exit_code': exit_codes[name],
            'summary': next((line for line in reversed(output.splitlines())
                             if 'processed' in line and 'received' in line), ''),
            'frames_sent': cameras[name].sent_total,
            **memory_figures(diagnostics[name], began),
        }
        f = figures[name]
        checks[f'{name}: every fault answered'] = f['faults_not_answered'] == 0
        checks[f'{name}: accounting exact at the end'] = f['unaccounted_at_end'] == 0
        checks[f'{name}: accounting within the frames in flight'] = (
            0 <= f['unaccounted_in_flight'][0] and f['unaccounted_in_flight'][1] <= IN_FLIGHT)
        checks[f'{name}: no traceback'] = f['tracebacks'] == 0
        checks[f'{name}: exit code 0'] = f['exit_code'] == 0
    checks['every parameter answered as expected'] = not [
        p for p in parameters if p['answered'] is not p['expected']]
    checks['no step of the schedule failed'] = not problems
    figures['checks'] = checks
    figures['problems'] = problems
    figures['faults'] = faults
    figures['parameters'] = parameters
    figures['samples'] = samples
    figures['logs'] = log_dir
    return from_samples(figures)


def from_samples(figures):
    """
    Add what the RSS, files and threads samples tell, and the targets, to ``figures``.

    Files, threads and the RSS slope are read at the minute marks (just before each
    minute's lifecycle cycle, no viewer attached), where the state is the same every
    time; in between, RSS follows the viewers and the cycles. The first JPEG decode
    opens two files for good (the fd-2 capture and its fault file).
    """
    samples, checks = figures['samples'], figures['checks']
    for index, name in enumerate(CAMERAS):
        marks = [s for s in samples if s['label'].startswith('minute')] or samples
        later = [s for s in marks if s['t'] >= 300]
        # RSS swings by tens of MB with the viewers and the cycles (the allocator keeps
        # freed frame buffers): the slope is fitted to 10-minute means after the first 5
        # minutes; the minute marks and 3 s after each of the node's own cycles (+2 s of
        # its minutes, when free pages were just handed back) are kept beside it.
        trimmed = [s for s in samples if s['t'] >= 300 and 4.0 <= s['t'] % 60 <= 6.5
                   and int(s['t'] // 60) % 2 == index]
        windows = [[s for s in samples if start <= s['t'] < start + 600]
                   for start in range(300, int(samples[-1]['t']) - 599, 600)]
        means = [{'t': float(np.mean([s['t'] for s in w])),
                  name: {'rss_mb': float(np.mean([s[name]['rss_mb'] for s in w]))}}
                 for w in windows if w]
        parts = {f'{part}_10_minute_means': [
            round(float(np.mean([s[name][part] for s in w])), 1) for w in windows if w]
            for part in ('anon_mb', 'file_mb', 'shmem_mb') if part in samples[0][name]}
        figures[name].update({
            **parts,
            'rss_10_minute_means_mb': [round(m[name]['rss_mb'], 1) for m in means],
            'rss_slope_mb_per_hour': rss_slope(means, name),
            'rss_start_mb': samples[0][name]['rss_mb'],
            'rss_end_mb': samples[-1][name]['rss_mb'],
            'rss_min_mb': min(s[name]['rss_mb'] for s in samples),
            'rss_max_mb': max(s[name]['rss_mb'] for s in samples),
            'rss_after_5_min_mb': later[0][name]['rss_mb'] if later else None,
            'rss_slope_at_minute_marks_mb_per_hour': rss_slope(later, name),
            'rss_after_cycle_mb': [s[name]['rss_mb'] for s in trimmed],
            'rss_slope_after_cycle_mb_per_hour': rss_slope(trimmed, name),
            'files_start_end': [marks[0][name]['files'], marks[-1][name]['files']],
            'threads_start_end': [marks[0][name]['threads'], marks[-1][name]['threads']],
            # Descriptors open at a minute mark but not at the first, or the reverse.
            'files_changed_at_marks': [
                [s['label'], s[name]['files_opened'], s[name]['files_closed']]
                for s in marks if 'files_opened' in s[name]]})
        checks[f'{name}: open files flat'] = _flat([s[name]['files'] for s in marks])
        checks[f'{name}: threads flat'] = _flat([s[name]['threads'] for s in marks])
    slopes = [figures[n]['rss_slope_mb_per_hour'] for n in CAMERAS]
    figures['targets'] = {
        'rss_growth_mb_per_hour_max': max((abs(v) for v in slopes if v is not None),
                                          default=None),
        'fault_answer_s_max': max((figures[n]['fault_answer_s_max'] or 0) for n in CAMERAS),
        'diagnostics_longest_gap_s': max(figures[n]['diagnostics_longest_gap_s']
                                         for n in CAMERAS)}
    return figures


def _flat(values):
    """
    Minute-boundary samples (same state each time) end no higher than they began.

    The last two count, not the last alone: the node holds a descriptor for a while now
    and then, and one such moment at the last mark is no leak; a leak stays.
    """
    return len(values) < 2 or min(values[-2:]) <= max(values[:2])
