# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
make bench-stock: how many camera frames reach the node on stock Fast DDS.

A camera process publishes raw bgr8 frames at 30 fps (reliable, like most drivers, or best
effort) to movenet_node in another process, with no Fast DDS profile file, and counts the
poses that come back. The node's exit summary says where every other frame went: skipped
while the model was busy, or lost before it arrived. One row runs camera and node with
config/fastdds_localhost_shm.xml, the opt-in 64 MiB shared-memory segment, to show what
it changes. Prints a Markdown table; --write puts it into docs/benchmarks.md.
"""

import argparse
import json
import os
from pathlib import Path
import re
import subprocess
import sys
import time

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / 'movenet_ros' / 'config' / 'fastdds_localhost_shm.xml'
SIZES = {'640x480': (640, 480), '1920x1080': (1920, 1080)}
#: (camera reliability, size, node qos_reliability, with the shared-memory profile)
SCENARIOS = [
    ('reliable', '640x480', 'auto', False),
    ('reliable', '1920x1080', 'auto', False),
    ('best_effort', '640x480', 'auto', False),
    ('reliable', '640x480', 'best_effort', False),
    ('reliable', '1920x1080', 'best_effort', False),
    ('reliable', '1920x1080', 'auto', True),
]
MARK_BEGIN = '<!-- stock-middleware:begin -->'
MARK_END = '<!-- stock-middleware:end -->'


def run_camera(camera, size, node_reliability, frames, fps):
    """One scenario in this process: start the node, play frames, return the counts."""
    sys.path.insert(0, str(ROOT / 'movenet_ros' / 'test'))
    import cv2
    from movenet_ros.ros.camera_qos import reliability_for
    from movenet_ros_msgs.msg import PoseKeypoints
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    from ros_harness import Peer, start_node, stop, wait_for_output
    from sensor_msgs.msg import Image

    width, height = SIZES[size]
    data = Path(os.environ.get('MOVENET_DATA', ROOT.parent / 'shared' / 'data'))
    pixels = cv2.resize(cv2.imread(str(data / 'images' / 'two_people.bmp')), (width, height))
    node = start_node('-r', '__ns:=/stock', '-p', f'qos_reliability:={node_reliability}',
                      image_topic='/stock/camera')
    peer = Peer('stock_camera')
    poses = []
    policy = (ReliabilityPolicy.RELIABLE if camera == 'reliable'
              else ReliabilityPolicy.BEST_EFFORT)
    try:
        wait_for_output(node, 'listening on')
        publisher = peer.node.create_publisher(
            Image, '/stock/camera', QoSProfile(depth=5, reliability=policy))
        peer.node.create_subscription(PoseKeypoints, '/stock/pose/keypoints', poses.append,
                                      QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE))
        peer.wait_for_subscribers(publisher)
        wanted = ReliabilityPolicy.RELIABLE if (
            reliability_for(node_reliability, [camera]) == 'reliable') else \
            ReliabilityPolicy.BEST_EFFORT
        # The node follows the camera's QoS within a second or so.
        peer.spin_until(lambda: [i.qos_profile.reliability for i in
                                 peer.node.get_subscriptions_info_by_topic('/stock/camera')
                                 if i.node_name == 'movenet'] == [wanted], 10.0)
        start = time.monotonic()
        for i in range(frames):
            msg = Image(height=height, width=width, encoding='bgr8', step=width * 3,
                        data=pixels.tobytes())
            msg.header.stamp.sec, msg.header.frame_id = 1000 + i, 'stock_camera'
            publisher.publish(msg)
            due = start + (i + 1) / fps
            peer.spin_until(lambda: time.monotonic() >= due, 1.0)
        peer.spin_until(lambda: False, 1.0)
    finally:
        peer.close()
        output = stop(node)
    match = re.search(r'processed (\d+) frames of (\d+) received; skipped (\d+) while the '
                      r'model was busy, lost (\d+) before', output)
    if not match:
        raise RuntimeError(f'no summary from the node:\n{output[-2000:]}')
    processed, received, skipped, lost = (int(v) for v in match.groups())
    return {'sent': frames, 'processed': processed, 'skipped': skipped, 'lost': lost,
            'poses': len(poses), 'warned': 'lost before they reached this node' in output}


def scenario(camera, size, node_reliability, profile, frames, fps):
    """Run one scenario in a fresh process (a Fast DDS profile applies per process)."""
    env = dict(os.environ)
    for name in ('FASTRTPS_DEFAULT_PROFILES_FILE', 'FASTDDS_DEFAULT_PROFILES_FILE'):
        env.pop(name, None)
    if profile:
        env['FASTRTPS_DEFAULT_PROFILES_FILE'] = env['FASTDDS_DEFAULT_PROFILES_FILE'] = \
            str(PROFILE)
    out = subprocess.run(
        [sys.executable, __file__, '--one', camera, size, node_reliability,
         '--frames', str(frames), '--fps', str(fps)],
        env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows):
    lines = ['| camera | size | node qos_reliability | Fast DDS | sent | processed | '
             'skipped (busy) | lost (transport) | reached the node | poses heard |',
             '|---|---|---|---|---|---|---|---|---|---|']
    for (camera, size, reliability, profile), r in rows:
        reached = (r['processed'] + r['skipped']) / r['sent']
        lines.append(
            f"| {camera.replace('_', ' ')} | {size} | {reliability} | "
            f"{'64 MiB shm profile' if profile else 'stock'} | {r['sent']} | "
            f"{r['processed']} | {r['skipped']} | {r['lost']} | {reached:.0%} | "
            f"{r['poses']} |")
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--frames', type=int, default=300, help='frames per scenario')
    parser.add_argument('--fps', type=float, default=30.0)
    parser.add_argument('--write', action='store_true', help='update docs/benchmarks.md')
    parser.add_argument('--one', nargs=3, metavar=('CAMERA', 'SIZE', 'NODE_RELIABILITY'),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_camera(*args.one, args.frames, args.fps)))
        return
    rows = []
    for case in SCENARIOS:
        rows.append((case, scenario(*case, args.frames, args.fps)))
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    text = table(rows)
    print(text)
    if args.write:
        doc = ROOT / 'docs' / 'benchmarks.md'
        body = doc.read_text()
        section = (f'{MARK_BEGIN}\n## Camera frames on stock middleware (make bench-stock)\n\n'
                   f'{args.frames} frames at {args.fps:g} fps per row, camera and node in '
                   f'separate processes on one machine, no Fast DDS profile unless the row '
                   f'says so. "Reached the node" = (processed + skipped while busy) / sent.\n\n'
                   f'{text}\n{MARK_END}')
        if MARK_BEGIN in body:
            body = re.sub(f'{MARK_BEGIN}.*?{MARK_END}', lambda m: section, body, flags=re.S)
        else:
            body = body.rstrip('\n') + '\n\n' + section + '\n'
        doc.write_text(body)


if __name__ == '__main__':
    main()
