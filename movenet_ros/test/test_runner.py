# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""ModelRunner: signature checks and delegates that cannot load (no accelerator here)."""

from movenet_ros.core.models import ModelError
from movenet_ros.core.runner import ModelRunner
from movenet_ros.runtime.model_cache import find_model
import numpy as np
import pytest


def test_input_size_and_dtype_come_from_the_model(model_path):
    lightning = ModelRunner(model_path)
    assert (lightning.input_height, lightning.input_width) == (192, 192)
    assert lightning.input_dtype == np.uint8
    thunder = ModelRunner(find_model('thunder'))
    assert (thunder.input_height, thunder.input_width) == (256, 256)
    assert thunder.input_dtype == np.int32
    output = thunder.run(np.zeros((256, 256, 3), np.uint8))
    assert output.shape == (17, 3) and output.dtype == np.float32


def test_edgetpu_without_its_library_names_the_library(model_path):
    with pytest.raises(ModelError, match=r'edgetpu delegate.*libedgetpu\.so\.1'):
        ModelRunner(model_path, delegate='edgetpu', fallback=False)


def test_delegate_fallback_runs_on_the_cpu(model_path):
    runner = ModelRunner(model_path, delegate='gpu', fallback=True)
    assert runner.delegate == 'cpu'
    assert 'libtensorflowlite_gpu_delegate.so' in runner.delegate_error
    assert runner.run(np.zeros((192, 192, 3), np.uint8)).shape == (17, 3)


def test_external_delegate_needs_a_library(model_path):
    with pytest.raises(ModelError, match='delegate_library'):
        ModelRunner(model_path, delegate='external')
    with pytest.raises(ModelError, match='/nonexistent/libdelegate.so'):
        ModelRunner(model_path, delegate='external',
                    delegate_library='/nonexistent/libdelegate.so')


def test_unknown_delegate_is_refused(model_path):
    with pytest.raises(ModelError, match='unknown delegate'):
        ModelRunner(model_path, delegate='npu')


def test_multipose_models_are_recognised(data_dir):
    models = data_dir.parent / 'models'
    fixed = ModelRunner(models / 'movenet_multipose_lightning_256_f16.tflite')
    assert fixed.kind == 'multipose' and not fixed.dynamic_input
    assert (fixed.input_height, fixed.input_width) == (256, 256)
    dynamic = ModelRunner(find_model('multipose'))
    assert dynamic.kind == 'multipose' and dynamic.dynamic_input
    dynamic.set_input_size(160, 256)
    assert dynamic.run(np.zeros((160, 256, 3), np.uint8)).shape == (6, 56)
    with pytest.raises(ModelError, match='fixed input'):
        fixed.set_input_size(160, 256)


def test_a_model_that_is_not_movenet_is_refused(not_a_pose_model):
    with pytest.raises(ModelError, match=r'outputs \[1, 110592\]; MoveNet SinglePose'):
        ModelRunner(not_a_pose_model)


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    bogus = tmp_path / 'bogus.tflite'
    bogus.write_bytes(b'\0' * 64)
    with pytest.raises(ModelError, match='cannot load model'):
        ModelRunner(bogus)
