# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Shared fixtures: real test data, the real model, and a DDS domain of this run's own."""

import os
from pathlib import Path

from dds_domain import claim_domain
import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent

# Each test run (each pytest-xdist worker too) talks DDS in a domain of its own, held
# for the run, so parallel runs never see each other; MOVENET_TEST_DOMAIN_ID picks it.
os.environ['ROS_DOMAIN_ID'] = str(claim_domain(
    os.environ.get('MOVENET_TEST_DOMAIN_ID'), os.environ.get('PYTEST_XDIST_WORKER')))
os.environ.setdefault('ROS_AUTOMATIC_DISCOVERY_RANGE', 'LOCALHOST')


def _data_dir():
    explicit = os.environ.get('MOVENET_DATA')
    folder = Path(explicit) if explicit else REPO_ROOT.parent / 'shared' / 'data'
    if not folder.is_dir():
        raise RuntimeError(
            f'test data not found at {folder}: set MOVENET_DATA to the folder holding '
            'images/, video/ and reference/')
    return folder


@pytest.fixture(scope='session', autouse=True)
def no_process_outlives_the_run():
    """Kill what a failed test left running (see ros_harness.reap)."""
    yield
    import ros_harness
    ros_harness.reap()


@pytest.fixture(scope='session')
def data_dir():
    """Folder with images/, video/ and reference/ (real people, real cameras)."""
    return _data_dir()


@pytest.fixture(scope='session')
def model_path():
    """Return the verified path of the default model (fetched by `make setup`)."""
    from movenet_ros.runtime.model_cache import find_model
    from movenet_ros.core.models import DEFAULT_MODEL
    return find_model(DEFAULT_MODEL)


@pytest.fixture(scope='session')
def runner(model_path):
    """One interpreter shared by the core tests (loading costs more than running)."""
    from movenet_ros.core.runner import ModelRunner
    return ModelRunner(model_path, num_threads=2)


@pytest.fixture
def read_image(data_dir):
    """Load an image of the test data as a core Frame (BGR, as OpenCV reads it)."""
    import cv2
    from movenet_ros.core.image_io import frame_from_array

    def read(name):
        pixels = cv2.imread(str(data_dir / 'images' / name))
        assert pixels is not None, f'cannot read {name}'
        return frame_from_array(pixels, 'bgr')
    return read


@pytest.fixture(scope='session')
def not_a_pose_model(tmp_path_factory):
    """Write a valid TFLite model that is not MoveNet: it reshapes a 192x192 image flat."""
    import flatbuffers
    import numpy as np
    from ai_edge_litert import schema_py_generated as schema

    def tensor(name, shape, buffer):
        t = schema.TensorT()
        t.name, t.shape, t.type, t.buffer = name, shape, schema.TensorType.INT32, buffer
        return t

    model = schema.ModelT()
    model.version = 3
    code = schema.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = schema.BuiltinOperator.RESHAPE
    code.version = 1
    model.operatorCodes = [code]
    shape = schema.BufferT()
    shape.data = list(np.array([1, -1], np.int32).tobytes())
    model.buffers = [schema.BufferT(), shape]
    graph = schema.SubGraphT()
    graph.tensors = [tensor('image', [1, 192, 192, 3], 0), tensor('shape', [2], 1),
                     tensor('flat', [1, 192 * 192 * 3], 0)]
    op = schema.OperatorT()
    op.opcodeIndex, op.inputs, op.outputs = 0, [0, 1], [2]
    graph.operators, graph.inputs, graph.outputs = [op], [0], [2]
    model.subgraphs = [graph]
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b'TFL3')
    path = tmp_path_factory.mktemp('models') / 'flat.tflite'
    path.write_bytes(bytes(builder.Output()))
    return path


@pytest.fixture
def model_server(tmp_path):
    """
    Serve files over HTTP on 127.0.0.1, standing in for the official model hosts.

    Yields (base_url, put): ``put(url, content)`` serves ``content`` at an official URL's
    path (its query ignored), so MOVENET_MODEL_BASE_URL=base_url downloads it from here.
    """
    import functools
    import http.server
    import threading
    from urllib.parse import urlsplit

    root = tmp_path / 'www'
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def put(url, content):
        path = root / urlsplit(url).path.lstrip('/')
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    try:
        yield f'http://127.0.0.1:{server.server_address[1]}', put
    finally:
        server.shutdown()
        server.server_close()


def _quiet_handler_class():
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):

        def log_message(self, *args):
            pass
    return Handler


_QuietHandler = _quiet_handler_class()
