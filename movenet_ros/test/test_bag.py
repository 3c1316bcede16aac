# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""movenet_pose on rosbag2 MCAP recordings made from the shared videos."""

import fcntl
import json
import math
import os
import pty
import struct
import subprocess
import sys
import termios

from bag_helpers import (header, IMAGE_SCHEMA, raw_message, read_bag, stamp_ns,
                         video_frames, write_bag)
import cv2
from mcap.reader import make_reader
from movenet_ros.bags.schemas import message_definition
from movenet_ros.cli import main
import numpy as np
import pytest
import yaml

FRAMES = 12
CAMERA = '/camera/image_raw'


@pytest.fixture(scope='module')
def clip(data_dir, tmp_path_factory):
    """Write a short video; return its decoded frames and the video path's JSON records."""
    folder = tmp_path_factory.mktemp('clip')
    path = folder / 'clip.avi'
    source = video_frames(data_dir / 'video' / 'pose_1.mp4', FRAMES)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), 30.0,
                             (source[0].shape[1], source[0].shape[0]))
    for pixels in source:
        writer.write(pixels)
    writer.release()
    frames = video_frames(path, FRAMES)
    out = folder / 'video.jsonl'
    assert main([str(path), '--output', str(out), '--quiet']) == 0
    return frames, _records(out)


def _records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def _points(record):
    return [(k['x'], k['y'], k['score']) for pose in record['poses'] for k in pose['keypoints']]


def _assert_same_poses(records, expected, pixels=0.05, score=0.002):
    assert len(records) == len(expected)
    for got, want in zip(records, expected):
        assert (got['width'], got['height']) == (want['width'], want['height'])
        assert len(got['poses']) == len(want['poses'])
        for (x, y, s), (wx, wy, ws) in zip(_points(got), _points(want)):
            assert abs(x - wx) <= pixels and abs(y - wy) <= pixels and abs(s - ws) <= score


@pytest.mark.parametrize('encoding', ['rgb8', 'bgr8'])
def test_raw_bag_gives_the_video_paths_keypoints_at_header_stamps(clip, tmp_path, encoding):
    frames, video_records = clip
    bag = write_bag(tmp_path / 'run.mcap', frames, kind=encoding)
    out = tmp_path / 'poses.jsonl'
    assert main([str(bag), '--output', str(out), '--quiet']) == 0  # the only image topic
    records = _records(out)
    assert [r['frame'] for r in records] == list(range(FRAMES))
    assert [r['stamp'] for r in records] == [round(stamp_ns(i) * 1e-9, 6) for i in range(FRAMES)]
    assert all(r['poses'] for r in records)
    # Same pixels, same 1/30 s steps: the smoothed keypoints match the video's.
    _assert_same_poses(records, video_records)


