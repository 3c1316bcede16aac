# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Bare invokes: what a model costs alone, the floor every pipeline figure is set against.

Random pixels at the runner's current input size, the first invokes left out while the
interpreter warms up; optionally one invoke every ``period`` seconds, as a camera paces it.
"""

import statistics
import time

import numpy as np


def invoke_times_ms(runner, runs, warmup=20, period=0.0):
    """The ``runs`` invoke times in ms of ``runner`` after ``warmup`` ones."""
    image = np.random.default_rng(0).integers(
        0, 256, (runner.input_height, runner.input_width, 3), dtype=np.uint8)
    times = []
    for i in range(runs + warmup):
        runner.run(image)
        if i >= warmup:
            times.append(1e3 * runner.invoke_seconds)
        if period:
            time.sleep(period)
    return times


def median_invoke_ms(runner, runs, warmup=20, period=0.0):
    """Median invoke time in ms (see invoke_times_ms)."""
    return statistics.median(invoke_times_ms(runner, runs, warmup, period))
