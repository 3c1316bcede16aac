# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_pose: the node's pipeline on files, without ROS.

INPUT is a video, an image or a folder of images. Each frame becomes one JSON line:
{"frame": i, "stamp": s, "width": w, "height": h, "poses": [{"score": s, "keypoints":
[{"name": n, "x": px, "y": py, "score": k}, ...17]}]}. Video frames are stamped at 1/fps
steps (fps from the file, or --fps), which drives smoothing exactly as header stamps do
in the node. The params file is the node's YAML. A rosbag2 MCAP recording (a file or a
bag folder) goes to bags.run instead, stamped by its header stamps. The mcap libraries
are needed only for a bag in or an .mcap out (bags.mcap_libraries).
"""

import argparse
from pathlib import Path
import sys
from types import SimpleNamespace

import cv2
import numpy as np
from tqdm import tqdm
import yaml

from .bags.mcap_libraries import INSTALL as INSTALL_MCAP, McapMissing, require_mcap
from .bags.run import (bag_option_error, BagError, frame_path, is_bag, JsonLinesOutput,
                       McapOutput, run_bag)
from .controllers.analysis import PoseAnalysis
from .controllers.reps import ExerciseError
from .core.draw import draw_poses
from .core.image_io import frame_from_array
from .core.keypoints import KEYPOINT_NAMES
from .core.models import ModelError, MODELS
from .core.parameters import read_params_file
from .node.parameters import node_defaults, validate_node_values

PROG = 'movenet_pose'
IMAGE_SUFFIXES = {'.bmp', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp'}
#: --annotated video containers and their codec. OpenCV writes any name, whatever its
#: suffix says (an MPEG stream into a .png), so only these are taken; Motion JPEG in .avi
#: needs no FFmpeg in the OpenCV build.
VIDEO_CODECS = {'.mp4': 'mp4v', '.m4v': 'mp4v', '.mov': 'mp4v', '.mkv': 'mp4v', '.avi': 'MJPG'}


class InputError(ValueError):
    """An input path that cannot be read as images."""


def parameter_values(args):
    """Node parameters: defaults, then the params file, then --model-type; validated."""
    values = node_defaults()  # the node's params file: its ROS-side parameters are allowed
    if args.params_file:
        try:
            values.update(read_params_file(args.params_file))
        except ValueError as e:
            raise InputError(str(e)) from None
    if args.model_type:
        values['model_type'] = args.model_type
    reason = validate_node_values(values)
    if reason:
        raise InputError(f'parameters: {reason}')
    return values


def frames(source, fps=None):
    """
    Yield (stamp in integer nanoseconds, BGR pixels) of a video, an image or a folder.

    Frame i of a video is stamped i / fps seconds, rounded to the nanosecond as a header
    stamp would be.
    """
    source = Path(source)
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise InputError(f'{source} holds no images')
        rate = fps or 30.0
        for i, path in enumerate(files):
            yield round(i * 1e9 / rate), _read_image(path)
        return
    if not source.is_file():
        raise InputError(f'{source} does not exist')
    if source.suffix.lower() in IMAGE_SUFFIXES:
        yield 0, _read_image(source)
        return
    capture = cv2.VideoCapture(str(source))
    try:
        if not capture.isOpened():
            raise InputError(f'cannot open {source} as a video')
        rate = fps or source_fps(source)
        index = 0
        while True:
            ok, pixels = capture.read()
            if not ok:
                return
            yield round(index * 1e9 / rate), pixels
            index += 1
    finally:
        capture.release()


def frame_count(source):
    """Count the frames of ``source`` when that is cheap (for the progress bar), else 0."""
    source = Path(source)
    if source.is_dir():
        return sum(1 for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if source.suffix.lower() in IMAGE_SUFFIXES:
        return 1
    capture = cv2.VideoCapture(str(source))
    try:
        return int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    finally:
        capture.release()


def source_fps(source):
    """Frame rate of a video file; 30 for images and folders."""
    source = Path(source)
    if source.is_file() and source.suffix.lower() not in IMAGE_SUFFIXES:
        capture = cv2.VideoCapture(str(source))
        try:
            return capture.get(cv2.CAP_PROP_FPS) or 30.0
        finally:
            capture.release()
    return 30.0


def _read_image(path):
    pixels = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if pixels is None:
        raise InputError(f'cannot read {path} as an image')
    return pixels


def pose_record(index, stamp, width, height, poses):
    """Build the JSON object of one frame (poses below min_pose_score are left out)."""
    records = []
    for pose in poses:
        if not pose.detected:
            continue
        record = {
            'score': round(float(pose.score), 4),
            'keypoints': [
                {'name': name, 'x': round(float(x), 2), 'y': round(float(y), 2),
                 'score': round(float(s), 4)}
                for name, (x, y, s) in zip(KEYPOINT_NAMES, pose.keypoints.tolist())]}
        if pose.track_id >= 0:
            record['track_id'] = pose.track_id
        records.append(record)
    return {'frame': index, 'stamp': round(stamp, 6), 'width': width, 'height': height,
            'poses': records}


def analysed_record(args, values):
    """pose_record plus joint angles for every pose, and repetitions with --exercise."""
    try:
        analysis = PoseAnalysis.for_exercise(values['min_keypoint_score'],
                                             args.exercise, args.exercises_file)
    except ExerciseError as e:
        raise InputError(str(e)) from None

    def record(index, stamp, width, height, poses):
        return analysis.annotate(pose_record(index, stamp, width, height, poses), poses, stamp)
    return record


#: The input's topic in an MCAP written from a video or images (with --copy-input).
CAMERA_TOPIC = '/camera/image_raw/compressed'


class VideoImage:
    """A frame of a video or image folder, as the MCAP writer takes a bag's image."""

    schema = None  # not a recorded message: --copy-input writes its pixels as JPEG

    def __init__(self, ns):
        self.message = SimpleNamespace(header={
            'stamp': {'sec': ns // 10**9, 'nanosec': ns % 10**9}, 'frame_id': 'camera'})
        self.log_time = self.publish_time = ns


def _is_image(path):
    path = Path(path)
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.is_dir()


def annotated_error(args):
    """Why --annotated's file name does not fit the input (not a bag), or None."""
    if not isinstance(args.annotated, str):
        return None
    if Path(args.annotated).resolve() == Path(args.input).resolve():
        return f'--annotated {args.annotated} would overwrite the input'
    suffix = Path(args.annotated).suffix.lower()
    videos = ', '.join(VIDEO_CODECS)
    if _is_image(args.input):
        if suffix in IMAGE_SUFFIXES or suffix in VIDEO_CODECS:
            return None
        images = ', '.join(sorted(IMAGE_SUFFIXES))
        return f'--annotated {args.annotated}: name an image ({images}) or a video ({videos})'
    if suffix not in VIDEO_CODECS:
        return (f'--annotated {args.annotated}: a video or a folder of images gives annotated '
                f'frames as a video; name it {videos}')
    return None


class AnnotatedFile:
    """
    --annotated: every frame with its skeleton, as a video, or as an image.

    The name's suffix picks the format: an image input named as an image gives that
    image, anything else a video (an image input named as a video: a one-frame video).
    main() has checked the name against the input (annotated_error). The video takes the
    first frame's size; a folder's images of other sizes are fitted into it (OpenCV
    would drop them).
    """

    def __init__(self, path, fps):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fps = fps
        self._video = None
        self._size = None  # (rows, columns) of the video

    def write(self, canvas):
        """Write one annotated frame (BGR)."""
        suffix = self.path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            if not cv2.imwrite(str(self.path), canvas):
                raise InputError(f'cannot write the annotated image {self.path}')
            return
        if self._video is None:
            self._video = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(
                *VIDEO_CODECS[suffix]), self._fps, (canvas.shape[1], canvas.shape[0]))
            if not self._video.isOpened():
                raise InputError(f'cannot write the annotated video {self.path} (OpenCV has '
                                 f'no {VIDEO_CODECS[suffix]} writer for {suffix})')
            self._size = canvas.shape[:2]
        self._video.write(_fitted(canvas, self._size))

    def close(self):
        """Finish the video, if one was started."""
        if self._video is not None:
            self._video.release()


def _fitted(canvas, size):
    """Return ``canvas`` scaled into ``size`` (rows, columns), centred on black, if needed."""
    rows, columns = size
    if canvas.shape[:2] == (rows, columns):
        return canvas
    scale = min(rows / canvas.shape[0], columns / canvas.shape[1])
    scaled = cv2.resize(canvas, (max(1, round(canvas.shape[1] * scale)),
                                 max(1, round(canvas.shape[0] * scale))),
                        interpolation=cv2.INTER_AREA)
    frame = np.zeros((rows, columns, 3), np.uint8)
    top, left = (rows - scaled.shape[0]) // 2, (columns - scaled.shape[1]) // 2
    frame[top:top + scaled.shape[0], left:left + scaled.shape[1]] = scaled
    return frame


def run(args):
    """Process every frame of args.input; returns the number of frames."""
    values = parameter_values(args)
    record_of = analysed_record(args, values)
    path = frame_path(values)
    total = frame_count(args.input)
    count = 0
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    separate_images = Path(args.input).is_dir()
    annotated = None
    if Path(args.output).suffix.lower() == '.mcap':
        output = McapOutput(args.output, args, values, CAMERA_TOPIC)  # --annotated goes in it
    else:
        output = JsonLinesOutput(args.output, record_of)
        if args.annotated:
            annotated = AnnotatedFile(args.annotated, args.fps or source_fps(args.input))
    # A bar on a terminal only: a log file gets the summary line, not a line per update.
    progress = tqdm(total=total or None, unit='frame', file=sys.stderr,
                    disable=True if args.quiet else None, dynamic_ncols=True)
    try:
        with progress:
            for count, (ns, pixels) in enumerate(frames(args.input, args.fps), start=1):
                if separate_images:  # unrelated photos: nothing to follow between them
                    path.reset()
                # A video's first frame is stamped 0: its own stamp all the same.
                result = path.process(frame_from_array(pixels, 'bgr'), ns, fallback_ns=ns)
                output.write(count - 1, VideoImage(ns), result)
                if annotated:
                    annotated.write(draw_poses(pixels, result.detected,
                                               values['min_keypoint_score'], order='bgr'))
                progress.update()
    finally:
        output.close()
        if annotated:
            annotated.close()
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=f'ros2 run movenet_ros {PROG}', description='MoveNet pose estimation on files, '
        'one JSON line per frame (same core and parameters as movenet_node). A bag in or an '
        f'.mcap out needs the mcap libraries ({INSTALL_MCAP}).')
    parser.add_argument('input', help='video file, image file, folder of images, or a '
                        'rosbag2 recording (.mcap file or bag folder)')
    parser.add_argument('--output', required=True, metavar='FILE',
                        help='JSON Lines file to write, or an .mcap file: the poses on the '
                        "node's topics, for Foxglove (from any input)")
    parser.add_argument('--params-file', help="the node's YAML params file")
    parser.add_argument('--model-type', choices=sorted(MODELS), help='overrides the params file')
    parser.add_argument('--annotated', nargs='?', const=True, metavar='FILE',
                        help='also write the frames with the skeleton: to this video '
                        f"({', '.join(VIDEO_CODECS)}), or for an image input to this image "
                        '(.png, .jpg, ...); with an .mcap --output, no file name: to '
                        '/pose/image_annotated/compressed in it')
    parser.add_argument('--fps', type=float, help='stamp step for frames (default: the '
                        "video's frame rate, 30 for images)")
    parser.add_argument('--quiet', action='store_true',
                        help='no progress bar (there is none when stderr is not a terminal)')
    parser.add_argument('--topic', help='bag: image topic to read (default: the only one)')
    parser.add_argument('--copy-input', action='store_true',
                        help="with an .mcap --output: also write the input into it (a bag's "
                        "image topic unchanged, a video's or images' frames as JPEG on "
                        f'{CAMERA_TOPIC})')
    parser.add_argument('--exercise', help='count repetitions of this exercise (a name in '
                        'the exercises file) and add "reps" to every pose')
    parser.add_argument('--exercises-file', help='exercises YAML (default: the installed '
                        'config/exercises.yaml)')
    args = parser.parse_args(argv)
    bag = is_bag(args.input)
    problem = bag_option_error(args, bag) or (None if bag else annotated_error(args))
    if problem:
        parser.error(problem)
    try:
        if bag or Path(args.output).suffix.lower() == '.mcap':
            require_mcap()  # named before a model is loaded
        if bag:
            values = parameter_values(args)
            count = run_bag(args, values, analysed_record(args, values))
        else:
            count = run(args)
    except (InputError, BagError, McapMissing, ModelError, OSError, yaml.YAMLError) as e:
        print(f'{PROG}: {e}', file=sys.stderr)
        return 1
    print(f'{count} frames -> {args.output}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
