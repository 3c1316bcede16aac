# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
The interface packages in use hold exactly the released definitions of the types we publish.

On a ROS installation tf2_msgs, hri_msgs and foxglove_msgs are the distribution's; in the
project's own environment they are the copies built from interfaces/. Either way each
type's RIHS01 hash (its fields and those of the types it holds) must equal the released
package's, or our messages would not match those of nodes built against the release.
The hashes are those of tf2_msgs 0.39.1, hri_msgs 2.0.0 and foxglove_msgs 3.1.0, the same
on Jazzy and Kilted.
"""

import importlib
import json
from pathlib import Path

from ament_index_python.packages import get_package_share_directory, PackageNotFoundError
from movenet_ros.ros.optional_types import install_hint
import pytest

UPSTREAM_HASHES = {
    'tf2_msgs/msg/TFMessage':
        'RIHS01_e369d0f05a23ae52508854b66f6aa0437f3449d652e8cbf22d5abe85d020f087',
    'hri_msgs/msg/IdsList':
        'RIHS01_7e0812d1ac945c98fd3e393568d581ad0ab567f37b24eff633eab778c1bfe62d',
    'hri_msgs/msg/Skeleton2D':
        'RIHS01_1cb61f012db6ca43c48fa0097ccab9a00108ea39323c13f01bb983323c1e3420',
    'hri_msgs/msg/NormalizedPointOfInterest2D':
        'RIHS01_cc1d2f720c82afeb850ff1dbf66f41ecb7caf19f842987f1247e66160cf03953',
    'hri_msgs/msg/NormalizedRegionOfInterest2D':
        'RIHS01_2e50c93f1ca166ee77af9a5424dc951ae4e452b740162a7f83c082d917dcaff5',
    'foxglove_msgs/msg/ImageAnnotations':
        'RIHS01_47c6c0891ba263ec1b20d9b785c4261d4bc41051cbcc01668130e36aa2dcaee3',
    'foxglove_msgs/msg/PointsAnnotation':
        'RIHS01_61bd8dda01243d9c7232f00d9101577291b5a9bc1855b06ada4a29e0dc0496a7',
    'foxglove_msgs/msg/CircleAnnotation':
        'RIHS01_d3d8a00505117be541fe8b4b601aa90d5088209a75f313e3779be54db324d15b',
    'foxglove_msgs/msg/TextAnnotation':
        'RIHS01_c02ec64b79eb5682e73b2b2572f127a27baec868b6ad6acc085abc39355a5b2b',
    'foxglove_msgs/msg/Point2':
        'RIHS01_d85e823b78e2e88bc31629e305558bcdd2ecc9225f5f9390f96d91930f5696f0',
    'foxglove_msgs/msg/Color':
        'RIHS01_ed1b16da40c954e6456b950c2ef4559c179e5cb98f1363cb28c3b90c6ee14120',
}

#: hri_msgs/Skeleton2D's joint constants, in index order (OpenPose COCO-18).
SKELETON_2D_JOINTS = (
    'NOSE', 'NECK', 'RIGHT_SHOULDER', 'RIGHT_ELBOW', 'RIGHT_WRIST', 'LEFT_SHOULDER',
    'LEFT_ELBOW', 'LEFT_WRIST', 'RIGHT_HIP', 'RIGHT_KNEE', 'RIGHT_ANKLE', 'LEFT_HIP',
    'LEFT_KNEE', 'LEFT_ANKLE', 'LEFT_EYE', 'RIGHT_EYE', 'LEFT_EAR', 'RIGHT_EAR')

#: foxglove_msgs/PointsAnnotation's values of ``type``.
POINTS_ANNOTATION_TYPES = {
    'UNKNOWN': 0, 'POINTS': 1, 'LINE_LOOP': 2, 'LINE_STRIP': 3, 'LINE_LIST': 4}


def _type_hashes(package, name):
    """Return the hashes rosidl installed with ``package``/msg/``name`` (it and its fields)."""
    try:
        share = Path(get_package_share_directory(package))
    except PackageNotFoundError:
        pytest.fail(f'the ROS package {package} is not installed: {install_hint(package)}')
    path = share / 'msg' / f'{name}.json'
    assert path.is_file(), f'{path} missing: {package} was not built by rosidl'
    entries = json.loads(path.read_text(encoding='utf-8'))['type_hashes']
    return path, {entry['type_name']: entry['hash_string'] for entry in entries}


@pytest.mark.parametrize('type_name', sorted(UPSTREAM_HASHES))
def test_type_hash_equals_the_released_one(type_name):
    package, _, name = type_name.split('/')
    path, hashes = _type_hashes(package, name)
    assert hashes[type_name] == UPSTREAM_HASHES[type_name], (
        f'{type_name} in {path} differs from the released definition: compare its fields '
        '(names, types, order) with upstream')
    # The nested types it was hashed with are the released ones too.
    for nested, nested_hash in hashes.items():
        if nested in UPSTREAM_HASHES:
            assert nested_hash == UPSTREAM_HASHES[nested], f'{nested} as nested in {path}'


@pytest.mark.parametrize('package', ['tf2_msgs', 'hri_msgs', 'foxglove_msgs'])
def test_python_module_imports(package):
    module = importlib.import_module(f'{package}.msg')
    for type_name in UPSTREAM_HASHES:
        owner, _, name = type_name.split('/')
        if owner == package:
            assert getattr(module, name)() is not None


def test_skeleton_2d_holds_the_18_joints():
    from hri_msgs.msg import Skeleton2D
    constants = {name: getattr(Skeleton2D, name) for name in SKELETON_2D_JOINTS}
    assert constants == {name: index for index, name in enumerate(SKELETON_2D_JOINTS)}
    declared = [name for name in dir(Skeleton2D)
                if name.isupper() and isinstance(getattr(Skeleton2D, name), int)]
    assert sorted(declared) == sorted(SKELETON_2D_JOINTS)
    assert len(Skeleton2D().skeleton) == 18


def test_points_annotation_types():
    from foxglove_msgs.msg import PointsAnnotation
    assert {name: getattr(PointsAnnotation, name) for name in POINTS_ANNOTATION_TYPES} \
        == POINTS_ANNOTATION_TYPES
