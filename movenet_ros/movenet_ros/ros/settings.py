# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
A node's parameters, declared from a table of ParameterSpec and kept valid.

Start-up values are checked once (ParameterError names the parameter and the reason);
later changes are checked again, offered to the node (which may refuse them), and only
then applied. Users type whole numbers for floats (``smoothing_beta 300``), so float
parameters take integers too, with the same range check. What the pose pipeline reads at
configure or activate is a frozen copy (``freeze``); the live values are ``values``.
A start-up value out of range, and a set of a name the node does not have, are named in
the package's own words rather than rclpy's.
"""

from types import MappingProxyType

from rcl_interfaces.msg import (FloatingPointRange, IntegerRange, ParameterDescriptor,
                                SetParametersResult)
from rclpy.exceptions import (InvalidParameterTypeException, InvalidParameterValueException,
                              ParameterException, ParameterNotDeclaredException)

from ..core.parameters import did_you_mean

#: Where a start-up value comes from, for its error.
STARTUP_SOURCE = 'from the params file or --ros-args -p'


class ParameterError(ValueError):
    """A parameter value the node cannot start with."""


class UnknownParameter(ParameterNotDeclaredException):
    """A set of a name the node has not declared, with a "did you mean" (rclpy's own class)."""

    def __init__(self, reason):
        Exception.__init__(self, reason)


def _descriptor(spec, read_only, bounded=True):
    descriptor = ParameterDescriptor(description=spec.description, read_only=read_only,
                                     dynamic_typing=isinstance(spec.default, float))
    if spec.choices:
        descriptor.additional_constraints = 'one of: ' + ', '.join(spec.choices)
    if spec.low is not None and bounded:
        if isinstance(spec.default, int):
            descriptor.integer_range = [IntegerRange(
                from_value=int(spec.low), to_value=int(spec.high), step=1)]
        else:
            descriptor.floating_point_range = [FloatingPointRange(
                from_value=float(spec.low), to_value=float(spec.high), step=0.0)]
    return descriptor


class NodeSettings:
    """
    The parameters of ``node`` from ``specs``, checked on declaration and on every change.

    ``startup_read_only``: start-up (non-dynamic) parameters are read-only, as on a plain
    node; a managed node leaves them writable and they apply at its next configure or
    activate. ``apply(updated)`` sees every accepted change before it is kept and may
    refuse it by returning a reason.
    """

    def __init__(self, node, specs, startup_read_only=True, apply=None):
        self._node = node
        self._specs = {spec.name: spec for spec in specs}
        self._apply = apply or (lambda updated: '')
        self._values = {spec.name: self._declare(spec, startup_read_only and not spec.dynamic)
                        for spec in specs}
        node.add_on_set_parameters_callback(self._on_set)
        # rclpy calls pre-set callbacks (Iron and later) before it refuses an undeclared name,
        # and never for a declaration; on Humble its own message stays.
        if hasattr(node, 'add_pre_set_parameters_callback'):
            node.add_pre_set_parameters_callback(self._refuse_unknown)

    @property
    def values(self):
        """Return the current values, read-only (read them again after a change)."""
        return MappingProxyType(self._values)

    def freeze(self):
        """Return a copy of the current values that no later change touches."""
        return MappingProxyType(dict(self._values))

    def _declare(self, spec, read_only):
        try:
            value = self._node.declare_parameter(
                spec.name, spec.default, _descriptor(spec, read_only)).value
        except InvalidParameterTypeException as e:
            raise ParameterError(f'parameter {spec.name}: wrong type ({e})') from None
        except InvalidParameterValueException as e:
            raise ParameterError(self._start_up_reason(spec) or f'parameter {spec.name}: {e}') \
                from None
        except ParameterException as e:
            raise ParameterError(f'parameter {spec.name}: {e}') from None
        reason = spec.check(value)
        if reason:
            raise ParameterError(f'parameter {reason}')
        return spec.coerce(value)

    def _start_up_reason(self, spec):
        """
        Reason a start-up value failed the descriptor's range, in the table's words, or ''.

        rclpy's exception does not carry the value: the failed declaration left nothing
        declared, so the value is read through a declaration without the range.
        """
        value = self._node.declare_parameter(
            spec.name, spec.default, _descriptor(spec, False, bounded=False)).value
        reason = spec.check(value)
        return f'parameter {reason} ({STARTUP_SOURCE})' if reason else ''

    def _refuse_unknown(self, parameters):
        """Refuse a set of a name the node has not declared, naming the closest it has."""
        for parameter in parameters:
            if not self._node.has_parameter(parameter.name):
                known = self._node.list_parameters([], 0).names
                raise UnknownParameter(
                    f'{self._node.get_fully_qualified_name()} has no parameter '
                    f"'{parameter.name}'" + did_you_mean(parameter.name, known))
        return parameters

    def _on_set(self, parameters):
        updated = dict(self._values)
        deferred = []
        for parameter in parameters:
            spec = self._specs.get(parameter.name)
            if spec is None:
                continue
            reason = spec.check(parameter.value)
            if reason:
                return SetParametersResult(successful=False, reason=reason)
            if not spec.dynamic:  # reached only where start-up parameters are writable
                deferred.append(spec.name)
            updated[spec.name] = spec.coerce(parameter.value)
        reason = self._apply(updated)
        if reason:
            return SetParametersResult(successful=False, reason=reason)
        self._values = updated
        if deferred:
            self._node.get_logger().info(
                f"{', '.join(deferred)}: applied at the next configure/activate")
        return SetParametersResult(successful=True)
