# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The package's folders are its layers, and imports only go down them (docs/architecture.md).

Read from the source with ast, so a layer that reaches up or sideways fails here before it
can tie the pure core to rclpy.
"""

import ast
from pathlib import Path
import sys

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / 'movenet_ros'

#: Layer of each subpackage ('' is the package root, the entry points); a module imports
#: only from its own folder or from a lower layer.
LAYERS = {'core': 0, 'runtime': 1, 'messages': 1, 'controllers': 1, 'bags': 2, 'ros': 2, 'node': 3,
          'controller_nodes': 3, 'tools': 3, '': 4}
#: Folders that must run without a ROS install.
NO_ROS = ('core', 'runtime', 'messages', 'controllers', 'bags')
#: What the core may import besides itself and Python: MoveNet and images, nothing more.
CORE_THIRD_PARTY = ('numpy', 'cv2', 'yaml', 'ai_edge_litert', 'tflite_runtime', 'tensorflow')
#: Python modules that are process, network or native plumbing, not MoveNet (runtime/).
CORE_FORBIDDEN_STDLIB = ('ctypes', 'urllib', 'http', 'socket', 'ssl', 'shutil', 'tempfile')
#: The one core module that may load a native library: the delegate's.
CORE_DELEGATE_LOADER = 'core/runner.py'
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
    assert _upward_imports(Path('bags/run.py'), 'from ..ros import settings\n') == ['ros']
    assert _upward_imports(Path('runtime/allocator.py'),
                           'from ..controllers import reps\n') == [
        'controllers']
    assert _upward_imports(Path('ros/settings.py'),
                           'from movenet_ros.node.intake import FrameIntake\n') == [
        'movenet_ros.node.intake']
    assert _upward_imports(Path('node/intake.py'),
                           'from ..runtime.frame_accounting import S\n') == []
    assert _upward_imports(Path('cli.py'), 'from .bags.run import run_bag\n') == []


@pytest.mark.parametrize('folder', NO_ROS)
def test_the_pure_layers_import_no_ros(folder):
    for relative in _sources():
        if relative.parts[0] == folder:
            for target, name in _imports(relative, (PACKAGE / relative).read_text()):
                if target is None:
                    assert name.split('.')[0] not in ROS_MODULES, f'{relative} imports {name}'


def core_outside_imports(relative, source):
    """Return the imports of a core module outside core/, numpy, cv2, yaml and LiteRT."""
    found = []
    for target, name in _imports(relative, source):
        if target is not None:
            if target != 'core':
                found.append(name)
            continue
        top = name.split('.')[0]
        if top in CORE_THIRD_PARTY:
            continue
        if top in sys.stdlib_module_names and top not in CORE_FORBIDDEN_STDLIB:
            continue
        if top == 'ctypes' and str(relative) == CORE_DELEGATE_LOADER:
            continue
        found.append(name)
    return found


@pytest.mark.parametrize('relative', [r for r in _sources() if r.parts[0] == 'core'], ids=str)
def test_the_core_imports_only_movenet_and_image_libraries(relative):
    assert core_outside_imports(relative, (PACKAGE / relative).read_text()) == []


def test_the_core_check_sees_plumbing_and_other_layers():
    assert core_outside_imports(Path('core/crop.py'), 'import ctypes\n') == ['ctypes']
    assert core_outside_imports(Path('core/runner.py'), 'import ctypes\n') == []
    assert core_outside_imports(Path('core/crop.py'), 'import urllib.request\n') == [
        'urllib.request']
    assert core_outside_imports(Path('core/crop.py'), 'from ..runtime import allocator\n') == [
        'runtime']
    assert core_outside_imports(Path('core/crop.py'), 'import rclpy\n') == ['rclpy']
    assert core_outside_imports(Path('core/crop.py'), 'import numpy as np\nimport os\n') == []


def test_ros_imports_nothing_of_the_node_package():
    for relative in _sources():
        if relative.parts[0] == 'ros':
            targets = [t for t, _ in _imports(relative, (PACKAGE / relative).read_text())]
            assert 'node' not in targets, relative


def test_the_package_root_holds_only_the_entry_points():
    root = sorted(p.name for p in PACKAGE.glob('*.py'))
    assert len(root) <= 8, root
    assert set(LAYERS) - {''} == {p.name for p in PACKAGE.iterdir()
                                  if (p / '__init__.py').exists()}
