# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The chaos soak's outputs: bench/soak.json ("chaos"), its docs section and the RSS plot.

The Markdown tables and the SVG plot (drawn by hand, no plotting library needed) are
made from the figures alone, so that --render can write them again from a saved run.
"""

import numpy as np

from .docs_section import replace_section, store_figures
from .processes import ROOT
from .soak_schedule import CAMERAS

MARK_BEGIN = '<!-- soak-chaos:begin -->'
MARK_END = '<!-- soak-chaos:end -->'


def write(figures):
    """Put the figures into bench/soak.json ("chaos"), docs/benchmarks.md and the RSS plot."""
    store_figures(ROOT / 'bench' / 'soak.json', 'chaos',
                  {k: v for k, v in figures.items() if k != 'logs'}, one_record_a_line=True)
    (ROOT / 'docs' / 'soak_rss.svg').write_text(rss_plot(figures['samples']))
    replace_section(ROOT / 'docs' / 'benchmarks.md', MARK_BEGIN, MARK_END, markdown(figures))


def _met(ok):
    return 'yes' if ok else '**no**'


def markdown(figures):
    """Write the docs section: what ran, the targets, the faults and the frames."""
    jpeg, raw = figures['jpeg'], figures['raw']
    slopes = [figures[n]['rss_slope_mb_per_hour'] for n in CAMERAS]
    gap = figures['targets']['diagnostics_longest_gap_s']
    slowest = figures['targets']['fault_answer_s_max']
    checks = figures['checks']
    lines = [
        MARK_BEGIN,
        f"## Faults survived for {figures['minutes']:.0f} minutes (make soak-chaos)",
        '',
        'Two managed nodes with the shipped params file, stock Fast DDS, each reading a '
        'camera in a process of its own: 1920x1080 offering raw and JPEG q95 (the node '
        'reads the JPEG), and 640x480 raw; both send 1 % malformed frames. Every minute: '
        'a lifecycle cycle, a camera killed with SIGKILL and restarted (every other time '
        'best effort), a camera restarted with stamps an hour back and then forward again, '
        'live parameters every 10 s (valid and invalid), viewers of the annotated image, '
        'image annotations and diagnostics attached and detached; every third minute '
        "use_sim_time on the raw camera's node with /clock reset to zero. Schedule and "
        'method: `bench/soak_chaos.py`.',
        '',
        '| target | 1080p JPEG node | 640x480 raw node | limit | met |',
        '|---|---|---|---|---|',
        '| RSS slope after the first 5 minutes, MB per hour (fitted to 10-minute means) | '
        + ' | '.join('—' if v is None else f'{v:+.1f}' for v in slopes)
        + ' | <= 1 | ' + _met(all(v is not None and abs(v) <= 1.0 for v in slopes)) + ' |',
        '| the same fitted to the minute marks | '
        + ' | '.join('—' if figures[n].get('rss_slope_at_minute_marks_mb_per_hour') is None
                     else f"{figures[n]['rss_slope_at_minute_marks_mb_per_hour']:+.1f}"
                     for n in CAMERAS) + ' | — | — |',
        '| RSS 10-minute means, MB | ' + ' | '.join(
            ', '.join(f'{v:.0f}' for v in figures[n]['rss_10_minute_means_mb']) or '—'
            for n in CAMERAS) + ' | — | — |',
        *memory_rows(figures),
        f"| RSS lowest -> highest over the run, MB | {jpeg['rss_min_mb']:.0f} -> "
        f"{jpeg['rss_max_mb']:.0f} | {raw['rss_min_mb']:.0f} -> {raw['rss_max_mb']:.0f} "
        '| — | — |',
        f"| open files, first -> last minute mark | {jpeg['files_start_end'][0]} -> "
        f"{jpeg['files_start_end'][1]} | {raw['files_start_end'][0]} -> "
        f"{raw['files_start_end'][1]} | flat | "
        + _met(checks['jpeg: open files flat'] and checks['raw: open files flat']) + ' |',
        f"| threads, first -> last minute mark | {jpeg['threads_start_end'][0]} -> "
        f"{jpeg['threads_start_end'][1]} | {raw['threads_start_end'][0]} -> "
        f"{raw['threads_start_end'][1]} | flat | "
        + _met(checks['jpeg: threads flat'] and checks['raw: threads flat']) + ' |',
        f"| slowest fault: seconds to the next pose | {jpeg['fault_answer_s_max']:.2f} | "
        f"{raw['fault_answer_s_max']:.2f} | <= 1 | {_met(slowest <= 1.0)} |",
        f"| faults never answered | {jpeg['faults_not_answered']} | "
        f"{raw['faults_not_answered']} | 0 | "
        + _met(not jpeg['faults_not_answered'] and not raw['faults_not_answered']) + ' |',
        f"| frames unaccounted for at the end | {jpeg['unaccounted_at_end']} | "
        f"{raw['unaccounted_at_end']} | 0 | "
        + _met(jpeg['unaccounted_at_end'] == 0 and raw['unaccounted_at_end'] == 0) + ' |',
        f"| tracebacks | {jpeg['tracebacks']} | {raw['tracebacks']} | 0 | "
        + _met(not jpeg['tracebacks'] and not raw['tracebacks']) + ' |',
        '| longest gap in /diagnostics at a subscriber, s | '
        f"{jpeg['diagnostics_longest_gap_s']:.2f} | "
        f"{raw['diagnostics_longest_gap_s']:.2f} | <= 2 | {_met(gap <= 2.0)} |",
        "| the node's own stamps across that gap, s | "
        + ' | '.join(f"{figures[n]['diagnostics_gap_by_stamp_s']:.2f}" for n in CAMERAS)
        + ' | — | — |',
        '',
        *held_back(figures),
        'Frame accounting (received = processed + skipped_busy + lost_in_transport + '
        'rejected + failed), at the end:',
        '',
        '| node | received | processed | skipped_busy | lost_in_transport | rejected | failed |',
        '|---|---|---|---|---|---|---|',
    ]
    for name in CAMERAS:
        c = figures[name]['final_counts'] or {}
        lines.append(f'| {name} | ' + ' | '.join(str(c.get(k, '—')) for k in (
            'received', 'processed', 'skipped_busy', 'lost_in_transport', 'rejected',
            'failed')) + ' |')
    lines += ['', 'Seconds from the camera publishing again (or the call returning) to the '
              'next pose, by fault:', '',
              '| fault | count | median | slowest |', '|---|---|---|---|']
    kinds = {}
    for fault in figures['faults']:
        kinds.setdefault(fault['fault'], []).append(fault['seconds'])
    for kind, values in kinds.items():
        answered = [v for v in values if v is not None]
        lines.append(f'| {kind} | {len(values)} | '
                     f'{np.median(answered):.3f} | {max(answered):.3f} |' if answered else
                     f'| {kind} | {len(values)} | — | — |')
    lines += ['', 'Frames answered per minute (processed / (received - rejected)), split by '
              "the camera's reliability during the minute:", '',
              '| node | camera | minutes | lowest | median | skipped while busy | lost in '
              'transport |', '|---|---|---|---|---|---|---|']
    for name in CAMERAS:
        best_effort = best_effort_minutes(figures['faults'], name, figures['minutes'])
        for label, wanted in (('reliable', False), ('best effort at some point', True)):
            rows = [r for r in figures[name]['minutes'] if (r[0] in best_effort) == wanted]
            if not rows:
                continue
            shares = [r[2] / max(1, r[1] - r[5]) for r in rows]
            lines.append(f'| {name} | {label} | {len(rows)} | {min(shares):.1%} | '
                         f'{float(np.median(shares)):.1%} | {sum(r[3] for r in rows)} | '
                         f'{sum(r[4] for r in rows)} |')
    lines += ['', '![RSS of both nodes over the run](soak_rss.svg)', '', MARK_END]
    return '\n'.join(lines)


def memory_rows(figures):
    """Table rows of RSS's parts and of what the nodes said of their memory, where known."""
    rows = []
    for part, label in (('anon_mb', 'private'), ('file_mb', 'mapped files'),
                        ('shmem_mb', 'shared memory')):
        if all(f'{part}_10_minute_means' in figures[n] for n in CAMERAS):
            rows.append(f'| RSS {label}, MB, 10-minute means | ' + ' | '.join(
                ', '.join(f'{v:.1f}' for v in figures[n][f'{part}_10_minute_means']) or '—'
                for n in CAMERAS) + ' | — | — |')
    if not all('heap_in_use_mb_slope_per_hour' in figures[n] for n in CAMERAS):
        return rows

    def row(label, key, means_format, slope_format):
        means = ' | '.join(', '.join(format(v, means_format)
                                     for v in figures[n][f'{key}_10_minute_means']) or '—'
                           for n in CAMERAS)
        slopes = ' | '.join('—' if figures[n][f'{key}_slope_per_hour'] is None
                            else format(figures[n][f'{key}_slope_per_hour'], slope_format)
                            for n in CAMERAS)
        return [f'| {label}, 10-minute means | {means} | — | — |',
                f'| {label}, slope per hour | {slopes} | — | — |']

    return rows + (
        row("C heap in use (node's /diagnostics), MB", 'heap_in_use_mb', '.1f', '+.1f')
        + row('C heap kept free, MB', 'heap_free_mb', '.0f', '+.1f')
        + row('Python blocks', 'python_blocks', '.0f', '+.0f'))


