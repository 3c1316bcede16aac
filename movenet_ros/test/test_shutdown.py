# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Shutdown as ros2 launch and a terminal cause it: one or two SIGINTs, or SIGTERM."""

from pathlib import Path
import signal
import time

import pytest
from ros_harness import start_node, stop, wait_for_output


@pytest.mark.parametrize('name, signals', [
    ('sigint', [signal.SIGINT]),
    ('sigint twice (terminal Ctrl-C under ros2 launch)', [signal.SIGINT, signal.SIGINT]),
    ('sigterm', [signal.SIGTERM]),
])
@pytest.mark.parametrize('executable', ['movenet_node', 'movenet_lifecycle_node'])
def test_node_stops_cleanly(executable, name, signals):
    process = start_node('-r', '__ns:=/down', executable_name=executable,
                         image_topic='/down/camera')
    # Wait for this process's own start-up line: DDS discovery may still show the node
    # of the previous case, and a signal during imports would be a different test.
    wait_for_output(process, 'listening on' if executable == 'movenet_node'
                    else 'waiting for the configure transition')
    start = time.monotonic()
    for sig in signals:
        process.send_signal(sig)
        time.sleep(0.05)
    output = stop(process, timeout=10.0)
    elapsed = time.monotonic() - start
    print(f'{executable} after {name}: exit {process.returncode} in {elapsed:.2f} s')
    assert process.returncode == 0, output
    assert 'Traceback' not in output and 'KeyboardInterrupt' not in output, output
    # The summary is logged as [movenet] like every other line of the node.
    assert '[movenet]: /down/movenet: processed 0 frames of 0 received' in output, output
    assert 'Failed to publish log message to rosout' not in output, output


def test_an_active_managed_node_logs_its_summary_without_a_rosout_error():
    # The managed node's handle outlived destroy_node (its state machine holds it), so the
    # summary, logged under the node's own name, went to a /rosout publisher whose context
    # was already shut down: "Failed to publish log message to rosout".
    # No namespace: the summary's logger is then the node's own, 'movenet'.
    process = start_node('-p', 'autostart:=true', executable_name='movenet_lifecycle_node',
                         image_topic='/down/camera')
    wait_for_output(process, 'activated')
    output = stop(process, timeout=10.0)
    assert process.returncode == 0, output
    assert '[movenet]: /movenet: processed 0 frames of 0 received' in output, output
    assert 'Failed to publish log message to rosout' not in output, output


def start_node_until_loaded(library, executable):
    """Start a node and return it as soon as ``library`` is mapped: mid-import."""
    process = start_node('-r', '__ns:=/early', executable_name=executable,
                         image_topic='/early/camera')
    maps = Path(f'/proc/{process.pid}/maps')
    deadline = time.monotonic() + 30.0
    while process.poll() is None and time.monotonic() < deadline:
        if library in maps.read_text():
            break
        time.sleep(0.001)
    return process


@pytest.mark.parametrize('library', ['_rclpy_pybind11', 'cv2.abi3', 'libpywrap_litert_common'])
@pytest.mark.parametrize('executable', ['movenet_node', 'movenet_lifecycle_node'])
def test_a_ctrl_c_while_python_still_imports_ends_cleanly(executable, library):
    # rclpy, OpenCV and LiteRT take about a second to import; a Ctrl-C then used to kill
    # the node with the signal (exit -2) or a KeyboardInterrupt traceback. Raised inside a
    # pybind11 module's init it became ImportError("initialization failed"): LiteRT's
    # ended the node with "no TFLite runtime found", and one lost in a fallback left the
    # node running. The signal goes as soon as ``library`` is loaded, mid-import.
    process = start_node_until_loaded(library, executable)
    output = stop(process, timeout=10.0)
    assert process.returncode == 0, output
    assert 'Traceback' not in output and 'KeyboardInterrupt' not in output, output
    assert 'FATAL' not in output, output


def test_a_sigterm_during_start_up_ends_cleanly():
    # Until rclpy's handler is in (once the node exists), SIGTERM's default killed the
    # node (-15); the start-up now holds it as it holds a Ctrl-C.
    process = start_node_until_loaded('libpywrap_litert_common', 'movenet_node')
    output = stop(process, timeout=10.0, sig=signal.SIGTERM)
    assert process.returncode == 0, output
    assert 'Traceback' not in output and 'FATAL' not in output, output
