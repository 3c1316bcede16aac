# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""movenet_pose on real files: the JSON Lines format, params files and clear errors."""

import json

import cv2
from movenet_ros.cli import main
from movenet_ros.core.keypoints import KEYPOINT_NAMES
import numpy as np
import pytest
import yaml


def _records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_video_gives_one_record_per_frame_stamped_at_the_frame_rate(data_dir, tmp_path):
    out = tmp_path / 'pose.jsonl'
    annotated = tmp_path / 'pose.mp4'
    assert main([str(data_dir / 'video' / 'pose_1.mp4'), '--output', str(out),
                 '--annotated', str(annotated), '--quiet']) == 0
    records = _records(out)
    assert [r['frame'] for r in records] == list(range(120))
    assert records[30]['stamp'] == 1.0 and records[1]['stamp'] == round(1 / 30, 6)
    assert all((r['width'], r['height']) == (576, 576) for r in records)
    pose = records[60]['poses'][0]
    assert set(pose) == {'score', 'keypoints', 'angles'} and 0.25 <= pose['score'] <= 1.0
    assert [k['name'] for k in pose['keypoints']] == list(KEYPOINT_NAMES)
    assert all(set(k) == {'name', 'x', 'y', 'score'} for k in pose['keypoints'])
    video = cv2.VideoCapture(str(annotated))
    assert int(video.get(cv2.CAP_PROP_FRAME_COUNT)) == 120


def test_folder_of_images_with_fps_and_params_file(data_dir, tmp_path):
    params = tmp_path / 'params.yaml'
    params.write_text(yaml.safe_dump({'movenet': {'ros__parameters': {
        'min_pose_score': 0.99, 'enable_smoothing': False}}}))
    out = tmp_path / 'images.jsonl'
    assert main([str(data_dir / 'images'), '--output', str(out), '--fps', '2',
                 '--params-file', str(params), '--quiet']) == 0
    records = _records(out)
    assert [r['stamp'] for r in records] == [0.0, 0.5, 1.0, 1.5, 2.0]
    # No pose reaches a pose score of 0.99: every frame is reported with no pose.
    assert all(r['poses'] == [] for r in records)
    assert (records[0]['width'], records[0]['height']) == (512, 600)  # grace_hopper.bmp


def test_model_type_switches_the_model(data_dir, tmp_path):
    out = tmp_path / 'thunder.jsonl'
    assert main([str(data_dir / 'images' / 'squat.bmp'), '--output', str(out),
                 '--model-type', 'thunder', '--quiet']) == 0
    (record,) = _records(out)
    assert record['poses'][0]['score'] > 0.4


def test_errors_are_one_line(tmp_path, capsys):
    assert main([str(tmp_path / 'missing.mp4'), '--output', str(tmp_path / 'o.jsonl')]) == 1
    assert 'does not exist' in capsys.readouterr().err
    params = tmp_path / 'bad.yaml'
    params.write_text(yaml.safe_dump({'/**': {'ros__parameters': {'num_threads': 0}}}))
    assert main([str(tmp_path), '--output', str(tmp_path / 'o.jsonl'),
                 '--params-file', str(params)]) == 1
    assert 'num_threads must be >= 1' in capsys.readouterr().err


def test_multipose_writes_every_person_with_a_track_id(data_dir, tmp_path):
    out = tmp_path / 'people.jsonl'
    assert main([str(data_dir / 'images' / 'two_people.bmp'), '--output', str(out),
                 '--model-type', 'multipose', '--quiet']) == 0
    (record,) = _records(out)
    assert len(record['poses']) == 2
    assert sorted(p['track_id'] for p in record['poses']) == [1, 2]
    assert all(len(p['keypoints']) == 17 for p in record['poses'])


def test_progress_does_not_flood_a_log_that_is_not_a_terminal(data_dir, tmp_path):
    import shutil
    import subprocess
    log = tmp_path / 'cli.log'
    out = tmp_path / 'video.jsonl'
    with open(log, 'w') as stderr:
        code = subprocess.call([shutil.which('movenet_pose'), str(data_dir / 'video' /
                                'pose_1.mp4'), '--output', str(out)], stderr=stderr,
                               timeout=300)
    text = log.read_text()
    assert code == 0, text
    assert '\r' not in text and '\x1b[' not in text
    assert text.splitlines()[-1] == f'120 frames -> {out}'
    assert len(text.splitlines()) <= 2, text  # the summary (and TFLite's own INFO line)


