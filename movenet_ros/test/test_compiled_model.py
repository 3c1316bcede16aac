# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
LiteRT's CompiledModel path: the CPU accelerator against the Interpreter, the GPU fallback.

Every CPU model of the registry runs on both on a real frame and must give the same bits.
No GPU here (nor on CI): delegate gpu must fall back to the CPU with one line giving the
accelerator's own reason, or raise it when delegate_fallback is off.
"""

import os

import cv2
from movenet_ros.core.compiled_model import accelerator_reason, CompiledInterpreter
from movenet_ros.core.models import ModelError, MODELS
from movenet_ros.core.runner import ModelRunner
from movenet_ros.runtime.model_cache import find_model
import numpy as np
import pytest

#: Models `make setup` puts in the cache that run on the CPU (not the Edge TPU file).
CPU_MODELS = sorted(name for name, spec in MODELS.items()
                    if spec.delegate == 'cpu' and spec.sha256s)
#: What the legacy path and the accelerator contribute to delegate_error.
ACCELERATOR = 'LiteRT GPU accelerator: '


@pytest.fixture(scope='module')
def frame(data_dir):
    """First frame of pose_1.mp4 as RGB: a person, a real camera."""
    video = cv2.VideoCapture(str(data_dir / 'video' / 'pose_1.mp4'))
    try:
        ok, bgr = video.read()
    finally:
        video.release()
    assert ok, 'cannot read pose_1.mp4'
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _input(runner, frame):
    return cv2.resize(frame, (runner.input_width, runner.input_height))


def _fd2():
    status = os.fstat(2)
    return status.st_dev, status.st_ino


def test_the_cpu_models_are_all_covered():
    assert CPU_MODELS == ['lightning', 'lightning_f16', 'multipose', 'multipose_256',
                          'thunder']


@pytest.mark.parametrize('name', CPU_MODELS)
def test_compiled_cpu_gives_the_interpreters_outputs(name, frame):
    path = find_model(name)
    interpreter = ModelRunner(path, num_threads=2)
    compiled = ModelRunner(path, num_threads=2, compiled=True)
    assert isinstance(compiled._interpreter, CompiledInterpreter)
    for attribute in ('kind', 'dynamic_input', 'input_dtype', 'input_height', 'input_width'):
        assert getattr(compiled, attribute) == getattr(interpreter, attribute), attribute
    sizes = [(256, 384), (320, 320)] if interpreter.dynamic_input else [None]
    for size in sizes:
        if size:
            interpreter.set_input_size(*size)
            compiled.set_input_size(*size)
        image = _input(interpreter, frame)
        expected = interpreter.run(image)
        actual = compiled.run(image)
        assert actual.dtype == np.float32 and actual.shape == expected.shape
        assert np.array_equal(actual, expected), f'{name} at {size}: differs'
        assert expected[:, 2].max() > 0.3  # the frame's person is found
        assert compiled.invoke_seconds > 0
    assert np.array_equal(compiled.run(image), expected)  # its buffers are reused


def test_a_wrong_input_type_is_refused_not_misread(model_path):
    compiled = CompiledInterpreter(model_path)
    with pytest.raises(ValueError, match=r'takes uint8 \[1, 192, 192, 3\], got float32'):
        compiled.set_tensor(0, np.zeros((1, 192, 192, 3), np.float32))
    with pytest.raises(ValueError, match='got uint8'):
        compiled.set_tensor(0, np.zeros((1, 96, 192, 3), np.uint8))


def _gpu_runner(path, **options):
    runner = ModelRunner(path, num_threads=2, delegate='gpu', fallback=True, **options)
    if runner.delegate == 'gpu':
        pytest.skip('a GPU is available here: its fallback cannot be tested')
    return runner


def _reason(delegate_error):
    """Return the accelerator's part of a delegate error (after the legacy library's)."""
    assert ACCELERATOR in delegate_error, delegate_error
    return delegate_error.split(ACCELERATOR, 1)[1]


@pytest.mark.parametrize('compiled', [False, True])
def test_gpu_falls_back_to_the_cpu_with_the_accelerators_reason(
        model_path, frame, capfd, compiled):
    before = _fd2()
    runner = _gpu_runner(model_path, compiled=compiled)
    assert _fd2() == before
    assert runner.delegate == 'cpu'
    assert isinstance(runner._interpreter, CompiledInterpreter) == compiled
    error = runner.delegate_error
    assert error and '\n' not in error and '\r' not in error
    assert error.startswith('cannot load the gpu delegate (libtensorflowlite_gpu_delegate.so')
    reason = _reason(error)
    assert reason.strip() and ('webgpu' in reason.lower() or 'vulkan' in reason.lower())
    # The native lines went into that line, not to the console; fd 2 is the console again.
    os.write(2, b'fd 2 is back\n')
    console = capfd.readouterr().err
    assert console.endswith('fd 2 is back\n') and 'No adapters found' not in console
    # The CPU works, the same as with delegate cpu.
    image = _input(runner, frame)
    assert np.array_equal(runner.run(image), ModelRunner(model_path).run(image))


def test_gpu_fallback_again_in_the_same_process_keeps_the_reason(model_path):
    first = _reason(_gpu_runner(model_path).delegate_error)
    again = _reason(_gpu_runner(find_model('multipose')).delegate_error)
    assert again == first  # Dawn explains itself once a process; the reason is kept


def test_gpu_without_fallback_raises_the_accelerators_reason(model_path):
    before = _fd2()
    try:
        runner = ModelRunner(model_path, delegate='gpu', fallback=False)
    except ModelError as e:
        error = str(e)
    else:
        assert runner.delegate == 'gpu'
        pytest.skip('a GPU is available here')
    assert _fd2() == before
    assert '\n' not in error and error.startswith('cannot load the gpu delegate')
    reason = _reason(error)
    assert 'webgpu' in reason.lower() or 'vulkan' in reason.lower()


def test_a_named_gpu_library_is_the_only_one_tried(model_path):
    runner = ModelRunner(model_path, delegate='gpu', fallback=True,
                         delegate_library='/nonexistent/libgpu_delegate.so')
    assert runner.delegate == 'cpu'
    assert '/nonexistent/libgpu_delegate.so' in runner.delegate_error
    assert ACCELERATOR not in runner.delegate_error


# fd-2 lines of a failed GPU start (ai-edge-litert 2.3.0), with lavapipe and with no Vulkan.
LAVAPIPE = """\
INFO: [gpu_registry.cc:138] Dynamically loaded GPU accelerator(libLiteRtWebGpuAccelerator.so) \
registered.
WARNING: [npu_registry.cc:34] NPU accelerator could not be loaded and registered: \
kLiteRtStatusErrorNotFound.
WARNING: [compiler_plugin.cc:312] Failed to load plugin with error: ERROR: \
[litert/compiler/plugin/compiler_plugin.cc:259]
\u2514 Could not load shared library libLiteRtCompilerPlugin_IntelOpenvino.so
INFO: [delegate_webgpu.cc:342] Create WebGPU environment (use_low_power=0, \
enable_host_mapped_pointer=1)
error: XDG_RUNTIME_DIR is invalid or not set in the environment.
Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.
 - While initializing adapter (backend=BackendType::Vulkan)
    at InitializeImpl (third_party/dawn/src/dawn/native/vulkan/PhysicalDeviceVk.cpp:256)

