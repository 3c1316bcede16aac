# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Schema text for MCAP output: rosbag2's layout, built from the installed .msg files."""

from mcap_ros2.decoder import DecoderFactory
from mcap_ros2.writer import Writer
from movenet_ros.bags.schemas import (DELIMITER, field_types, message_definition, msg_file,
                                      SchemaError, split_type)
import pytest


def test_field_types_skip_primitives_and_constants_and_resolve_packages():
    text = '\n'.join([
        '# a comment naming Fake/Type',
        'uint8 RED=1',
        'string NAME="x#y"',
        'std_msgs/Header header',
        'Header legacy  # ROS 1 spelling',
        'Keypoint[17] keypoints',
        'Keypoint[] more',
        'geometry_msgs/msg/Point[<=3] points',
        'string<=8 label',
        'float32[] values',
        'BoundingBox bbox',
    ])
    assert field_types(text, 'movenet_ros_msgs') == [
        'std_msgs/Header', 'movenet_ros_msgs/Keypoint', 'geometry_msgs/Point',
        'movenet_ros_msgs/BoundingBox']


def test_definition_lists_each_dependency_once_depth_first():
    files = {
        'p/A': 'p/B b\nC c\nq/D d\n',
        'p/B': 'q/D d\nint32 x\n',
        'p/C': 'p/B b2\n',
        'q/D': 'float64 v',
    }
    text = message_definition('p/msg/A', read=files.__getitem__)
    assert text == (f'p/B b\nC c\nq/D d\n{DELIMITER}\nMSG: p/B\nq/D d\nint32 x\n'
                    f'{DELIMITER}\nMSG: q/D\nfloat64 v\n{DELIMITER}\nMSG: p/C\np/B b2')


def test_installed_pose_array_definition_has_every_type_and_round_trips(tmp_path):
    name = 'movenet_ros_msgs/msg/PoseKeypointsArray'
    text = message_definition(name)
    sections = text.split(f'\n{DELIMITER}\n')
    assert sections[0] == msg_file(name).read_text().rstrip('\n')
    assert [s.splitlines()[0] for s in sections[1:]] == [
        'MSG: std_msgs/Header', 'MSG: builtin_interfaces/Time',
        'MSG: movenet_ros_msgs/PoseKeypoints', 'MSG: movenet_ros_msgs/Keypoint',
        'MSG: movenet_ros_msgs/BoundingBox']
    # The mcap libraries encode and decode with it: a reader needs nothing else.
    path = tmp_path / 'one.mcap'
    pose = {'header': {'stamp': {'sec': 3, 'nanosec': 5}, 'frame_id': 'cam'},
            'image_width': 640, 'image_height': 480, 'score': 0.5, 'detected': True,
            'keypoints': [{'name': f'k{i}', 'x': i, 'y': 2 * i, 'score': 0.25}
                          for i in range(17)],
            'bbox': {'x_min': 1, 'y_min': 2, 'x_max': 3, 'y_max': 4}, 'track_id': 7}
    with open(path, 'wb') as stream, Writer(stream) as writer:
        schema = writer.register_msgdef(name, text)
        writer.write_message('/pose/poses', schema, {
            'header': pose['header'], 'image_width': 640, 'image_height': 480,
            'poses': [pose]}, log_time=1)
    from mcap.reader import make_reader
    with open(path, 'rb') as stream:
        ((_, _, _, decoded),) = make_reader(
            stream, decoder_factories=[DecoderFactory()]).iter_decoded_messages()
    (back,) = decoded.poses
    assert (back.track_id, back.keypoints[16].y, back.bbox.x_max) == (7, 32.0, 3.0)
    assert back.header.frame_id == 'cam' and back.header.stamp.nanosec == 5


def test_image_definitions_come_from_the_installed_sensor_msgs():
    text = message_definition('sensor_msgs/msg/CompressedImage')
    assert text.splitlines()[-1] == 'uint32 nanosec'
    assert f'{DELIMITER}\nMSG: std_msgs/Header\n' in text
    assert 'string format' in text and 'uint8[] data' in text


def test_missing_type_says_how_to_install_it():
    with pytest.raises(SchemaError, match='make setup'):
        message_definition('movenet_ros_msgs/msg/NoSuchType')
    with pytest.raises(SchemaError, match='not a message type name'):
        split_type('PoseKeypoints')
