# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Images from a rosbag2 recording in MCAP: one .mcap file or a bag folder (metadata.yaml).

The bag's own schemas decode the messages (mcap-ros2-support), so no ROS install is
needed; pixels go through the same conversions as the node's subscriber (core.image_io).
The mcap libraries are imported when a Bag opens (bags.mcap_libraries): is_bag and
bag_files work without them, so a bag is recognised and the missing install named.
A file whose summary is readable is read in log-time order through its index; a file cut
short (a recorder that was killed) is read front to back until the damage.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .mcap_libraries import mcap_reading
from ..core.frame_path import Encoded, RawBuffer

RAW = 'sensor_msgs/msg/Image'
COMPRESSED = 'sensor_msgs/msg/CompressedImage'


class BagError(ValueError):
    """A bag that cannot be read as asked (no such topic, unsupported storage, ...)."""


class BagDamaged(BagError):
    """A bag that ends or breaks in the middle; ``where`` says after what."""


@dataclass
class Topic:
    """One topic of the bag: its type ('pkg/msg/Type') and message count."""

    name: str
    msg_type: str
    count: int = 0


@dataclass
class BagImage:
    """One image message, not yet decoded, and the times it was recorded with."""

    image: object        # core.frame_path.Encoded or RawBuffer, for FramePath.process
    stamp: float         # header stamp in seconds (0 when the camera left it empty)
    log_time: int        # nanoseconds, as the recorder logged it
    publish_time: int
    message: object      # the decoded message (header, and the data for --copy-input)
    schema: object       # mcap Schema record of the message


def is_bag(path):
    """Whether ``path`` is an MCAP file or a rosbag2 folder (metadata.yaml)."""
    path = Path(path)
    return path.suffix.lower() == '.mcap' or (path / 'metadata.yaml').is_file()


def normalize_type(name):
    """'pkg/msg/Type' for both spellings a recorder may use ('pkg/Type' too)."""
    parts = name.split('/')
    return f'{parts[0]}/msg/{parts[1]}' if len(parts) == 2 else name


def bag_files(path):
    """List the .mcap files of a bag, in recording order."""
    path = Path(path)
    if not path.exists():
        raise BagError(f'{path} does not exist')
    if path.is_file():
        return [path]
    try:
        info = yaml.safe_load((path / 'metadata.yaml').read_text())['rosbag2_bagfile_information']
        storage = info.get('storage_identifier', 'mcap')
        names = info.get('relative_file_paths') or []
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        raise BagError(f'{path}/metadata.yaml is not rosbag2 metadata ({e})') from None
    if storage != 'mcap':
        raise BagError(f"{path} is stored as '{storage}'; only MCAP bags are read "
                       '(ros2 bag convert turns it into one)')
    files = [path / name for name in names] or sorted(path.glob('*.mcap'))
    missing = [str(f) for f in files if not f.is_file()]
    if missing or not files:
        raise BagError(f"{path}: missing bag files {', '.join(missing) or '(none listed)'}")
    return files


