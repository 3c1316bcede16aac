# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""TFLite interpreter for a MoveNet model, SinglePose or MultiPose, on CPU or a delegate."""

import ctypes
import logging
import time

import numpy as np

from .compiled_model import AcceleratorError, CompiledInterpreter
from .constants import MULTIPOSE_INSTANCE_SIZE, NUM_KEYPOINT_VALUES
from .keypoints import NUM_KEYPOINTS
from .models import ModelError

_log = logging.getLogger(__name__)

#: Delegate libraries tried for each delegate kind, in order. For gpu, when none loads
#: (no package ships it), LiteRT's own GPU accelerator is next (compiled_model.py).
DELEGATE_LIBRARIES = {
    'edgetpu': ('libedgetpu.so.1', 'libedgetpu.1.dylib', 'edgetpu.dll'),
    'gpu': ('libtensorflowlite_gpu_delegate.so',),
}
DELEGATES = ('cpu', 'edgetpu', 'gpu', 'external')


def import_tflite():
    """
    Return (Interpreter, load_delegate) from the first TFLite runtime that imports.

    Order: ai_edge_litert (maintained), tflite_runtime (legacy), tensorflow.lite (full TF).
    """
    errors = []
    try:
        from ai_edge_litert.interpreter import Interpreter, load_delegate
        return Interpreter, load_delegate
    except ImportError as e:
        errors.append(f'ai_edge_litert: {e}')
    try:
        from tflite_runtime.interpreter import Interpreter, load_delegate
        return Interpreter, load_delegate
    except ImportError as e:
        errors.append(f'tflite_runtime: {e}')
    try:
        import tensorflow as tf
        return tf.lite.Interpreter, tf.lite.experimental.load_delegate
    except ImportError as e:
        errors.append(f'tensorflow: {e}')
    raise ModelError('no TFLite runtime found (pip install ai-edge-litert): ' + '; '.join(errors))


