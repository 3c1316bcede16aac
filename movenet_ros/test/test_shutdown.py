# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Shutdown as ros2 launch and a terminal cause it: one or two SIGINTs, or SIGTERM."""

import signal
import time

import pytest
from ros_harness import Peer, start_node, stop
from sensor_msgs.msg import Image


@pytest.mark.parametrize('name, signals', [
    ('sigint', [signal.SIGINT]),
    ('sigint twice (terminal Ctrl-C under ros2 launch)', [signal.SIGINT, signal.SIGINT]),
    ('sigterm', [signal.SIGTERM]),
])
@pytest.mark.parametrize('executable', ['movenet_node', 'movenet_lifecycle_node'])
def test_node_stops_cleanly(executable, name, signals):
    process = start_node('-r', '__ns:=/down', executable_name=executable,
                         image_topic='/down/camera')
    peer = Peer('shutdown_tester')
    try:
        if executable == 'movenet_node':
            camera = peer.node.create_publisher(Image, '/down/camera', 1)
            peer.wait_for_subscribers(camera)
        else:
            peer.spin_until(lambda: peer.node.count_publishers('/rosout') > 0
                            and '/down/movenet/change_state' in dict(
                                peer.node.get_service_names_and_types()), 20.0)
    finally:
        peer.close()
    start = time.monotonic()
    for sig in signals:
        process.send_signal(sig)
        time.sleep(0.05)
    output = stop(process, timeout=10.0)
    elapsed = time.monotonic() - start
    print(f'{executable} after {name}: exit {process.returncode} in {elapsed:.2f} s')
    assert process.returncode == 0, output
    assert 'Traceback' not in output and 'KeyboardInterrupt' not in output, output
    assert '/down/movenet: processed 0 frames of 0 received' in output, output