ERROR: [delegate_webgpu.cc:359] Failed to initialize WebGPU environment: INTERNAL: No \
adapters found
WARNING: Logging before InitGoogle() is written to STDERR
E0000 00:00:1796558102.561267   10684 delegate_webgpu.cc:736] Failed to get or create \
delegate WebGPU environment: INTERNAL: Failed to initialize WebGPU environment
INFO: [accelerator_registry.cc:43] DestroyAccelerator: ptr=0x5574e562aa70, name=GPU WebGPU
""".splitlines()
NO_VULKAN = """\
Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such \
file or directory
    at operator() (third_party/dawn/src/dawn/native/vulkan/BackendVk.cpp:368)

ERROR: [delegate_webgpu.cc:359] Failed to initialize WebGPU environment: INTERNAL: No \
adapters found
""".splitlines()
NO_ADAPTERS = 'Failed to initialize WebGPU environment: INTERNAL: No adapters found'


def test_the_reason_is_the_accelerators_own_lines():
    assert accelerator_reason(LAVAPIPE) == (
        f'Vulkan shaderUniform*ArrayDynamicIndexing required; {NO_ADAPTERS}')
    assert accelerator_reason(NO_VULKAN) == (
        "Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such "
        f'file or directory; {NO_ADAPTERS}')
    second_attempt = NO_VULKAN[-1:]
    assert accelerator_reason(second_attempt) == NO_ADAPTERS
    assert accelerator_reason(second_attempt, ['Dawn said why']) == (
        f'Dawn said why; {NO_ADAPTERS}')
    assert accelerator_reason(['ERROR: [compiled_model.cc:1]', '\u2514 Failed to allocate',
                               'INFO: [x.cc:2] done']) == 'Failed to allocate'
    assert accelerator_reason(['INFO: [environment.cc:36] Creating']) == ''
