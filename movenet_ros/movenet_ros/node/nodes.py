# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The pose node, plain and managed: rclpy's node types wired to the pipeline.

The plain node configures and activates itself at start-up. The managed (lifecycle) node
waits for its transitions: configure loads the model and creates publishers, activate
subscribes and starts the worker, deactivate stops listening, cleanup releases the model.
Model, delegate and QoS parameters can change while the node runs and take effect at the
next configure or activate, so a model is switched with deactivate, cleanup, configure,
activate.
"""

from rcl_interfaces.msg import ParameterDescriptor
from rclpy.lifecycle import LifecycleNode, TransitionCallbackReturn
from rclpy.node import Node

from .pipeline import PosePipeline
from ..core.models import ModelError


class MoveNetNode(Node):
    """Estimates one person's pose in every image it has time for."""

    def __init__(self, node_name='movenet', **kwargs):
        super().__init__(node_name, **kwargs)
        self.pipeline = PosePipeline(self)
        self.pipeline.configure()
        self.pipeline.activate()

    def close(self):
        """Stop the worker; returns a one-line account of what the node did."""
        self.pipeline.deactivate()
        return self.pipeline.stats.summary()


class MoveNetLifecycleNode(LifecycleNode):
    """Managed pose node; does nothing until configured and activated."""

    def __init__(self, node_name='movenet', **kwargs):
        super().__init__(node_name, **kwargs)
        autostart = self.declare_parameter('autostart', False, ParameterDescriptor(
            read_only=True, description='Configure and activate at start-up')).value
        self.pipeline = PosePipeline(self, managed=True)
        if autostart:
            # From the node itself rather than launch events: launch_ros's change_state
            # client fails on a Ctrl-C that arrives while it still waits for the service.
            self._autostart_timer = self.create_timer(0.0, self._autostart)
        else:
            self.get_logger().info('unconfigured: waiting for the configure transition')

    def _autostart(self):
        """Configure, then activate if the configure succeeded; once."""
        self.destroy_timer(self._autostart_timer)
        if self.trigger_configure() == TransitionCallbackReturn.SUCCESS:
            self.trigger_activate()

    def on_configure(self, state):
        try:
            self.pipeline.configure()
        except (ModelError, OSError) as e:
            self.get_logger().error(f'configure failed: {e}')
            self.pipeline.cleanup()
            return TransitionCallbackReturn.FAILURE
        self.get_logger().info(
            f'configured: model {self.pipeline.runner.model_path.rsplit("/", 1)[-1]} loaded; '
            'inactive until the activate transition')
        return TransitionCallbackReturn.SUCCESS

    def on_activate(self, state):
        result = super().on_activate(state)  # enables the outputs before the first frame
        self.pipeline.activate()
        self.get_logger().info('activated')
        return result

    def on_deactivate(self, state):
        self.pipeline.deactivate()  # no frame is in work once this returns
        self.get_logger().info('deactivated: not listening; activate resumes, cleanup '
                               'releases the model')
        return super().on_deactivate(state)

    def on_cleanup(self, state):
        self.pipeline.cleanup()
        self.get_logger().info('cleaned up: model released; unconfigured')
        return TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state):
        self.pipeline.deactivate()
        self.pipeline.cleanup()
        self.get_logger().info(f'shut down from {state.label}')
        return TransitionCallbackReturn.SUCCESS

    def close(self):
        """Stop the worker; returns a one-line account of what the node did."""
        self.pipeline.deactivate()
        return self.pipeline.stats.summary()