def test_params_file_typo_names_the_closest_parameter(tmp_path, capsys):
    params = tmp_path / 'typo.yaml'
    params.write_text(yaml.safe_dump({'/**': {'ros__parameters': {'min_pose_scor': 0.5}}}))
    assert main([str(tmp_path), '--output', str(tmp_path / 'o.jsonl'),
                 '--params-file', str(params)]) == 1
    assert "unknown parameter min_pose_scor; did you mean 'min_pose_score'?" in \
        capsys.readouterr().err


def _frames(path):
    video = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, pixels = video.read()
        if not ok:
            return frames
        frames.append(pixels)


def test_an_image_annotated_as_an_image_is_that_image(data_dir, tmp_path):
    source = data_dir / 'images' / 'squat.bmp'
    annotated = tmp_path / 'squat.png'
    assert main([str(source), '--output', str(tmp_path / 'o.jsonl'), '--annotated',
                 str(annotated), '--quiet']) == 0
    assert annotated.read_bytes().startswith(b'\x89PNG')
    original, drawn = cv2.imread(str(source)), cv2.imread(str(annotated))
    assert drawn.shape == original.shape
    assert (np.abs(drawn.astype(int) - original).max(axis=2) > 100).sum() > 500  # the skeleton


def test_an_image_annotated_as_a_video_is_a_one_frame_video(data_dir, tmp_path):
    annotated = tmp_path / 'squat.mp4'
    assert main([str(data_dir / 'images' / 'squat.bmp'), '--output', str(tmp_path / 'o.jsonl'),
                 '--annotated', str(annotated), '--quiet']) == 0
    (frame,) = _frames(annotated)
    assert frame.shape == (610, 500, 3)


def test_a_folder_annotated_as_avi_keeps_every_image_whatever_its_size(data_dir, tmp_path):
    annotated = tmp_path / 'images.avi'
    assert main([str(data_dir / 'images'), '--output', str(tmp_path / 'o.jsonl'),
                 '--annotated', str(annotated), '--quiet']) == 0
    frames = _frames(annotated)
    assert len(frames) == 5  # five images of four sizes, each fitted into the first's
    assert {f.shape for f in frames} == {(600, 512, 3)}  # grace_hopper.bmp's
    fourcc = int(cv2.VideoCapture(str(annotated)).get(cv2.CAP_PROP_FOURCC))
    assert fourcc.to_bytes(4, 'little') == b'MJPG'


@pytest.mark.parametrize('source, name, problem', [
    ('video/pose_1.mp4', 'out.png', '--annotated {out}: a video or a folder of images gives '
     'annotated frames as a video; name it .mp4, .m4v, .mov, .mkv, .avi'),
    ('images', 'out.jpg', 'a video or a folder of images gives annotated frames as a video'),
    ('video/pose_1.mp4', 'out', 'a video or a folder of images gives annotated frames'),
    ('images/squat.bmp', 'out.txt', '--annotated {out}: name an image (.bmp, .jpeg, .jpg, '
     '.png, .tif, .tiff, .webp) or a video (.mp4, .m4v, .mov, .mkv, .avi)'),
])
def test_an_annotated_name_that_does_not_fit_the_input_is_refused(
        data_dir, tmp_path, capsys, source, name, problem):
    out = tmp_path / name
    with pytest.raises(SystemExit) as exit_:
        main([str(data_dir / source), '--output', str(tmp_path / 'o.jsonl'), '--annotated',
              str(out)])
    assert exit_.value.code == 2
    assert problem.format(out=out) in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / 'o.jsonl').exists()


def test_an_annotated_image_may_not_overwrite_its_input(data_dir, tmp_path, capsys):
    image = tmp_path / 'squat.png'
    image.write_bytes(cv2.imencode('.png', cv2.imread(str(data_dir / 'images' /
                                                          'squat.bmp')))[1].tobytes())
    before = image.read_bytes()
    with pytest.raises(SystemExit):
        main([str(image), '--output', str(tmp_path / 'o.jsonl'), '--annotated', str(image)])
    assert f'--annotated {image} would overwrite the input' in capsys.readouterr().err
    assert image.read_bytes() == before
