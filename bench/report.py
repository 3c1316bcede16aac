# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""make bench's report: the headline figures, docs/benchmarks.md and the latency plot."""

import os
import platform

import cv2
import numpy as np


def headline_figures(raw, pipelines, node_results, transport, peak_rss):
    """The figures results.json and the report quote, from one run's measurements."""
    raw_fps = raw['lightning_2t']['fps']
    return {
        'raw_fps_1t': raw['lightning_1t']['fps'], 'raw_fps_2t': raw_fps,
        'invoke_ms_1t': raw['lightning_1t']['invoke_ms'],
        'invoke_ms_2t': raw['lightning_2t']['invoke_ms'],
        'invoke_ms_1t_at_30fps': raw['lightning at 30 fps_1t']['invoke_ms'],
        'invoke_ms_2t_at_30fps': raw['lightning at 30 fps_2t']['invoke_ms'],
        'thunder_raw_fps_1t': raw['thunder_1t']['fps'],
        'thunder_raw_fps_2t': raw['thunder_2t']['fps'],
        'pipeline_ms_576': pipelines['pose_1 576x576']['total'],
        'pipeline_ms_640': pipelines['640x480']['total'],
        'pipeline_ms_1080': pipelines['1920x1080']['total'],
        'pipeline_overhead_ms_640': pipelines['640x480']['overhead_ms'],
        'pipeline_overhead_ms_1080': pipelines['1920x1080']['overhead_ms'],
        'node_fps_640': node_results['640_overload']['processed_fps'],
        'node_fps_1080': node_results['1080_overload']['processed_fps'],
        'node_ratio_640': node_results['640_overload']['processed_fps'] / raw_fps,
        'node_ratio_1080': node_results['1080_overload']['processed_fps'] / raw_fps,
        # Stamp to publish, as the node measures it (the definition) ...
        'latency_p50_ms_640': node_results['640_30']['node_latency_ms_p50'],
        'latency_p99_ms_640': node_results['640_30']['node_latency_ms_p99'],
        'latency_p50_ms_1080': node_results['1080_30']['node_latency_ms_p50'],
        'latency_p99_ms_1080': node_results['1080_30']['node_latency_ms_p99'],
        'overload_latency_p99_ms_640': node_results['640_overload']['node_latency_ms_p99'],
        'overload_latency_p99_ms_1080': node_results['1080_overload']['node_latency_ms_p99'],
        # ... and to the arrival of the answer at a subscriber in another process.
        'received_latency_p50_ms_640': node_results['640_30']['latency_p50_ms'],
        'received_latency_p99_ms_640': node_results['640_30']['latency_p99_ms'],
        'received_latency_p50_ms_1080': node_results['1080_30']['latency_p50_ms'],
        'received_latency_p99_ms_1080': node_results['1080_30']['latency_p99_ms'],
        'overload_received_latency_p99_ms_640': node_results['640_overload']['latency_p99_ms'],
        'overload_received_latency_p99_ms_1080':
            node_results['1080_overload']['latency_p99_ms'],
        'overload_node_invoke_ms_640': node_results['640_overload']['node_inference_ms_p50'],
        'overload_node_invoke_ms_1080': node_results['1080_overload']['node_inference_ms_p50'],
        'node_fps_640_at_capacity': node_results['640_capacity']['processed_fps'],
        'node_ratio_640_at_capacity': node_results['640_capacity']['processed_fps'] / raw_fps,
        'node_ratio_1080_at_capacity':
            node_results['1080_capacity']['processed_fps'] / raw_fps,
        'transport_floor_p50_ms_640': transport['640_30']['latency_p50_ms'],
        'transport_floor_p50_ms_1080': transport['1080_30']['latency_p50_ms'],
        'rss_mb': peak_rss['peak'],
        'rss_shmem_mb_at_end': peak_rss['shmem'],
        'rss_anon_mb_at_end': peak_rss['anon'],
        'raw': raw, 'pipeline': pipelines,
        'node': {k: {kk: vv for kk, vv in v.items() if kk != 'latencies_ms'}
                 for k, v in node_results.items()},
        'transport': {k: {kk: vv for kk, vv in v.items() if kk != 'latencies_ms'}
                      for k, v in transport.items()},
    }


