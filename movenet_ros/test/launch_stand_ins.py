# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Launch files run against stand-ins for launch and launch_ros, which are not on PyPI.

The stand-ins only record what they are given, so the real launch files' own code decides
which arguments, nodes, parameters and remappings come out (launch itself is not under
test). On a ROS install test_launch_and_params also builds them with the real launch.
"""

from contextlib import contextmanager
import importlib.util
from pathlib import Path
import sys
import types

LAUNCH_DIR = Path(__file__).resolve().parents[1] / 'launch'


class Recorded:
    """Any launch entity: remembers its arguments."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


def _kind(name):
    return type(name, (Recorded,), {})


class Context:
    """
    Stands in for launch's LaunchContext: the launch configurations and the shutdown flag.

    ``launch_configurations`` holds every name given on the command line, declared or not,
    as launch's does.
    """

    def __init__(self, launch_configurations, is_shutdown=False):
        self.launch_configurations = dict(launch_configurations)
        self.is_shutdown = is_shutdown


class LaunchConfiguration:
    """A launch argument's value, read from the context's launch configurations."""

    def __init__(self, name):
        self.name = name

    def perform(self, context):
        return context.launch_configurations[self.name]


class Logger:
    """Stands in for launch's logger: records what is logged, by level."""

    def __init__(self):
        self.records = []

    def warning(self, message):
        self.records.append(('warning', message))


#: What the launch files logged through launch.logging while the stand-ins were in place.
LOGGER = Logger()


def _stand_ins():
    modules = {}
    for module, names in {
            'launch': ['LaunchDescription'],
            'launch.actions': ['DeclareLaunchArgument', 'EmitEvent', 'IncludeLaunchDescription',
                               'OpaqueFunction', 'RegisterEventHandler', 'Shutdown'],
            'launch.launch_description_sources': ['PythonLaunchDescriptionSource'],
            'launch.logging': [],
            'launch.events': ['matches_action'],
            'launch.substitutions': [],
            'launch_ros': [],
            'launch_ros.actions': ['LifecycleNode', 'Node'],
            'launch_ros.event_handlers': ['OnStateTransition'],
            'launch_ros.events': [],
            'launch_ros.events.lifecycle': ['ChangeState']}.items():
        modules[module] = types.ModuleType(module)
        for name in names:
            setattr(modules[module], name, _kind(name))
    modules['launch.substitutions'].LaunchConfiguration = LaunchConfiguration
    modules['launch.logging'].get_logger = lambda name=None: LOGGER
    modules['launch'].logging = modules['launch.logging']
    return modules


@contextmanager
def stand_ins():
    """Put the stand-ins in sys.modules for the duration, then restore what was there."""
    modules = _stand_ins()
    saved = {name: sys.modules.get(name) for name in modules}
    sys.modules.update(modules)
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def launch_entities(path):
    """Return the entities of a launch file's description, built against the stand-ins."""
    path = Path(path)
    with stand_ins():
        spec = importlib.util.spec_from_file_location(path.name.replace('.', '_'), path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        (entities,) = module.generate_launch_description().args
    return list(entities)


def of_kind(entities, kind):
    """Return the entities that stand in for launch's class ``kind``."""
    return [e for e in entities if type(e).__name__ == kind]
