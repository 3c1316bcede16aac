# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Helper nodes for demos, tests and benchmarks."""
