# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The package's folders are its layers, and imports only go down them (docs/architecture.md).

Read from the source with ast, so a layer that reaches up or sideways fails here before it
can tie the pure core to rclpy.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / 'movenet_ros'

#: Layer of each subpackage ('' is the package root, the entry points); a module imports
#: only from its own folder or from a lower layer.
LAYERS = {'core': 0, 'controllers': 1, 'bags': 1, 'ros': 2, 'node': 3,
          'controller_nodes': 3, 'tools': 3, '': 4}
#: Folders that must run without a ROS install.
NO_ROS = ('core', 'controllers', 'bags')
ROS_MODULES = ('rclpy', 'launch', 'launch_ros', 'movenet_ros_msgs', 'sensor_msgs', 'std_msgs',
               'geometry_msgs', 'diagnostic_msgs', 'visualization_msgs', 'rcl_interfaces',
               'lifecycle_msgs', 'builtin_interfaces', 'std_srvs')


def _sources():
    return sorted(p.relative_to(PACKAGE) for p in PACKAGE.rglob('*.py'))


def _folder(parts):
    """Layer folder of a module given as path parts inside the package ('' for the root)."""
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else ''


def _imports(relative, source):
    """Yield (folder in the package or None for another package, imported name)."""
    here = relative.parts[:-1]
    for node in ast.walk(ast.parse(source, str(relative))):
        if isinstance(node, ast.ImportFrom) and node.level:
            target = here[:len(here) - (node.level - 1)] + tuple(
                node.module.split('.') if node.module else ())
            yield _folder(target + ('x',)) if target else '', '.'.join(target)
        elif isinstance(node, ast.ImportFrom) and node.module.startswith('movenet_ros.'):
            target = tuple(node.module.split('.')[1:])
            yield _folder(target + ('x',)), node.module
        elif isinstance(node, ast.ImportFrom):
            yield None, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield None, alias.name


def _upward_imports(relative, source):
    folder = _folder(relative.parts)
    return [name for target, name in _imports(relative, source)
            if target is not None and target != folder and LAYERS[target] >= LAYERS[folder]]


@pytest.mark.parametrize('relative', _sources(), ids=str)
def test_imports_only_go_down_the_layers(relative):
    assert _upward_imports(relative, (PACKAGE / relative).read_text()) == []


def test_the_check_sees_an_upward_or_sideways_import():
    assert _upward_imports(Path('core/crop.py'), 'from ..node.pipeline import P\n') == [
        'node.pipeline']
    assert _upward_imports(Path('bags/run.py'), 'from ..controllers import reps\n') == [
        'controllers']
    assert _upward_imports(Path('ros/settings.py'),
                           'from movenet_ros.node.intake import FrameIntake\n') == [
        'movenet_ros.node.intake']
    assert _upward_imports(Path('node/intake.py'), 'from ..core.stats import S\n') == []
    assert _upward_imports(Path('cli.py'), 'from .bags.run import run_bag\n') == []


@pytest.mark.parametrize('folder', NO_ROS)
def test_the_pure_layers_import_no_ros(folder):
    for relative in _sources():
        if relative.parts[0] == folder:
            for target, name in _imports(relative, (PACKAGE / relative).read_text()):
                if target is None:
                    assert name.split('.')[0] not in ROS_MODULES, f'{relative} imports {name}'


def test_the_package_root_holds_only_the_entry_points():
    root = sorted(p.name for p in PACKAGE.glob('*.py'))
    assert len(root) <= 8, root
    assert set(LAYERS) - {''} == {p.name for p in PACKAGE.iterdir()
                                  if (p / '__init__.py').exists()}
