# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_pose on a rosbag2 MCAP recording: images of one topic in, poses out.

The header stamps drive smoothing and tracking exactly as in the node, and the poses go
to JSON Lines (the CLI's format) or to an MCAP with the node's topics and types. A bag
that breaks midway still gives every frame before the damage, then a non-zero exit.
"""

import json
from pathlib import Path
import sys

from tqdm import tqdm

from .reader import Bag, bag_files, BagDamaged, BagError, is_bag
from .schemas import SchemaError
from .writer import PoseBagWriter
from ..core.draw import draw_poses
from ..core.frame_path import FramePath
from ..core.image_io import ImageError
from ..core.timeline import stamp_ns
from ..runtime.model_loading import load_estimator

__all__ = ['bag_option_error', 'BagError', 'frame_path', 'is_bag', 'McapOutput', 'run_bag']


def frame_path(values):
    """Build the FramePath of the model and estimator the parameters name (notes to stderr)."""
    return FramePath(load_estimator(values, _note), values)


def bag_option_error(args, bag):
    """Why the options do not fit the input (a bag or not), or None."""
    mcap_out = Path(args.output).suffix.lower() == '.mcap'
    if not bag:
        if args.topic:
            return '--topic needs a bag input'
        if args.annotated is True and not mcap_out:
            return ('--annotated needs a video file name, except with an .mcap --output: '
                    'the annotated images then go to /pose/image_annotated/compressed')
        if isinstance(args.annotated, str) and mcap_out:
            return ('with an .mcap --output, --annotated takes no file name: the annotated '
                    'images go to /pose/image_annotated/compressed')
        if args.copy_input and not mcap_out:
            return '--copy-input needs an .mcap --output'
        return None
    try:
        inputs = [f.resolve() for f in bag_files(args.input)]
    except BagError:
        inputs = []  # reported when the bag is opened
    if Path(args.output).resolve() in inputs:
        return f'--output {args.output} would overwrite the input'
    if args.fps:
        return '--fps does not apply to a bag: its header stamps give the time'
    if args.annotated is not None and (args.annotated is not True or not mcap_out):
        return ('for a bag, --annotated takes no file name and needs an .mcap --output: the '
                'annotated images go to /pose/image_annotated/compressed')
    if args.copy_input and not mcap_out:
        return '--copy-input needs an .mcap --output'
    return None


class JsonLinesOutput:
    """One JSON line per image, as for videos, stamped with the image's header stamp."""

    def __init__(self, path, record):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._out = open(path, 'w')
        self._record = record

    def write(self, index, image, result):
        frame = result.frame
        self._out.write(json.dumps(self._record(
            index, result.stamp, frame.width, frame.height, result.detected)) + '\n')

    def close(self):
        self._out.close()


class McapOutput:
    """
    The node's output topics in an MCAP file (see bags.writer).

    ``copy_topic`` also records the input: a bag's image messages unchanged, a video's
    frames as JPEG CompressedImage.
    """

    def __init__(self, path, args, values, copy_topic):
        self._writer = PoseBagWriter(path, annotated=bool(args.annotated), note=_note)
        self._annotated = bool(args.annotated)
        self._copy_topic = copy_topic if args.copy_input else None
        self._values = values

    def write(self, index, image, result):
        frame, poses = result.frame, result.detected
        if self._copy_topic:
            if getattr(image, 'schema', None) is not None:
                self._writer.copy_image(self._copy_topic, image)
            else:
                self._writer.write_frame(self._copy_topic, image, frame.pixels, frame.order)
        self._writer.write_poses(image, result.main, poses, frame.width, frame.height)
        self._writer.write_annotations(image, poses, (frame.width, frame.height),
                                       result.min_keypoint_score)
        if self._annotated:
            canvas = draw_poses(frame.pixels, poses, result.min_keypoint_score,
                                draw_box=self._values['draw_bbox'], order=frame.order)
            self._writer.write_annotated(image, canvas, frame.order)

    def close(self):
        self._writer.close()


def run_bag(args, values, record):
    """
    Process the image topic of the bag args.input; returns the number of frames written.

    ``record`` builds a JSON line (the CLI's pose_record). Raises BagError for a bag that
    cannot be read as asked, BagDamaged (after writing the frames before the damage) for
    one that breaks.
    """
    try:
        bag = Bag(args.input)
        topic = bag.image_topic(args.topic)
        path = frame_path(values)
        if Path(args.output).suffix.lower() == '.mcap':
            output = McapOutput(args.output, args, values, topic.name)
        else:
            output = JsonLinesOutput(args.output, record)
    except SchemaError as e:
        raise BagError(str(e)) from None
    count = skipped = 0
    first_problem = None
    progress = tqdm(total=topic.count or None, unit='img', desc=topic.name,
                    disable=args.quiet or not sys.stderr.isatty())
    warnings = []  # libjpeg's, on damaged JPEGs it decodes anyway: summed up at the end
    try:
        for image in bag.images(topic):
            progress.update()
            # An image without a stamp is timed by when it was recorded.
            stamp = image.message.header.stamp
            try:  # the annotated image is drawn on the whole JPEG
                result = path.process(image.image, stamp_ns(stamp.sec, stamp.nanosec),
                                      image.log_time, whole=bool(args.annotated))
            except ImageError as e:
                skipped += 1
                first_problem = first_problem or str(e)
                continue
            warnings.extend(result.decode_warnings)
            output.write(count, image, result)
            count += 1
    except BagDamaged as e:
        raise BagDamaged(f'{e}; wrote {count} frames to {args.output}') from None
    finally:
        progress.close()
        output.close()
    if warnings:
        print(f'movenet_pose: {len(warnings)} libjpeg warnings on damaged JPEGs, decoded '
              f'anyway (first: {warnings[0]})', file=sys.stderr)
    if skipped:
        print(f'movenet_pose: skipped {skipped} images that cannot be read (first: '
              f'{first_problem})', file=sys.stderr)
    return count


def _note(message):
    print(f'movenet_pose: {message}', file=sys.stderr)
