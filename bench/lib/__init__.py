# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the benchmark scripts share, kept in one place so that every script measures alike.

Reading processes from /proc (proc), starting and stopping the camera, node and viewer
processes (processes), the camera end of a stream (publishing) and writing figures into
the docs and JSON files (docs_section); the soak's and the camera bench's analysis and
reports, so that their scripts stay orchestration.
"""