class ModelRunner:
    """
    Owns one interpreter; reads input size and dtype from the model itself.

    ``delegate`` is one of DELEGATES. When the delegate cannot be loaded and ``fallback``
    is true, the model runs on the CPU and ``delegate_error`` says why in one line;
    otherwise ModelError is raised naming the library (and the GPU accelerator's reason).
    ``compiled`` runs the CPU on LiteRT's CompiledModel instead of the Interpreter (same
    outputs; the tests compare the two).
    """

    def __init__(self, model_path, num_threads=2, delegate='cpu', delegate_library='',
                 fallback=False, *, compiled=False):
        if delegate not in DELEGATES:
            raise ModelError(f"unknown delegate '{delegate}'; use one of {', '.join(DELEGATES)}")
        interpreter_cls, load_delegate = import_tflite()
        self.model_path = str(model_path)
        self.delegate = 'cpu'
        self.delegate_error = ''
        num_threads = max(1, int(num_threads))
        delegates, self._interpreter = [], None
        if delegate != 'cpu':
            try:
                delegates, self._interpreter = self._start_delegate(
                    load_delegate, delegate, delegate_library, num_threads)
                self.delegate = delegate
            except ModelError as e:
                if not fallback:
                    raise
                self.delegate_error = str(e)
                _log.warning('%s; running on the CPU instead', e)
        try:
            if self._interpreter is None and compiled:
                self._interpreter = CompiledInterpreter(self.model_path, num_threads)
            elif self._interpreter is None:
                self._interpreter = interpreter_cls(
                    model_path=self.model_path, num_threads=num_threads,
                    experimental_delegates=delegates or None)
            self._interpreter.allocate_tensors()
        except (ValueError, RuntimeError) as e:
            raise ModelError(f'cannot load model {self.model_path}: {e}') from None
        self._check_signature()

    def _start_delegate(self, load_delegate, delegate, library, num_threads):
        """Return (delegates for the Interpreter, None) or ([], a model on the GPU)."""
        loaded, errors = self._load_delegate(load_delegate, delegate, library)
        if loaded is not None:
            return [loaded], None
        if delegate == 'gpu' and not library:
            try:
                return [], CompiledInterpreter(self.model_path, num_threads, 'gpu')
            except (AcceleratorError, RuntimeError, ValueError) as e:
                errors.append(f"LiteRT GPU accelerator: {' '.join(str(e).split())}")
        raise ModelError(f"cannot load the {delegate} delegate ({'; '.join(errors)})")

    @staticmethod
    def _load_delegate(load_delegate, delegate, library):
        """Return (the first library of ``delegate`` that loads, or None; errors)."""
        candidates = (library,) if library else DELEGATE_LIBRARIES.get(delegate, ())
        if not candidates:
            raise ModelError(f"delegate '{delegate}' needs the delegate_library parameter")
        errors = []
        for name in candidates:
            try:
                # Probe first: a failed load_delegate leaves an object that errs when collected.
                ctypes.CDLL(name)
                return load_delegate(name), errors
            except (ValueError, OSError, RuntimeError) as e:
                errors.append(f'{name}: {e}')
        return None, errors

    def _check_signature(self):
        inputs = self._interpreter.get_input_details()
        outputs = self._interpreter.get_output_details()
        if len(inputs) != 1 or len(outputs) != 1:
            raise ModelError(f'{self.model_path} has {len(inputs)} inputs and {len(outputs)} '
                             'outputs; MoveNet has one of each')
        signature = tuple(int(v) for v in inputs[0].get('shape_signature', inputs[0]['shape']))
        if len(signature) != 4 or signature[3] != 3 or signature[0] not in (1, -1):
            raise ModelError(f'{self.model_path} takes input {list(signature)}; '
                             'MoveNet takes [1, H, W, 3]')
        out_shape = tuple(int(v) for v in outputs[0]['shape'])
        if out_shape == (1, 1, NUM_KEYPOINTS, NUM_KEYPOINT_VALUES):
            self.kind = 'singlepose'
        elif (len(out_shape) == 3 and out_shape[0] == 1
              and out_shape[2] == MULTIPOSE_INSTANCE_SIZE):
            self.kind = 'multipose'
        else:
            raise ModelError(f'{self.model_path} outputs {list(out_shape)}; MoveNet SinglePose '
                             f'outputs [1, 1, {NUM_KEYPOINTS}, 3] and MultiPose [1, N, '
                             f'{MULTIPOSE_INSTANCE_SIZE}]')
        #: True when the model accepts any input size (resize with set_input_size).
        self.dynamic_input = signature[1] < 0 or signature[2] < 0
        if self.dynamic_input and self.kind == 'singlepose':
            raise ModelError(f'{self.model_path}: a SinglePose model needs a fixed input size')
        self._input_index = inputs[0]['index']
        self._output_index = outputs[0]['index']
        self.input_dtype = np.dtype(inputs[0]['dtype'])
        #: Duration of the last invoke(), in seconds.
        self.invoke_seconds = 0.0
        if self.dynamic_input:
            self.input_height = self.input_width = 0
        else:
            self._allocate(signature[1], signature[2])

    def _allocate(self, height, width):
        self.input_height, self.input_width = height, width
        self._input = np.zeros((1, height, width, 3), self.input_dtype)

    def set_input_size(self, height, width):
        """Resize a dynamic-shape model's input (MultiPose); a no-op when unchanged."""
        if (height, width) == (self.input_height, self.input_width):
            return
        if not self.dynamic_input:
            raise ModelError(f'{self.model_path} has a fixed input of '
                             f'{self.input_width}x{self.input_height}')
        self._interpreter.resize_tensor_input(self._input_index, [1, height, width, 3])
        self._interpreter.allocate_tensors()
        self._allocate(height, width)

    def run(self, image):
        """
        Run the model on an RGB uint8 image of the model's input size.

        Returns a new float32 array: (17, 3) of (y, x, score) for SinglePose, (N, 56) for
        MultiPose, normalized to the input.
        """
        np.copyto(self._input[0], image, casting='unsafe')
        self._interpreter.set_tensor(self._input_index, self._input)
        start = time.perf_counter()
        self._interpreter.invoke()
        self.invoke_seconds = time.perf_counter() - start
        output = self._interpreter.get_tensor(self._output_index)
        return (output[0, 0] if self.kind == 'singlepose' else output[0]).copy()