def held_back(figures):
    """Describe the /diagnostics messages delivered late, if any were, in a paragraph."""
    held = {n: figures[n].get('diagnostics_late') or [] for n in CAMERAS}
    if not any(held.values()):
        return []
    text = ['/diagnostics messages held back on their way (delivered over 1 s after the '
            'node stamped them; messages that came together count once).']
    for name in CAMERAS:
        groups = held[name]
        if not groups:
            text.append(f'{name}: none;')
            continue
        running = [g['viewer_running_s'] for g in groups if g['viewer_running_s'] is not None]
        gaps = [g['pose_gap_s'] for g in groups if g['pose_gap_s'] is not None]
        text.append(
            f"{name}: {len(groups)} times, up to {max(g['held_s'] for g in groups):.2f} s "
            f"({sum(g['messages'] for g in groups)} messages); "
            f'{len(running)} of them began while a viewer process ran'
            + (f' ({min(running):.0f} to {max(running):.0f} s after it started)'
               if running else '')
            + (f"; the node's poses meanwhile came at most {max(gaps):.2f} s apart;"
               if gaps else '; no pose came meanwhile;'))
    return [' '.join(text).rstrip(';') + '.', '']


def best_effort_minutes(faults, name, minutes):
    """Minutes during which camera ``name`` published best effort (it restarts so on a kill)."""
    changes = sorted((f['t'], f['detail'].endswith('best_effort')) for f in faults
                     if f['fault'] == 'kill' and f['camera'] == name)
    spans, since = [], None
    for t, best in changes + [(60.0 * minutes, False)]:
        if since is not None:
            spans.append((since, t))
        since = t if best else None
    return {m for m in range(int(minutes)) for start, end in spans
            if start < 60.0 * (m + 1) and end > 60.0 * m}


