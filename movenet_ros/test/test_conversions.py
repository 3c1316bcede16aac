# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Message conversions: images in (the one numpy path), poses and images out."""


from movenet_ros.core.image_io import frame_from_compressed
from movenet_ros.core.keypoints import KEYPOINT_NAMES, Pose
from movenet_ros.ros.conversions import array_to_compressed, array_to_image, image_to_frame
from movenet_ros.ros.conversions import pose_to_msg
import numpy as np
import pytest
from std_msgs.msg import Header

RNG = np.random.default_rng(7)
BGR = RNG.integers(0, 256, (6, 8, 3), dtype=np.uint8)


def _messages():
    gray = BGR[..., 0]
    wide = (gray.astype(np.uint16) * 257)
    return [
        array_to_image(BGR[..., ::-1], 'rgb8', Header()),
        array_to_image(BGR, 'bgr8', Header()),
        array_to_image(np.concatenate([BGR, gray[..., None]], 2), 'bgra8', Header()),
        array_to_image(gray, 'mono8', Header()),
        _wide_image(wide, big_endian=False),
        _wide_image(wide, big_endian=True),
    ]


def _wide_image(values, big_endian):
    msg = array_to_image(np.zeros((6, 8), np.uint8), 'mono16', Header())
    msg.step = 16
    msg.is_bigendian = int(big_endian)
    msg.data = values.astype('>u2' if big_endian else '<u2').tobytes()
    return msg


def test_numpy_path_reads_what_array_to_image_wrote():
    for msg in _messages()[:2]:
        frame = image_to_frame(msg)
        np.testing.assert_array_equal(np.asarray(frame.rgb()), BGR[..., ::-1])
    little, big = (image_to_frame(m) for m in _messages()[4:])
    np.testing.assert_array_equal(little.pixels, big.pixels)
    np.testing.assert_array_equal(little.pixels[..., 0], BGR[..., 0])


def test_annotated_jpeg_decodes_back_to_the_picture():
    header = Header(frame_id='cam')
    smooth = np.zeros((16, 16, 3), np.uint8)
    smooth[..., 2] = np.arange(16) * 16  # red ramp: channel order must survive
    msg = array_to_compressed(smooth[..., ::-1], 'rgb', header, quality=100)
    assert msg.header.frame_id == 'cam' and msg.format == 'bgr8; jpeg compressed bgr8'
    decoded = frame_from_compressed(bytes(msg.data))
    assert decoded.order == 'bgr'
    assert np.abs(decoded.pixels.astype(int) - smooth).max() < 8


def test_pose_message_carries_every_field():
    keypoints = np.arange(51, dtype=np.float32).reshape(17, 3) / 51
    pose = Pose(keypoints, 0.5, True, 640, 480, (1.0, 2.0, 3.0, 4.0), track_id=3)
    msg = pose_to_msg(pose, Header(frame_id='cam'))
    assert [k.name for k in msg.keypoints] == list(KEYPOINT_NAMES)
    assert msg.keypoints[16].x == pytest.approx(48 / 51) and msg.keypoints[16].score == \
        pytest.approx(50 / 51)
    assert (msg.image_width, msg.image_height, msg.detected, msg.track_id) == (640, 480, True, 3)
    assert (msg.bbox.x_min, msg.bbox.y_max) == (1.0, 4.0) and msg.header.frame_id == 'cam'
