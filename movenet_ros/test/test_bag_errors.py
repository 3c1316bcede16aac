# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""movenet_pose on bad bags and bad options: one clear line, the frames it could read."""

import json
import os
import subprocess
import sys

from bag_helpers import read_bag, stamp_ns, START_NS, video_frames, write_bag
from movenet_ros.cli import main
import pytest
import yaml

FRAMES = 8
CAMERA = '/camera/image_raw'


@pytest.fixture(scope='module')
def frames(data_dir):
    """Read the first frames of a shared video, to record into bags."""
    return video_frames(data_dir / 'video' / 'pose_1.mp4', FRAMES)


def _records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_sqlite_bag_folder_is_refused_in_one_line(tmp_path, capsys):
    (tmp_path / 'metadata.yaml').write_text(yaml.safe_dump({'rosbag2_bagfile_information': {
        'storage_identifier': 'sqlite3', 'relative_file_paths': ['run_0.db3']}}))
    assert main([str(tmp_path), '--output', str(tmp_path / 'o.jsonl')]) == 1
    err = capsys.readouterr().err
    assert "stored as 'sqlite3'; only MCAP bags are read" in err and err.count('\n') == 1


def test_truncated_bag_keeps_the_frames_before_the_damage(frames, tmp_path):
    bag = write_bag(tmp_path / 'run.mcap', frames)
    data = bag.read_bytes()
    cut = tmp_path / 'cut.mcap'
    cut.write_bytes(data[:len(data) * 2 // 3])  # the recorder died: no summary, half a chunk
    out = tmp_path / 'poses.jsonl'
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    done = subprocess.run(
        [sys.executable, '-m', 'movenet_ros.cli', str(cut), '--output', str(out)],
        capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith('movenet_pose')]
    assert len(lines) == 1 and 'Traceback' not in done.stderr
    records = _records(out)
    assert 0 < len(records) < FRAMES
    assert [r['stamp'] for r in records] == [
        round(stamp_ns(i) * 1e-9, 6) for i in range(len(records))]
    assert f'reading stopped after {len(records)} images of {CAMERA}' in lines[0]
    assert f'last stamp {stamp_ns(len(records) - 1) * 1e-9:.6f} s' in lines[0]
    assert f'wrote {len(records)} frames' in lines[0]
    # Not a terminal: no progress bar in the log.
    assert '\r' not in done.stderr and 'img/s' not in done.stderr


def test_missing_or_non_image_topic_lists_the_image_topics(frames, tmp_path, capsys):
    bag = write_bag(tmp_path / 'run.mcap', frames[:2], depth_topic=True)
    listing = f'image topics: {CAMERA}, /depth/image_rect'
    for topic, problem in (('/camera/missing', 'has no topic /camera/missing'),
                           ('/status', '/status in'), (None, 'holds 2 image topics')):
        argv = [str(bag), '--output', str(tmp_path / 'o.jsonl')]
        assert main(argv + (['--topic', topic] if topic else [])) == 1
        err = capsys.readouterr().err
        assert problem in err and listing in err and err.count('\n') == 1


def test_non_image_topic_names_its_type(frames, tmp_path, capsys):
    bag = write_bag(tmp_path / 'run.mcap', frames[:2])
    assert main([str(bag), '--topic', '/status', '--output', str(tmp_path / 'o.jsonl')]) == 1
    assert f'is std_msgs/msg/String, not an image (image topics: {CAMERA})' in (
        capsys.readouterr().err)


def test_unreadable_images_are_skipped_with_one_line(frames, tmp_path, capsys):
    bag = write_bag(tmp_path / 'run.mcap', frames[:3], kind='jpeg')
    broken = tmp_path / 'broken.mcap'
    from mcap_ros2.writer import Writer
    entries = read_bag(bag)[CAMERA]
    with open(broken, 'wb') as stream, Writer(stream) as writer:
        schema = writer.register_msgdef(entries[0][0].name, entries[0][0].data.decode())
        for index, (_, _, message, decoded) in enumerate(entries):
            data = b'not a jpeg' if index == 1 else decoded.data
            writer.write_message(CAMERA, schema, {'header': decoded.header,
                                                  'format': decoded.format, 'data': data},
                                 log_time=message.log_time)
    out = tmp_path / 'o.jsonl'
    assert main([str(broken), '--output', str(out), '--quiet']) == 0
    assert [r['stamp'] for r in _records(out)] == [START_NS * 1e-9, round(stamp_ns(2) * 1e-9, 6)]
    assert 'skipped 1 images that cannot be read (first: compressed image is neither' in (
        capsys.readouterr().err)


@pytest.mark.parametrize('argv, problem', [
    (['--fps', '10'], '--fps does not apply to a bag'),
    (['--annotated', 'a.mp4'], '--annotated takes no file name'),
    (['--copy-input'], '--copy-input needs an .mcap --output'),
])
def test_options_that_do_not_fit_a_bag_are_refused(frames, tmp_path, capsys, argv, problem):
    bag = write_bag(tmp_path / 'run.mcap', frames[:1])
    with pytest.raises(SystemExit) as exit_:
        main([str(bag), '--output', str(tmp_path / 'o.jsonl')] + argv)
    assert exit_.value.code == 2 and problem in capsys.readouterr().err


def test_bag_options_need_a_bag(data_dir, tmp_path, capsys):
    image = str(data_dir / 'images' / 'pose.jpg')
    for argv, problem in (
            (['--output', str(tmp_path / 'o.jsonl'), '--topic', '/x'],
             '--topic needs a bag input'),
            (['--output', str(tmp_path / 'o.jsonl'), '--copy-input'],
             '--copy-input needs an .mcap --output'),
            (['--output', str(tmp_path / 'o.jsonl'), '--annotated'],
             '--annotated needs a video file name'),
            (['--output', str(tmp_path / 'o.mcap'), '--annotated', str(tmp_path / 'a.mp4')],
             'with an .mcap --output, --annotated takes no file name')):
        with pytest.raises(SystemExit):
            main([image] + argv)
        assert problem in capsys.readouterr().err


def test_missing_or_unreadable_bag_file_is_one_line(tmp_path, capsys):
    assert main([str(tmp_path / 'none.mcap'), '--output', str(tmp_path / 'o.jsonl')]) == 1
    assert 'none.mcap does not exist' in capsys.readouterr().err
    junk = tmp_path / 'junk.mcap'
    junk.write_bytes(b'this is not an mcap file at all')
    assert main([str(junk), '--output', str(tmp_path / 'o.jsonl')]) == 1
    err = capsys.readouterr().err
    assert 'junk.mcap is not a readable MCAP file' in err and err.count('\n') == 1


def test_corrupt_chunk_stops_reading_with_the_frames_before_it(frames, tmp_path, capsys):
    data = bytearray(write_bag(tmp_path / 'run.mcap', frames).read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(b ^ 0x5A for b in data[middle:middle + 64])
    corrupt = tmp_path / 'corrupt.mcap'
    corrupt.write_bytes(bytes(data))  # the summary is intact: the index leads to the damage
    out = tmp_path / 'o.jsonl'
    assert main([str(corrupt), '--output', str(out), '--quiet']) == 1
    err = capsys.readouterr().err
    records = _records(out)
    assert 0 < len(records) < FRAMES
    assert [r['stamp'] for r in records] == [
        round(stamp_ns(i) * 1e-9, 6) for i in range(len(records))]
    assert f'corrupt.mcap is damaged: reading stopped after {len(records)} images' in err
    assert err.count('\n') == 1