def rss_plot(samples):
    """Plot both nodes' RSS against minutes as SVG (no plotting library needed)."""
    width, height, left, bottom, top, right = 640, 260, 50, 30, 10, 110
    ts = [s['t'] / 60.0 for s in samples]
    values = [s[n]['rss_mb'] for s in samples for n in CAMERAS]
    low = 10 * int(min(values) // 10)
    high = 10 * int(max(values) // 10 + 1)
    span_t = max(ts) or 1.0

    def x(t):
        return left + (width - left - right) * t / span_t

    def y(v):
        return top + (height - top - bottom) * (1 - (v - low) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             'font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    for v in range(low, high + 1, max(10, 10 * ((high - low) // 50))):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" '
                     f'y2="{y(v):.1f}" stroke="#ddd"/><text x="{left - 5}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{v}</text>')
    step = 5 if span_t > 10 else 1
    for m in range(0, int(span_t) + 1, step):
        parts.append(f'<text x="{x(m):.1f}" y="{height - bottom + 15}" '
                     f'text-anchor="middle">{m}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 3}" '
                 'text-anchor="middle">minutes</text>')
    parts.append(f'<text x="12" y="{top + 10}" >MB</text>')
    for (name, colour), row in zip((('jpeg', '#d62728'), ('raw', '#1f77b4')), range(2)):
        points = ' '.join(f'{x(t):.1f},{y(s[name]["rss_mb"]):.1f}'
                          for t, s in zip(ts, samples))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" '
                     f'points="{points}"/>')
        label = '1080p JPEG node' if name == 'jpeg' else '640x480 raw node'
        parts.append(f'<text x="{width - right + 8}" y="{top + 15 + 16 * row}" '
                     f'fill="{colour}">{label}</text>')
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'
