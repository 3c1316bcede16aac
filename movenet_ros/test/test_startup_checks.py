# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Mistakes that used to fail silently are named in the log, and whole numbers fit floats.

Unit tests of the pure parts, then the real node as a process: a misspelt params file, a
wrong image topic, integers for float parameters, the MultiPose start-up line and the
annotated image of an rgb8 and a bgr8 camera.
"""

from types import SimpleNamespace

import cv2
from movenet_ros.node.parameters import PARAMETERS, PARAMETERS_BY_NAME
from movenet_ros.node.startup_checks import (closest_name, describe_input,
                                             unknown_parameter_messages)
import numpy as np
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import Peer, publish_until, set_parameters, start_node, stop, wait_for_output
from sensor_msgs.msg import Image
import yaml

NAMES = [p.name for p in PARAMETERS]


def test_closest_name_finds_the_misspelt_parameter():
    assert closest_name('min_pose_scor', NAMES) == 'min_pose_score'
    assert closest_name('model_typ', NAMES) == 'model_type'
    assert closest_name('smoothing_betta', NAMES) == 'smoothing_beta'
    assert closest_name('frobnicate', NAMES) == ''


def test_unknown_parameter_messages():
    given = {'min_pose_scor': 0.5, 'model_type': 'thunder', 'frobnicate': 1,
             'qos_overrides./image.subscription.reliability': 'reliable'}
    assert unknown_parameter_messages(given, NAMES) == [
        "parameter 'frobnicate' is not one of this node's and is ignored (`--help` lists "
        'the parameters)',
        "parameter 'min_pose_scor' is not one of this node's and is ignored; did you mean "
        "'min_pose_score'?"]


def test_describe_input_fixed_and_dynamic():
    fixed = SimpleNamespace(input_width=192, input_height=192, input_dtype=np.dtype('uint8'))
    assert describe_input(fixed, {}) == '192x192 uint8'
    dynamic = SimpleNamespace(input_width=0, input_height=0, input_dtype=np.dtype('int32'))
    assert describe_input(dynamic, {'multipose_max_dimension': 384}) == (
        'any size, long side 384 padded to multiples of 32, int32')


def test_float_parameters_take_whole_numbers_with_the_same_checks():
    beta = PARAMETERS_BY_NAME['smoothing_beta']
    assert beta.coerce(300) == 300.0 and type(beta.coerce(300)) is float
    assert beta.check(300) == ''
    assert beta.check(-1) == 'smoothing_beta must be >= 0.0, got -1.0'
    assert PARAMETERS_BY_NAME['num_threads'].coerce(2) == 2
    assert PARAMETERS_BY_NAME['enable_smoothing'].coerce(True) is True


def test_misspelt_params_file_keys_are_named_with_the_closest_name(tmp_path):
    params = tmp_path / 'typos.yaml'
    params.write_text(yaml.safe_dump({'/**': {'ros__parameters': {
        'min_pose_scor': 0.5, 'model_typ': 'thunder'}}}))
    process = start_node('--params-file', str(params), '-r', '__ns:=/typo',
                         image_topic='/typo/camera')
    try:
        wait_for_output(process, 'listening on /typo/camera', timeout=60.0)
    finally:
        output = stop(process)
    assert ("parameter 'min_pose_scor' is not one of this node's and is ignored; did you mean "
            "'min_pose_score'?") in output
    assert "parameter 'model_typ' is not one of this node's and is ignored; did you mean " \
        "'model_type'?" in output
    assert output.count('is not one of this node') == 2  # once each, nothing else


def test_no_image_names_the_topic_and_the_image_topics_that_exist():
    process = start_node('-r', '__ns:=/wd', image_topic='/wd/camera/wrong')
    peer = Peer('watchdog_tester')
    try:
        camera = peer.node.create_publisher(Image, '/wd/camera/image_raw', 5)
        wait_for_output(process, 'listening on /wd/camera/wrong', timeout=60.0)
        peer.spin_for(0.5)
        assert camera.get_subscription_count() == 0
        wait_for_output(process, 'no image received on /wd/camera/wrong', timeout=30.0)
    finally:
        peer.close()
        output = stop(process)
    line = next(x for x in output.splitlines() if 'no image received' in x)
    assert line.startswith('[WARN]')
    assert '/wd/camera/image_raw (Image)' in line and 'image_topic' in line
    assert '/wd/pose/image_annotated' not in line  # the node's own output is not a candidate
    assert output.count('no image received') == 1  # repeated at most once a minute


def test_whole_numbers_for_float_parameters_everywhere(tmp_path):
    params = tmp_path / 'ints.yaml'
    params.write_text(yaml.safe_dump({'/**': {'ros__parameters': {'max_latency': 1}}}))
    process = start_node('--params-file', str(params), '-r', '__ns:=/ints', '-p',
                         'smoothing_beta:=300', image_topic='/ints/camera')
    peer = Peer('int_float_tester')
    try:
        wait_for_output(process, 'listening on', timeout=60.0)
        results = set_parameters(peer, '/ints/movenet', {'smoothing_beta': 250,
                                                         'max_latency': 2})
        assert [r.successful for r in results] == [True, True], results
        (bad,) = set_parameters(peer, '/ints/movenet', {'smoothing_beta': -5})
        assert not bad.successful and bad.reason == 'smoothing_beta must be >= 0.0, got -5.0'
        (text,) = set_parameters(peer, '/ints/movenet', {'max_latency': 'soon'})
        assert not text.successful and text.reason == 'max_latency must be a float, got str'
    finally:
        peer.close()
        output = stop(process)
    assert process.returncode == 0 and 'Traceback' not in output, output


def test_multipose_start_up_line_describes_its_input():
    process = start_node('-r', '__ns:=/mpline', '-p', 'model_type:=multipose',
                         image_topic='/mpline/camera')
    try:
        wait_for_output(process, 'listening on', timeout=60.0)
    finally:
        output = stop(process)
    assert ('input any size, long side 256 padded to multiples of 32, int32, each person '
            'refined by movenet_singlepose_thunder_f16.tflite); listening on /mpline/camera'
            ) in output
    assert 'input 0x0' not in output


def test_annotated_image_has_the_same_colours_for_rgb8_and_bgr8_cameras(read_image):
    process = start_node('-r', '__ns:=/colours', '-p', 'enable_cropping:=false', '-p',
                         'enable_smoothing:=false', image_topic='/colours/camera')
    peer = Peer('colour_tester')
    annotated = []
    try:
        camera = peer.node.create_publisher(
            Image, '/colours/camera', QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
        peer.node.create_subscription(Image, '/colours/pose/image_annotated', annotated.append,
                                      10)
        wait_for_output(process, 'listening on', timeout=60.0)
        peer.wait_for_subscribers(camera)
        # Half size: frames stay below Fast DDS's default shared-memory segment, so a
        # best-effort reader on stock middleware gets them whole.
        bgr = cv2.resize(read_image('squat.bmp').pixels, (250, 305))
        for sec, (encoding, pixels) in enumerate((('bgr8', bgr), ('rgb8', bgr[..., ::-1])), 1):
            msg = Image(height=305, width=250, encoding=encoding, step=750,
                        data=np.ascontiguousarray(pixels).tobytes())
            msg.header.stamp.sec = sec
            # Until rendered: the node renders once it has seen our subscription.
            assert publish_until(peer, camera, msg, lambda: any(
                a.header.stamp.sec == sec for a in annotated)), 'no annotated image'
    finally:
        peer.close()
        stop(process)
    as_bgr, as_rgb = (next(a for a in annotated if a.header.stamp.sec == sec) for sec in (1, 2))
    assert (as_bgr.encoding, as_rgb.encoding) == ('bgr8', 'rgb8')
    from_bgr = np.frombuffer(as_bgr.data, np.uint8).reshape(305, 250, 3)[..., ::-1]
    from_rgb = np.frombuffer(as_rgb.data, np.uint8).reshape(305, 250, 3)
    assert (from_bgr != bgr[..., ::-1]).any(), 'nothing was drawn'
    np.testing.assert_array_equal(from_bgr, from_rgb)  # the same picture, the same colours