@pytest.mark.parametrize('fmt', ['png', 'jpeg'])
def test_compressed_topics_png_and_jpeg(clip, tmp_path, fmt):
    frames, video_records = clip
    bag = write_bag(tmp_path / 'run.mcap', frames, topic='/camera/image_raw/compressed',
                    kind=fmt, depth_topic=True)
    out = tmp_path / 'poses.jsonl'
    # Decoded whole, as the video is: what differs is the codec alone. Decoding at the
    # model's scale has its own tests (test_scaled_decode, and the 1080p bag below).
    params = tmp_path / 'whole.yaml'
    params.write_text('/**:\n  ros__parameters:\n    jpeg_scaled_decode: false\n')
    assert main([str(bag), '--topic', '/camera/image_raw/compressed', '--output', str(out),
                 '--quiet', '--params-file', str(params)]) == 0
    records = _records(out)
    assert records[-1]['stamp'] == round(stamp_ns(FRAMES - 1) * 1e-9, 6)
    if fmt == 'png':  # lossless: the video's keypoints
        _assert_same_poses(records, video_records)
    else:  # JPEG moves pixels a little: the same person, within a few pixels
        for got, want in zip(records, video_records):
            (pose,), (reference,) = got['poses'], want['poses']
            assert abs(pose['score'] - reference['score']) < 0.1
            distances = sorted(math.dist((k['x'], k['y']), (r['x'], r['y']))
                               for k, r in zip(pose['keypoints'], reference['keypoints']))
            assert distances[len(distances) // 2] < 5.0  # median, in a 576 px image


def test_mcap_output_reads_back_with_schemas_counts_stamps_and_times(clip, tmp_path):
    frames, _ = clip
    bag = write_bag(tmp_path / 'run.mcap', frames[:6], kind='jpeg')
    out = tmp_path / 'out' / 'poses.mcap'
    assert main([str(bag), '--output', str(out), '--annotated', '--copy-input',
                 '--quiet']) == 0
    topics = read_bag(out)
    assert sorted(topics) == sorted([CAMERA, '/pose/keypoints', '/pose/poses',
                                     '/pose/image_annotated/compressed',
                                     '/pose/image_annotations'])
    types = {'/pose/keypoints': 'movenet_ros_msgs/msg/PoseKeypoints',
             '/pose/poses': 'movenet_ros_msgs/msg/PoseKeypointsArray',
             '/pose/image_annotated/compressed': 'sensor_msgs/msg/CompressedImage',
             '/pose/image_annotations': 'foxglove_msgs/msg/ImageAnnotations',
             CAMERA: 'sensor_msgs/msg/CompressedImage'}
    for topic, entries in topics.items():
        assert len(entries) == 6
        schema, channel, _, _ = entries[0]
        assert (schema.name, schema.encoding, channel.message_encoding) == (
            types[topic], 'ros2msg', 'cdr')
        if topic != CAMERA:  # the camera keeps the recording's own schema
            assert schema.data.decode() == message_definition(types[topic])
        for index, (_, _, message, decoded) in enumerate(entries):
            # Stamps and log times are the images': one timeline in Foxglove.
            assert message.log_time == stamp_ns(index) + 5_000_000
            # Foxglove's annotations carry the image's stamp in each shape.
            stamp = (decoded.points[0].timestamp if topic == '/pose/image_annotations'
                     else decoded.header.stamp)
            assert stamp.sec * 10**9 + stamp.nanosec == stamp_ns(index)
            if topic != '/pose/image_annotations':
                assert decoded.header.frame_id == 'camera_optical_frame'
    keypoints = [d for _, _, _, d in topics['/pose/keypoints']]
    assert all(len(k.keypoints) == 17 and k.keypoints[0].name == 'nose' for k in keypoints)
    assert all(k.detected and k.image_width == 576 and k.track_id == -1 for k in keypoints)
    arrays = [d for _, _, _, d in topics['/pose/poses']]
    assert all(len(a.poses) == 1 and a.poses[0].score == k.score
               for a, k in zip(arrays, keypoints))
    annotated = topics['/pose/image_annotated/compressed'][0][3]
    assert annotated.format.startswith('bgr8; jpeg')
    pixels = cv2.imdecode(np.frombuffer(annotated.data, np.uint8), cv2.IMREAD_COLOR)
    assert pixels.shape == (576, 576, 3)
    # The summary counts are what `ros2 bag info` prints.
    with open(out, 'rb') as stream:
        summary = make_reader(stream).get_summary()
    assert sorted(summary.statistics.channel_message_counts.values()) == [6, 6, 6, 6, 6]


def test_bag_folder_with_metadata_reads_its_files_in_order(clip, tmp_path):
    frames, video_records = clip
    folder = tmp_path / 'run'
    folder.mkdir()
    write_bag(folder / 'run_0.mcap', frames[:FRAMES // 2])
    second = write_bag(tmp_path / 'second.mcap', frames)  # stamps continue in file 1
    _keep_last(second, folder / 'run_1.mcap', FRAMES - FRAMES // 2)
    (folder / 'metadata.yaml').write_text(yaml.safe_dump({'rosbag2_bagfile_information': {
        'version': 9, 'storage_identifier': 'mcap',
        'relative_file_paths': ['run_0.mcap', 'run_1.mcap']}}))
    out = tmp_path / 'poses.jsonl'
    assert main([str(folder), '--output', str(out), '--quiet']) == 0
    records = _records(out)
    assert [r['stamp'] for r in records] == [round(stamp_ns(i) * 1e-9, 6) for i in range(FRAMES)]
    _assert_same_poses(records, video_records)


def _keep_last(source, target, count):
    """Copy the last ``count`` images of ``source`` into a new bag ``target``."""
    from mcap_ros2.writer import Writer
    entries = read_bag(source)[CAMERA][-count:]
    with open(target, 'wb') as stream, Writer(stream) as writer:
        schema = writer.register_msgdef(entries[0][0].name, entries[0][0].data.decode())
        for _, _, message, decoded in entries:
            writer.write_message(CAMERA, schema, decoded, log_time=message.log_time)


@pytest.mark.parametrize('encoding', ['mono8', 'bgra8', 'yuv422_yuy2'])
def test_other_encodings_the_node_accepts(clip, tmp_path, encoding):
    frames, _ = clip
    conversions = {'mono8': cv2.COLOR_BGR2GRAY, 'bgra8': cv2.COLOR_BGR2BGRA,
                   'yuv422_yuy2': cv2.COLOR_BGR2YUV_YUY2}
    path = tmp_path / 'run.mcap'
    from mcap_ros2.writer import Writer
    with open(path, 'wb') as stream, Writer(stream) as writer:
        schema = writer.register_msgdef('sensor_msgs/msg/Image', IMAGE_SCHEMA)
        for index, pixels in enumerate(frames[:2]):
            data = cv2.cvtColor(pixels, conversions[encoding])
            step = data.strides[0] + 8  # rows padded, as some drivers send them
            padded = np.zeros((data.shape[0], step), np.uint8)
            padded[:, :data.strides[0]] = data.reshape(data.shape[0], -1)
            writer.write_message(CAMERA, schema, {
                'header': header(index), 'height': data.shape[0], 'width': pixels.shape[1],
                'encoding': encoding, 'is_bigendian': 0, 'step': step,
                'data': padded.tobytes()}, log_time=stamp_ns(index))
    out = tmp_path / 'o.jsonl'
    assert main([str(path), '--output', str(out), '--quiet']) == 0
    records = _records(out)
    assert [(r['width'], r['height']) for r in records] == [(576, 576)] * 2
    assert all(r['poses'] and r['poses'][0]['score'] > 0.4 for r in records)


def test_images_without_stamps_are_timed_by_their_log_time(clip, tmp_path):
    frames, _ = clip
    path = tmp_path / 'run.mcap'
    from mcap_ros2.writer import Writer
    with open(path, 'wb') as stream, Writer(stream) as writer:
        schema = writer.register_msgdef('sensor_msgs/msg/Image', IMAGE_SCHEMA)
        for index, pixels in enumerate(frames[:3]):
            message = raw_message(index, pixels, 'bgr8')
            message['header'] = {'stamp': {'sec': 0, 'nanosec': 0}, 'frame_id': ''}
            writer.write_message(CAMERA, schema, message, log_time=stamp_ns(index) + 10**8)
    out = tmp_path / 'o.jsonl'
    assert main([str(path), '--output', str(out), '--quiet']) == 0
    assert [r['stamp'] for r in _records(out)] == [
        round((stamp_ns(i) + 10**8) * 1e-9, 6) for i in range(3)]


def test_progress_bar_counts_images_out_of_the_summary_on_a_terminal(clip, tmp_path):
    bag = write_bag(tmp_path / 'run.mcap', clip[0][:5])
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
    try:
        done = subprocess.run(
            [sys.executable, '-m', 'movenet_ros.cli', str(bag), '--output',
             str(tmp_path / 'o.jsonl')], stderr=follower, stdout=subprocess.DEVNULL,
            timeout=300)
        os.close(follower)
        shown = b''
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b'5/5' in shown and CAMERA.encode() in shown


def test_multipose_bag_writes_every_person_with_track_ids(data_dir, tmp_path):
    people = cv2.imread(str(data_dir / 'images' / 'two_people.bmp'))
    bag = write_bag(tmp_path / 'run.mcap', [people] * 3, kind='png')
    out = tmp_path / 'people.mcap'
    assert main([str(bag), '--output', str(out), '--model-type', 'multipose', '--quiet']) == 0
    topics = read_bag(out)
    for (_, _, _, array), (_, _, _, first) in zip(topics['/pose/poses'],
                                                  topics['/pose/keypoints']):
        assert sorted(p.track_id for p in array.poses) == [1, 2]
        assert all(p.detected for p in array.poses)
        assert (first.track_id, first.score) == (array.poses[0].track_id, array.poses[0].score)


def _core_poses(jpegs, decode):
    """Return the core's keypoints for JPEG frames at the bag's stamps, decoded by ``decode``."""
    from movenet_ros.core.parameters import create_estimator, defaults
    from movenet_ros.runtime.model_loading import load_runner
    values = defaults()
    estimator = create_estimator(load_runner(values), values)
    return [estimator.estimate(decode(data, estimator), stamp_ns(i) * 1e-9)[0].keypoints
            for i, data in enumerate(jpegs)]


def test_a_1080p_jpeg_bag_is_decoded_at_the_models_scale(clip, tmp_path):
    from movenet_ros.core.image_io import frame_at_model_scale, frame_from_compressed
    from bag_helpers import compressed_message
    frames = [cv2.resize(f, (1920, 1080), interpolation=cv2.INTER_LINEAR) for f in clip[0][:6]]
    bag = write_bag(tmp_path / 'run.mcap', frames, kind='jpeg')
    jpegs = [compressed_message(i, f, 'jpeg')['data'] for i, f in enumerate(frames)]
    scaled = _core_poses(jpegs, frame_at_model_scale)
    whole = _core_poses(jpegs, lambda data, estimator: frame_from_compressed(data))
    params = tmp_path / 'whole.yaml'
    params.write_text('/**:\n  ros__parameters:\n    jpeg_scaled_decode: false\n')
    for argv, expected in (([], scaled), (['--params-file', str(params)], whole)):
        out = tmp_path / 'poses.jsonl'
        assert main([str(bag), '--output', str(out), '--quiet', *argv]) == 0
        records = _records(out)
        assert [(r['width'], r['height']) for r in records] == [(1920, 1080)] * 6
        for record, keypoints in zip(records, expected):
            got = np.array([(k['x'], k['y']) for k in record['poses'][0]['keypoints']])
            np.testing.assert_allclose(got, keypoints[:, :2], atol=0.05)
    # The two decodings differ, so the check above can tell which one ran.
    assert max(np.abs(a[:, :2] - b[:, :2]).max() for a, b in zip(scaled, whole)) > 0.05


def test_a_video_to_mcap_holds_poses_annotations_and_its_frames(data_dir, tmp_path):
    video = data_dir / 'video' / 'pose_1.mp4'
    out = tmp_path / 'video.mcap'
    assert main([str(video), '--output', str(out), '--copy-input', '--fps', '30',
                 '--quiet']) == 0
    topics = read_bag(out)  # decoded with the mcap libraries, from the file's own schemas
    assert sorted(topics) == ['/camera/image_raw/compressed', '/pose/image_annotations',
                              '/pose/keypoints', '/pose/poses']
    frames = len(video_frames(video, 120))
    assert all(len(entries) == frames for entries in topics.values())
    schema, _, _, _ = topics['/pose/image_annotations'][0]
    assert schema.name == 'foxglove_msgs/msg/ImageAnnotations'
    assert schema.data.decode() == message_definition('foxglove_msgs/msg/ImageAnnotations')
    # Frame 30 at 30 fps: stamped 1 s, the same on the camera, poses and annotations.
    camera = topics['/camera/image_raw/compressed'][30][3]
    assert (camera.header.stamp.sec, camera.header.stamp.nanosec) == (1, 0)
    pixels = cv2.imdecode(np.frombuffer(camera.data, np.uint8), cv2.IMREAD_COLOR)
    assert pixels.shape == (576, 576, 3)
    annotations = topics['/pose/image_annotations'][30][3]
    kinds = sorted(p.type for p in annotations.points)
    assert kinds == [1, 4]  # POINTS and LINE_LIST
    assert (annotations.points[0].timestamp.sec, annotations.points[0].timestamp.nanosec) == (
        1, 0)
    keypoints = topics['/pose/keypoints'][30]
    assert keypoints[2].log_time == 10**9 and keypoints[3].detected


def test_a_bag_stamped_in_2023_gives_the_video_paths_poses_exactly(data_dir, tmp_path):
    # The same frames, the same 1/30 s steps: a recording from 2023 and the video read
    # with stamps from zero. Float seconds since 1970 moved keypoints by 2.1 px on average
    # (up to 12 px); exact times give the same poses to the last digit.
    frames = video_frames(data_dir / 'video' / 'pose_1.mp4', 60)
    video = tmp_path / 'clip.avi'
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*'FFV1'), 30.0, (576, 576))
    for pixels in frames:
        writer.write(pixels)
    writer.release()
    assert [f.tobytes() for f in video_frames(video, 60)] == [f.tobytes() for f in frames]
    start = 1_695_000_000 * 10**9 + 123_456_789
    bag = write_bag(tmp_path / 'run.mcap', frames, kind='bgr8',
                    stamps=[start + round(k * 1e9 / 30) for k in range(60)])
    from_video, from_bag = tmp_path / 'video.jsonl', tmp_path / 'bag.jsonl'
    assert main([str(video), '--output', str(from_video), '--fps', '30', '--quiet']) == 0
    assert main([str(bag), '--output', str(from_bag), '--quiet']) == 0
    video_records, bag_records = _records(from_video), _records(from_bag)
    assert len(video_records) == len(bag_records) == 60
    assert bag_records[1]['stamp'] == round((start + 33_333_333) * 1e-9, 6)
    assert [r['poses'] for r in bag_records] == [r['poses'] for r in video_records]
