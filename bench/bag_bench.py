# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Images per second of movenet_pose on a bag against the same frames from a video.

The frames of a video are recorded into MCAP bags (raw rgb8 and JPEG, as a camera driver
publishes them, plus a small status topic), then each input runs through the CLI in this
process; every figure is the best of a few runs, as the machine is shared and noisy. The
read-only rows time decoding alone. Prints a Markdown section; --write puts it into
docs/benchmarks.md (replacing the previous one; `make bench` rewrites that file, so run
this after it).
"""

import argparse
from pathlib import Path
import sys
import tempfile
import time

import cv2
from mcap_ros2.writer import Writer
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'movenet_ros'))
sys.path.insert(0, str(ROOT / 'movenet_ros' / 'test'))

from bag_helpers import (COMPRESSED_SCHEMA, compressed_message, IMAGE_SCHEMA,  # noqa: E402
                         raw_message, stamp_ns, STRING_SCHEMA)
from lib.docs_section import replace_section  # noqa: E402
from movenet_ros.bags.reader import Bag  # noqa: E402
from movenet_ros.cli import main as cli_main  # noqa: E402

BEGIN = '<!-- bag benchmark: written by bench/bag_bench.py -->'
END = '<!-- end of bag benchmark -->'


def video_frames(path):
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, pixels = capture.read()
        if not ok:
            break
        frames.append(pixels)
    capture.release()
    return frames


def record(path, frames, kind):
    """Write ``frames`` as a bag of rgb8 Images or JPEG CompressedImages."""
    with open(path, 'wb') as stream, Writer(stream) as writer:
        raw = writer.register_msgdef('sensor_msgs/msg/Image', IMAGE_SCHEMA)
        jpeg = writer.register_msgdef('sensor_msgs/msg/CompressedImage', COMPRESSED_SCHEMA)
        text = writer.register_msgdef('std_msgs/msg/String', STRING_SCHEMA)
        for index, pixels in enumerate(frames):
            if kind == 'jpeg':
                writer.write_message('/camera/image_raw/compressed', jpeg,
                                     compressed_message(index, pixels, 'jpeg'),
                                     log_time=stamp_ns(index))
            else:
                writer.write_message('/camera/image_raw', raw,
                                     raw_message(index, pixels, 'rgb8'),
                                     log_time=stamp_ns(index))
            writer.write_message('/status', text, {'data': str(index)}, log_time=stamp_ns(index))
    return path


def best_rate(count, action, repeats):
    """Images per second of the fastest of ``repeats`` runs of ``action``."""
    best = float('inf')
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return count / best


def run_cli(argv):
    if cli_main(argv + ['--quiet']) != 0:
        raise SystemExit(f'movenet_pose failed on {argv[0]}')


def measure(video, folder, repeats):
    frames = video_frames(video)
    count = len(frames)
    raw = record(folder / 'raw.mcap', frames, 'rgb8')
    jpeg = record(folder / 'jpeg.mcap', frames, 'jpeg')
    out = str(folder / 'out.jsonl')
    rows = [
        ('video (mp4) -> JSON Lines', best_rate(
            count, lambda: run_cli([str(video), '--output', out]), repeats)),
        ('bag, raw rgb8 -> JSON Lines', best_rate(
            count, lambda: run_cli([str(raw), '--output', out]), repeats)),
        ('bag, JPEG -> JSON Lines', best_rate(
            count, lambda: run_cli([str(jpeg), '--output', out]), repeats)),
        ('bag, raw rgb8 -> MCAP', best_rate(
            count, lambda: run_cli([str(raw), '--output', str(folder / 'o.mcap')]), repeats)),
        ('bag, raw rgb8 -> MCAP, --annotated --copy-input', best_rate(
            count, lambda: run_cli([str(raw), '--output', str(folder / 'o.mcap'),
                                    '--annotated', '--copy-input']), repeats)),
        ('bag, JPEG -> MCAP, --annotated --copy-input', best_rate(
            count, lambda: run_cli([str(jpeg), '--output', str(folder / 'o.mcap'),
                                    '--annotated', '--copy-input']), repeats)),
        ('read only: video decode', best_rate(
            count, lambda: video_frames(video), repeats)),
        ('read only: bag, raw rgb8', best_rate(
            count, lambda: _drain(raw), repeats)),
        ('read only: bag, JPEG', best_rate(
            count, lambda: _drain(jpeg), repeats)),
    ]
    size = frames[0].shape
    return count, size, rows, {'raw': raw.stat().st_size, 'jpeg': jpeg.stat().st_size}


def _drain(path):
    bag = Bag(path)
    for image in bag.images(bag.image_topic()):
        np.asarray(image.frame.pixels)


def report(video, count, size, rows, sizes):
    baselines = {'read only': rows[6][1]}  # each row against its own video row
    lines = [
        BEGIN,
        '## Bags: movenet_pose on rosbag2 MCAP',
        '',
        f'Written by `python bench/bag_bench.py --write`: the {count} frames of '
        f'`{Path(video).name}` ({size[1]}x{size[0]}) from the video, and recorded into MCAP '
        f"bags in zstd chunks (rgb8 Images: {sizes['raw'] / 1e6:.0f} MB; JPEG: "
        f"{sizes['jpeg'] / 1e6:.1f} MB) with a status topic between the images. Default "
        'model (Lightning int8, 2 threads); whole CLI runs including the model load, best '
        'of 3.',
        '',
        '| input | images/s | vs video |',
        '|---|---|---|',
    ]
    lines += [f"| {name} | {rate:.1f} | "
              f"{rate / baselines.get(name.split(':')[0], rows[0][1]):.2f} |"
              for name, rate in rows]
    lines += [
        '',
        'Read-only rows are against the video decode alone. The machine is shared and '
        'noisy: rows within about 10% of each other are equal. With `--copy-input` on raw '
        'images, most of the extra time is zstd compressing them again into the output.',
        '', END]
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--video', default=str(ROOT.parent / 'shared' / 'data' / 'video' /
                                               'pose_1.mp4'))
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--write', action='store_true', help='update docs/benchmarks.md')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        count, size, rows, sizes = measure(Path(args.video), Path(folder), args.repeats)
    section = report(args.video, count, size, rows, sizes)
    print(section)
    if args.write:
        replace_section(ROOT / 'docs' / 'benchmarks.md', BEGIN, END, section)


if __name__ == '__main__':
    main()