class Bag:
    """A recording's topics and its images, one file after the other."""

    def __init__(self, path):
        self.path = Path(path)
        self.files = bag_files(path)
        self._mcap = mcap_reading()
        self.topics = {}
        self._indexed = {}  # file -> whether its summary (index) is readable
        for file in self.files:
            self._add_topics(file)

    def image_topics(self):
        """Names of the topics holding sensor_msgs Image or CompressedImage."""
        return sorted(t.name for t in self.topics.values() if t.msg_type in (RAW, COMPRESSED))

    def image_topic(self, name=None):
        """Pick the topic to read: ``name``, or the only image topic; BagError lists them."""
        images = self.image_topics()
        listed = ', '.join(images) or 'none'
        if name is None:
            if len(images) == 1:
                return self.topics[images[0]]
            raise BagError(f'{self.path} holds {len(images) or "no"} image topics; choose one '
                           f'with --topic (image topics: {listed})')
        topic = self.topics.get(name)
        if topic is None:
            raise BagError(f'{self.path} has no topic {name} (image topics: {listed})')
        if topic.msg_type not in (RAW, COMPRESSED):
            raise BagError(f'{name} in {self.path} is {topic.msg_type}, not an image '
                           f'(image topics: {listed})')
        return topic

    def images(self, topic):
        """
        Yield a BagImage per message of ``topic``; other topics are skipped.

        Images are yielded as received, for core/frame_path to decode one at a time, so a
        decoder that asks the estimator for its next crop sees the state after the
        previous image. Raises BagDamaged once the bag breaks, after every image before
        the damage.
        """
        decoders = self._mcap.DecoderFactory()
        done = 0
        stamp = None
        for file in self.files:
            with open(file, 'rb') as stream:
                try:
                    if self._indexed[file]:
                        messages = self._mcap.SeekingReader(
                            stream, validate_crcs=True).iter_messages(topics=[topic.name])
                    else:
                        messages = self._mcap.NonSeekingReader(
                            stream, validate_crcs=True).iter_messages(
                                topics=[topic.name], log_time_order=False)
                    for schema, channel, message in messages:
                        image = self._decode(decoders, schema, channel, message)
                        done += 1
                        stamp = image.stamp
                        yield image
                except BagError:
                    raise
                except Exception as e:  # noqa: B902 - mcap, zstd, lz4 and CDR raise their own
                    where = f'after {done} images of {topic.name}'
                    if stamp is not None:
                        where += f' (last stamp {stamp:.6f} s)'
                    raise BagDamaged(
                        f'{file} is damaged: reading stopped {where}, near byte '
                        f'{_position(stream)} of {file.stat().st_size} '
                        f'({type(e).__name__}: {e})') from None

    def _decode(self, decoders, schema, channel, message):
        try:
            decode = decoders.decoder_for(channel.message_encoding, schema) if schema else None
        except self._mcap.McapError as e:
            raise BagError(f'the schema of {channel.topic} cannot be parsed: {e}') from None
        if decode is None:
            raise BagError(f'{channel.topic} is recorded as {channel.message_encoding} with '
                           f"schema encoding '{getattr(schema, 'encoding', None)}'; only "
                           'CDR with ros2msg schemas is read')
        msg = decode(message.data)
        stamp = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        if normalize_type(schema.name) == COMPRESSED:
            received = Encoded(msg.data)
        else:
            received = RawBuffer(msg.data, msg.encoding, msg.width, msg.height, msg.step,
                                 bool(msg.is_bigendian))
        return BagImage(received, stamp, message.log_time, message.publish_time, msg, schema)

    def _add_topics(self, file):
        """Add the topics and counts of ``file``: from its summary, else by reading it."""
        try:
            stream = open(file, 'rb')
        except OSError as e:
            raise BagError(f'cannot read {file}: {e}') from None
        with stream:
            try:
                summary = self._mcap.SeekingReader(stream).get_summary()
            except Exception:  # noqa: B902 - no readable summary: count by reading the file
                summary = None
        self._indexed[file] = bool(summary and summary.chunk_indexes)
        if summary is not None and summary.statistics is not None:
            counts = summary.statistics.channel_message_counts
            for channel in summary.channels.values():
                schema = summary.schemas.get(channel.schema_id)
                self._count(channel.topic, schema, counts.get(channel.id, 0))
            return
        self._scan(file)

    def _scan(self, file):
        """Count messages per topic front to back, up to where the file breaks."""
        try:
            with open(file, 'rb') as stream:
                for schema, channel, _ in self._mcap.NonSeekingReader(
                        stream, validate_crcs=True).iter_messages(log_time_order=False):
                    self._count(channel.topic, schema, 1)
        except Exception as e:  # noqa: B902 - mcap, zstd, lz4 and CDR raise their own
            if not self.topics:
                raise BagError(f'{file} is not a readable MCAP file ({type(e).__name__}: '
                               f'{e})') from None

    def _count(self, name, schema, count):
        type_name = normalize_type(schema.name) if schema is not None else '(no schema)'
        topic = self.topics.setdefault(name, Topic(name, type_name))
        topic.count += count


def _position(stream):
    try:
        return stream.tell()
    except (OSError, ValueError):
        return '?'
