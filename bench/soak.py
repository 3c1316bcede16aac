# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make soak: movenet_node fed 1920x1080 rgb8 at 30 fps for ten minutes (or --minutes).

Reports the node's RSS at start and end (and its growth), exceptions in its log,
frames not processed, and stamp-to-pose latency percentiles; writes bench/soak.json
("steady").
Not part of make test: it takes as long as it says.
"""

import argparse
import os
from pathlib import Path
import sys
import tempfile

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib.docs_section import store_figures  # noqa: E402
from lib.proc import memory_mb  # noqa: E402
from lib.processes import ROOT, start_bench_node, stop  # noqa: E402
from node_bench import NodeBench  # noqa: E402
import numpy as np  # noqa: E402
from run_bench import video_frames  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--minutes', type=float, default=10.0)
    parser.add_argument('--fps', type=float, default=30.0)
    args = parser.parse_args()
    data = Path(os.environ.get('MOVENET_DATA', ROOT.parent / 'shared' / 'data'))
    frames = video_frames(data / 'video' / 'pose_1.mp4', (1920, 1080))
    log = tempfile.TemporaryFile(mode='w+')
    node = start_bench_node(log)
    bench = NodeBench()
    samples = []
    try:
        bench.wait_for_node()
        # One minute of warm-up settles allocator pools and DDS buffers before "start".
        bench.run(frames, args.fps, min(60.0, args.minutes * 6.0), node.pid, warmup=0.0)
        rss_start = memory_mb(node.pid, 'VmRSS')
        latencies, sent, processed = [], 0, 0
        chunks = max(1, int(args.minutes * 2))
        for chunk in range(chunks):
            result = bench.run(frames, args.fps, args.minutes * 60.0 / chunks, node.pid,
                               warmup=0.0)
            latencies += result['latencies_ms']
            sent += result['sent']
            processed += result['processed']
            samples.append((round((chunk + 1) * args.minutes * 60.0 / chunks),
                            memory_mb(node.pid, 'VmRSS')))
            print(f'  {samples[-1][0]:5d} s  RSS {samples[-1][1]:.1f} MB  processed '
                  f"{result['processed_fps']:.1f} fps  p99 {result['latency_p99_ms']:.1f} ms",
                  flush=True)
        rss_end = memory_mb(node.pid, 'VmRSS')
    finally:
        bench.close()
        stop(node)
    log.seek(0)
    output = log.read()
    report = {
        'minutes': args.minutes, 'fps': args.fps, 'frames': '1920x1080 rgb8',
        'rss_start_mb': rss_start, 'rss_end_mb': rss_end, 'rss_growth_mb': rss_end - rss_start,
        'rss_samples_mb': samples,
        'exceptions': output.count('Traceback') + output.count('failed on an image'),
        'sent': sent, 'processed': processed, 'not_processed': sent - processed,
        'latency_p50_ms': float(np.percentile(latencies, 50)),
        'latency_p95_ms': float(np.percentile(latencies, 95)),
        'latency_p99_ms': float(np.percentile(latencies, 99)),
        'node_exit_code': node.returncode,
        'node_summary': output.strip().splitlines()[-1] if output.strip() else '',
    }
    # Beside make soak-chaos's figures ("chaos").
    store_figures(ROOT / 'bench' / 'soak.json', 'steady', report, one_record_a_line=True)
    for key, value in report.items():
        if key != 'rss_samples_mb':
            print(f'{key}: {value}')


if __name__ == '__main__':
    main()
