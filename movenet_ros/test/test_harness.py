# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""The test harness itself: no process a test started outlives the run."""

import shutil

import ros_harness


def test_reap_kills_what_is_still_running():
    before = list(ros_harness._started)
    try:
        ros_harness._started.clear()
        done = ros_harness.start(shutil.which('true'))
        done.wait()
        running = ros_harness.start(shutil.which('sleep'), '60')
        assert ros_harness.reap() == [running.args[0]]
        assert running.returncode is not None and ros_harness._started == []
    finally:
        ros_harness._started[:] = before
