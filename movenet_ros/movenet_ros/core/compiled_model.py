# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
LiteRT's CompiledModel API behind the Interpreter calls ModelRunner makes.

ai-edge-litert 2.x reaches its GPU accelerator (libLiteRtWebGpuAccelerator.so, WebGPU
over Vulkan) only through CompiledModel. When the accelerator cannot start, the Python
exception says nothing useful: the reason is written to fd 2 by native code, so the GPU
attempt captures fd 2 and keeps the reason's lines.
"""

import logging
import os
import re

import numpy as np

from .models import ModelError
from .native_output import caught

_log = logging.getLogger(__name__)

#: Dawn prints why it rejects a Vulkan device only on the first attempt in a process.
_first_notes = []


class AcceleratorError(ModelError):
    """The CompiledModel accelerator cannot start; the message is its own reason."""


def accelerator_reason(lines, earlier_notes=()):
    """
    One line from the accelerator's log lines: Dawn's warnings and LiteRT's errors.

    Their location prefixes go (``ERROR: [delegate_webgpu.cc:359] ``); LiteRT's INFO and
    the NPU plugins' WARNING lines are not reasons. ``earlier_notes`` stand in for Dawn's
    warnings when there are none (it gives them once a process).
    """
    notes, errors, continued = [], [], False
    for line in lines:
        line = line.strip()
        if line.startswith('\u2514 ') and continued:  # how LiteRT continues an error
            errors[-1] = f'{errors[-1]} {line[2:]}'.strip()
            continue
        continued = line.startswith('ERROR: ')
        if continued:
            errors.append(re.sub(r'^ERROR: (\[[^\]]*\] ?)?', '', line))
        elif line.startswith('Warning: '):
            notes.append(line[len('Warning: '):])
    notes = notes or list(earlier_notes)
    reason = []
    for part in notes + errors:
        part = part.rstrip('.')
        if part and part not in reason:
            reason.append(part)
    return '; '.join(reason)


def shape_signatures(model_path):
    """Input tensor name -> shape with -1 for a dynamic dim (CompiledModel shows 1)."""
    from ai_edge_litert import schema_py_generated as schema

    with open(model_path, 'rb') as f:
        model = schema.Model.GetRootAs(f.read(), 0)
    graph = model.Subgraphs(0)
    signatures = {}
    for i in range(graph.InputsLength()):
        tensor = graph.Tensors(graph.Inputs(i))
        shape = (tensor.ShapeSignatureAsNumpy() if tensor.ShapeSignatureLength()
                 else tensor.ShapeAsNumpy())
        signatures[tensor.Name().decode()] = [int(v) for v in shape]
    return signatures


class CompiledInterpreter:
    """
    A CompiledModel answering the Interpreter calls ModelRunner makes.

    ``accelerator`` is 'cpu' (XNNPACK, as the Interpreter) or 'gpu' (ops the GPU cannot
    run stay on the CPU). Tensor indices are positions in the model's first signature.
    Raises AcceleratorError when the GPU cannot start, RuntimeError for a bad model.
    """

    def __init__(self, model_path, num_threads=2, accelerator='cpu'):
        try:
            from ai_edge_litert.compiled_model import (
                CompiledModel, CpuOptions, HardwareAccelerator, Options)
        except ImportError as e:
            raise AcceleratorError(f'needs ai-edge-litert 2.x ({e})') from None
        # Options, not the hardware_accel shortcut: that one forces a single CPU thread.
        accelerators = HardwareAccelerator.CPU
        if accelerator == 'gpu':
            accelerators |= HardwareAccelerator.GPU
        options = Options(accelerators, cpu_options=CpuOptions(num_threads=max(1, num_threads)))
        self.accelerator = accelerator
        if accelerator == 'cpu':
            self._model = CompiledModel.from_file(str(model_path), options=options)
        else:
            self._model = self._start_gpu(CompiledModel, str(model_path), options)
        key = next(iter(self._model.get_signature_list()), None)
        if key is None:
            raise RuntimeError(f'{model_path} has no signature to run')
        signatures = shape_signatures(model_path)
        self._inputs = self._details(self._model.get_input_tensor_details(key), signatures)
        self._outputs = self._details(self._model.get_output_tensor_details(key), {})
        self.allocate_tensors()

    @staticmethod
    def _start_gpu(compiled_model, model_path, options):
        lines = []
        try:
            with caught(lines):
                model = compiled_model.from_file(model_path, options=options)
        except RuntimeError as e:  # says only where it failed; the reason is on fd 2
            _log.debug('GPU accelerator log:\n%s', '\n'.join(lines))
            reason = accelerator_reason(lines, _first_notes) or ' '.join(str(e).split())
            if not _first_notes:
                _first_notes.extend(
                    line[len('Warning: '):].strip() for line in lines
                    if line.startswith('Warning: '))
            raise AcceleratorError(reason) from None
        if lines:  # it started: its log lines are the user's, as on the CPU
            os.write(2, ('\n'.join(lines) + '\n').encode())
        return model

    @staticmethod
    def _details(by_name, signatures):
        details = []
        for index, detail in enumerate(by_name.values()):
            shape = np.array(detail['shape'], np.int32)
            signature = signatures.get(detail['name'], detail['shape'])
            details.append({'name': detail['name'], 'index': index, 'shape': shape,
                            'shape_signature': np.array(signature, np.int32),
                            'dtype': np.dtype(detail['dtype'])})
        return details

    def get_input_details(self):
        """Return the Interpreter's input details: name, index, shape(_signature), dtype."""
        return self._inputs

    def get_output_details(self):
        """Return the Interpreter's output details."""
        return self._outputs

    def resize_tensor_input(self, index, shape):
        """Resize a dynamic input (the strict resize: a fixed model refuses)."""
        self._model.resize_input_tensor(index, list(shape))
        self._inputs[index]['shape'] = np.array(shape, np.int32)

    def allocate_tensors(self):
        """Create the input and output buffers at the current shapes."""
        self._in = self._model.create_input_buffers(0)
        self._out = self._model.create_output_buffers(0)
        for details, buffers in ((self._inputs, self._in), (self._outputs, self._out)):
            for detail, buffer in zip(details, buffers):
                detail['shape'] = np.array(buffer.get_tensor_details()['shape'], np.int32)

    def set_tensor(self, index, value):
        """Copy ``value`` into an input, which must have its shape and dtype."""
        detail = self._inputs[index]
        value = np.asarray(value)
        # write() copies raw bytes, unchecked: a wrong dtype or size would be misread.
        if value.dtype != detail['dtype'] or value.shape != tuple(detail['shape']):
            raise ValueError(f"input {detail['name']} takes {detail['dtype']} "
                             f"{detail['shape'].tolist()}, got {value.dtype} {list(value.shape)}")
        self._in[index].write(np.ascontiguousarray(value))

    def invoke(self):
        """Run the model on the inputs set."""
        self._model.run_by_index(0, self._in, self._out)

    def get_tensor(self, index):
        """Return a new array with an output's values."""
        detail = self._outputs[index]
        shape = tuple(detail['shape'])
        return self._out[index].read(int(np.prod(shape)), detail['dtype']).reshape(shape)