def latency_plot(node_results, path):
    """Latency CDFs drawn with OpenCV (no plotting library needed)."""
    width, height, margin = 900, 520, 70
    canvas = np.full((height, width, 3), 255, np.uint8)
    top = max(max(r['latencies_ms'] or [1.0]) for r in node_results.values())
    top = float(np.ceil(top / 10.0) * 10.0)
    colors = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
              (140, 86, 75)]

    def point(ms, fraction):
        x = margin + (width - 2 * margin) * ms / top
        y = height - margin - (height - 2 * margin) * fraction
        return int(x), int(y)

    cv2.rectangle(canvas, point(0, 0), point(top, 1), (0, 0, 0), 1)
    for tick in np.linspace(0, top, 6):
        x, y = point(tick, 0)
        cv2.putText(canvas, f'{tick:.0f}', (x - 10, y + 20), cv2.FONT_HERSHEY_SIMPLEX, 0.45,
                    (0, 0, 0), 1, cv2.LINE_AA)
    for fraction in (0.5, 0.95, 0.99):
        x, y = point(0, fraction)
        cv2.line(canvas, (x, y), point(top, fraction), (200, 200, 200), 1)
        cv2.putText(canvas, f'p{fraction * 100:g}', (8, y + 5), cv2.FONT_HERSHEY_SIMPLEX,
                    0.45, (0, 0, 0), 1, cv2.LINE_AA)
    for i, (name, result) in enumerate(node_results.items()):
        values = np.sort(result['latencies_ms'])
        if not len(values):
            continue
        color = colors[i % len(colors)]
        points = np.array([point(v, (k + 1) / len(values)) for k, v in enumerate(values)],
                          np.int32)
        cv2.polylines(canvas, [points], False, color[::-1], 2, cv2.LINE_AA)
        cv2.putText(canvas, name, (width - margin - 190, margin + 22 * i + 20),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.5, color[::-1], 1, cv2.LINE_AA)
    cv2.putText(canvas, 'stamp -> /pose/keypoints received, ms (cumulative fraction)',
                (margin, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (0, 0, 0), 1, cv2.LINE_AA)
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), canvas)


