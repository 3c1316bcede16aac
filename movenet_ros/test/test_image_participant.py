# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The annotated image goes out from a DDS participant of its own, under the node's remaps.

What the graph shows of a running node: which node publishes each output, and from which
participant (the first 12 bytes of an endpoint's GID are its participant's GUID prefix).
"""

import cv2
import pytest
from ros_harness import bgr8_image, Peer, publish_until, start_node, stop
from sensor_msgs.msg import Image


def _publisher(peer, topic, timeout=30.0):
    """Wait for the one publisher of ``topic`` and its node's name in the graph."""
    found = []

    def discovered():
        # An endpoint can be known before the node that owns it: its name is then
        # _NODE_NAME_UNKNOWN_ until the node's graph message arrives.
        found[:] = peer.node.get_publishers_info_by_topic(topic)
        return len(found) == 1 and found[0].node_name != '_NODE_NAME_UNKNOWN_'
    assert peer.spin_until(discovered, timeout), f'publishers of {topic}: {found}'
    return found[0]


def _participant(info):
    return bytes(info.endpoint_gid[:12])


def _frame(data_dir, stamp):
    pixels = cv2.imread(str(data_dir / 'images' / 'squat.bmp'))
    return bgr8_image(pixels, stamp, frame_id='own_camera')


@pytest.fixture
def peer():
    peer = Peer('image_participant_tester')
    yield peer
    peer.close()


def test_the_annotated_image_has_a_participant_of_its_own_and_follows_remaps(peer, data_dir):
    process = start_node('-r', '__ns:=/own', '-r', 'pose/image_annotated:=viewer/image',
                         image_topic='/own/camera')
    try:
        keypoints = _publisher(peer, '/own/pose/keypoints')
        raw = _publisher(peer, '/own/viewer/image')
        compressed = _publisher(peer, '/own/pose/image_annotated/compressed')
        assert (keypoints.node_name, keypoints.node_namespace) == ('movenet', '/own')
        for info in (raw, compressed):
            assert (info.node_name, info.node_namespace) == ('movenet_images', '/own')
            assert _participant(info) != _participant(keypoints)
        assert _participant(raw) == _participant(compressed)
        # Never spun, so it must offer no service that nobody would answer.
        assert peer.node.get_service_names_and_types_by_node('movenet_images', '/own') == []
        assert peer.node.get_publishers_info_by_topic('/own/pose/image_annotated') == []

        annotated = []
        peer.node.create_subscription(Image, '/own/viewer/image', annotated.append, 1)
        camera = peer.node.create_publisher(Image, '/own/camera', 10)
        assert publish_until(peer, camera, _frame(data_dir, 7), lambda: annotated, every=1.0)
        image = annotated[-1]
        assert (image.width, image.height, image.header.stamp.sec) == (500, 610, 7)
        assert image.header.frame_id == 'own_camera'
    finally:
        output = stop(process)
    assert process.returncode == 0, output
    assert 'Traceback' not in output, output


def test_turned_off_the_node_sends_it_itself(peer):
    process = start_node('-r', '__ns:=/one', '-p', 'annotated_image_participant:=false',
                         image_topic='/one/camera')
    try:
        keypoints = _publisher(peer, '/one/pose/keypoints')
        raw = _publisher(peer, '/one/pose/image_annotated')
        assert (raw.node_name, raw.node_namespace) == ('movenet', '/one')
        assert _participant(raw) == _participant(keypoints)
    finally:
        output = stop(process)
    assert process.returncode == 0, output
