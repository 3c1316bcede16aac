# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
movenet_cameras: every camera of a cameras file in one process, with one model.

Each camera gets a pose node of its own, named ``movenet`` in the camera's namespace, with
its own parameters, topics and /diagnostics status, exactly as one movenet_node per camera
would have. What they share is what made the Nth camera expensive: the Python runtime,
rclpy and DDS, one interpreter per distinct model, and one worker thread, which runs the
camera whose newest frame has waited longest (node/scheduler.py). The nodes are plain
nodes: a managed node per camera needs one process per camera (one_process:=false).
"""

from dataclasses import dataclass, field
from pathlib import Path

from rclpy.node import Node
from rclpy.parameter import Parameter
import yaml

from .parameters import validate_node_values
from .pipeline import PosePipeline
from .scheduler import FrameScheduler
from ..core.parameters import read_params_file

#: Keys of one entry of a cameras file.
CAMERA_KEYS = ('namespace', 'image_topic', 'params_file', 'parameters')


class CamerasFileError(ValueError):
    """A cameras file that lists no camera, or cannot be read."""


@dataclass(frozen=True)
class Camera:
    """One entry of a cameras file: where its node lives and what it overrides."""

    namespace: str
    image_topic: str
    parameters: dict = field(default_factory=dict)


def load_cameras(path):
    """
    Return (cameras, problems) from a cameras file.

    A camera with a missing namespace or image_topic, an unknown key, or a parameter that
    is unknown or invalid is left out, and its problem is one line in ``problems``.
    CamerasFileError when the file lists no camera at all.
    """
    try:
        document = yaml.safe_load(Path(path).read_text()) or {}
    except (OSError, yaml.YAMLError) as e:
        raise CamerasFileError(f'cannot read the cameras file {path}: {e}') from None
    entries = document.get('cameras') if isinstance(document, dict) else None
    if not entries or not isinstance(entries, list):
        raise CamerasFileError(f'{path} lists no cameras (expected a `cameras:` list)')
    cameras, problems, namespaces = [], [], set()
    for index, entry in enumerate(entries):
        where = f'camera {index} in {path}'
        if not isinstance(entry, dict):
            problems.append(f'{where} is not a map of {", ".join(CAMERA_KEYS)}')
            continue
        if entry.get('namespace'):
            where = f"camera {index} ({entry['namespace']}) in {path}"
        missing = [key for key in ('namespace', 'image_topic') if not entry.get(key)]
        unknown = sorted(set(entry) - set(CAMERA_KEYS))
        if missing or unknown:
            problems.append(f"{where} lacks {', '.join(missing)}" if missing else
                            f"{where} has unknown keys {', '.join(unknown)} (known: "
                            f"{', '.join(CAMERA_KEYS)})")
            continue
        try:
            values = read_params_file(entry['params_file']) if entry.get('params_file') else {}
        except (OSError, ValueError, yaml.YAMLError) as e:
            problems.append(f'{where}: cannot read its params_file: {e}')
            continue
        values.update(entry.get('parameters') or {})
        values.pop('use_sim_time', None)  # the process's, for every camera
        reason = validate_node_values(values)
        if reason:
            problems.append(f'{where}: {reason}')
            continue
        namespace = '/' + str(entry['namespace']).strip('/')
        if namespace in namespaces:
            problems.append(f'{where}: namespace {namespace} is already taken')
            continue
        namespaces.add(namespace)
        cameras.append(Camera(namespace, str(entry['image_topic']), values))
    return cameras, problems


class CameraNode(Node):
    """The pose node of one camera, sharing the process's worker and models."""

    def __init__(self, camera, use_sim_time, scheduler, runners):
        overrides = [Parameter(name, value=value) for name, value in camera.parameters.items()]
        overrides.append(Parameter('use_sim_time', value=use_sim_time))
        super().__init__('movenet', namespace=camera.namespace, parameter_overrides=overrides,
                         cli_args=['--ros-args', '-r', f'image:={camera.image_topic}'],
                         use_global_arguments=False)
        self.pipeline = PosePipeline(self, scheduler=scheduler, runners=runners)
        self.pipeline.configure()
        self.pipeline.activate()

    def close(self):
        """Stop this camera's work; returns a one-line account of what it did."""
        self.pipeline.deactivate()
        return self.pipeline.stats.summary()


class CamerasHost(Node):
    """
    The process's own node: reads the cameras file, starts a CameraNode per camera.

    Parameters: ``cameras_file`` (required) and ``use_sim_time`` (for every camera).
    """

    def __init__(self):
        super().__init__('movenet_cameras')
        path = self.declare_parameter('cameras_file', '').value
        if not path:
            raise CamerasFileError('no cameras file: set the cameras_file parameter (or use '
                                   'multi_camera.launch.py cameras_file:=FILE)')
        cameras, problems = load_cameras(path)
        for problem in problems:
            self.get_logger().error(f'{problem}; that camera is not started')
        if not cameras:
            raise CamerasFileError(f'no camera in {path} can be started')
        self.scheduler = FrameScheduler()
        self.runners = {}
        use_sim_time = self.get_parameter('use_sim_time').value
        self.cameras = [CameraNode(camera, use_sim_time, self.scheduler, self.runners)
                        for camera in cameras]
        self.get_logger().info(
            f'{len(self.cameras)} cameras in one process, {len(self.runners)} model(s): '
            + ', '.join(c.pipeline.intake.topic_name for c in self.cameras))

    def close(self):
        """Stop the shared worker; returns how many cameras ran."""
        self.scheduler.stop()
        return f'served {len(self.cameras)} cameras with {len(self.runners)} model(s)'