def report(results, pipelines, node_results, transport, raw, node_summary):
    lines = [
        '# Benchmarks',
        '',
        'Written by `make bench` (`bench/run_bench.py`); raw figures in `bench/results.json`.',
        f'Machine: {platform.machine()}, {os.cpu_count()} cores, Python '
        f'{platform.python_version()}; model: Lightning int8, 2 threads unless stated.',
        'Everything below comes from one run, so ratios compare like with like.',
        '',
        '## Raw interpreter (median invoke)',
        '',
        '| model | threads | invoke ms | invokes/s |',
        '|---|---|---|---|',
    ]
    for key, value in raw.items():
        model, threads = key.rsplit('_', 1)
        lines.append(f"| {model} | {threads[:-1]} | {value['invoke_ms']:.2f} | "
                     f"{value['fps']:.1f} |")
    blocks = ', '.join(f"{t} thread{'s' if t > 1 else ''}: " + ' / '.join(
        f'{ms:.2f}' for ms in raw[f'lightning_{t}t']['blocks_invoke_ms']) for t in (1, 2))
    lines += ['', 'Lightning back to back is the best of three blocks of invokes, at the start,',
              'after the pipeline figures and after the node figures (ms: ' + blocks + ').',
              'The speed of this machine drifts over seconds; the best block is what the',
              'interpreter can do, so ratios against it are on the safe side.']
    lines += ['', '## Core pipeline per frame (median ms by stage, smoothing on)', '',
              '| frames | conversion | crop+resize | invoke | decode | smoothing | message | '
              'total | overhead over invoke |', '|---|---|---|---|---|---|---|---|---|']
    for name, p in pipelines.items():
        lines.append(f"| {name} | {p['conversion']:.3f} | {p['crop_resize']:.3f} | "
                     f"{p['invoke']:.3f} | {p['decode']:.3f} | {p['smoothing']:.3f} | "
                     f"{p['message']:.3f} | {p['total']:.3f} | {p['overhead_ms']:.3f} |")
    lines += ['', '## Node end to end (own process, real DDS, rgb8 frames)', '',
              'Rates: 30 and 60 fps, the pipeline\'s capacity (1 / pipeline time) and 4x it.',
              'The first rows are the transport floor: an echo node that answers each image',
              'with its header and runs no model. "Published" latency is the node\'s own',
              'stamp-to-publish time (its diagnostics, last 300 frames); "received" adds the',
              'trip of the answer back to this process.', '',
              '| frames | scenario | sent fps | processed fps | not processed | '
              'published p50 / p95 / p99 ms | received p50 / p95 / p99 ms | node invoke ms | '
              'node CPU % | publisher CPU % | node RSS MB |',
              '|---|---|---|---|---|---|---|---|---|---|---|']
    rows = [(f'{k} echo', 'transport floor', r) for k, r in transport.items()]
    rows += [(k, k.split('_', 1)[1], r) for k, r in node_results.items()]
    for name, scenario, r in rows:
        label = f"{scenario} ({r['target_fps']:.0f} fps)" if scenario != 'transport floor' \
            else 'transport floor (30 fps)'
        published = invoke = '-'
        if 'node_latency_ms_p50' in r:
            published = (f"{r['node_latency_ms_p50']:.1f} / {r['node_latency_ms_p95']:.1f} / "
                         f"{r['node_latency_ms_p99']:.1f}")
            invoke = f"{r['node_inference_ms_p50']:.2f}"
        lines.append(f"| {name.split('_')[0]} | {label} | {r['sent_fps']:.1f} | "
                     f"{r['processed_fps']:.1f} | {r['not_processed']} | {published} | "
                     f"{r['latency_p50_ms']:.1f} / {r['latency_p95_ms']:.1f} / "
                     f"{r['latency_p99_ms']:.1f} | {invoke} | {r['cpu_percent']:.0f} | "
                     f"{r['publisher_cpu_percent']:.0f} | {r['rss_mb']:.0f} |")
    lines += ['', '![latency](benchmarks_latency.png)', '', '## Ratios against floors', '',
              'Figures of this run, each against the floor it is measured from. They are',
              'not targets: the targets the project works to are in the large-frames',
              'section (make bench-stock), with whether each is met.', '',
              '| figure | value | floor |', '|---|---|---|']
    figures = [
        ('node_ratio_640: node fps under overload / raw interpreter fps', 'node_ratio_640',
         'bare interpreter, 2 threads, back to back'),
        ('node_ratio_1080', 'node_ratio_1080', 'bare interpreter'),
        ('node_ratio_640 at capacity (publishing at 1 / pipeline time)',
         'node_ratio_640_at_capacity', 'bare interpreter'),
        ('node_ratio_1080 at capacity', 'node_ratio_1080_at_capacity', 'bare interpreter'),
        ('pipeline overhead over invoke at 640x480, ms', 'pipeline_overhead_ms_640',
         'invoke inside the same pipeline'),
        ('transport floor p50 at 640x480 (echo, no model), ms', 'transport_floor_p50_ms_640',
         ''),
        ('transport floor p50 at 1920x1080, ms', 'transport_floor_p50_ms_1080', ''),
        ('latency p50 at 30 fps, 640x480, stamp to publish, ms', 'latency_p50_ms_640',
         'transport floor p50 + invoke at a 30 fps pace'),
        ('the same, stamp to arrival at a subscriber, ms', 'received_latency_p50_ms_640', ''),
        ('invoke at a 30 fps pace (threads idle between frames), 2 threads, ms',
         'invoke_ms_2t_at_30fps', ''),
        ('invoke at a 30 fps pace, 1 thread, ms', 'invoke_ms_1t_at_30fps', ''),
        ('latency p99 under overload, 640x480, stamp to publish, ms',
         'overload_latency_p99_ms_640', ''),
        ('the same, stamp to arrival at a subscriber, ms',
         'overload_received_latency_p99_ms_640', ''),
        ('invoke inside the node under overload, 640x480 (p50), ms',
         'overload_node_invoke_ms_640', ''),
        ('peak RSS of the node, MB', 'rss_mb', ''),
        ('of which shared memory at the end (Fast DDS segment), MB', 'rss_shmem_mb_at_end', ''),
        ('private (anonymous) memory at the end, MB', 'rss_anon_mb_at_end', ''),
    ]
    for label, key, floor in figures:
        lines.append(f'| {label} | {results[key]:.2f} | {floor} |')
    lines += ['', f'Node summary: {" ".join(node_summary)}', '',
              'Notes: the publisher runs in the benchmark process on the same two cores as the',
              'node, so under overload the two compete for CPU; "not processed" counts frames',
              'the node skipped while busy plus any lost on the way. Latency figures',
              'use the node\'s stamp-to-publish time; the plot shows stamp to arrival of',
              'each PoseKeypoints at the benchmark\'s subscriber.',
              'Stock Fast DDS, no profile file: the publisher is reliable, as camera drivers',
              'are, and raw frames larger than the 512 KiB shared-memory segment travel over',
              'UDP on loopback. The node, its publisher and',
              'the echo node keep freed frame buffers (`runtime/allocator.py`), and the node takes',
              'a frame only when its worker is free (`node/frame_gate.py`), so frames it skips stay',
              'in the DDS queue. The "at 30 fps" invoke rows run the bare interpreter with a',
              'pause of one frame between calls: its threads go idle between frames, as they do',
              'in the node under a 30 fps camera, and waking them costs time that back-to-back',
              'invokes never see.', '']
    return '\n'.join(lines)
