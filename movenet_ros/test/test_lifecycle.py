# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""movenet_lifecycle_node driven through the standard lifecycle services from another process."""

from diagnostic_msgs.msg import DiagnosticArray
from lifecycle_msgs.msg import State, Transition
from lifecycle_msgs.srv import ChangeState, GetState
from movenet_ros_msgs.msg import PoseKeypoints
from rclpy.qos import QoSProfile, ReliabilityPolicy
from ros_harness import (bgr8_image, call_until_answered, Peer, publish_until, set_parameters,
                         start_node, stop, wait_for_output)
from sensor_msgs.msg import Image

NODE = '/lc/movenet'


class Manager:
    """Calls a lifecycle node's services, as a launch file or a lifecycle manager would."""

    def __init__(self, peer):
        self.peer = peer
        self.change = peer.node.create_client(ChangeState, f'{NODE}/change_state')
        self.get = peer.node.create_client(GetState, f'{NODE}/get_state')
        # A transition cannot be repeated safely, so the reply paths are shown to work
        # first with requests that change nothing: get_state, and a transition by a label
        # no state machine has (refused).
        call_until_answered(peer, self.get, GetState.Request())
        probe = ChangeState.Request()
        probe.transition.label = 'no_such_transition'
        assert not call_until_answered(peer, self.change, probe).success

    def _call(self, client, request):
        future = client.call_async(request)
        assert self.peer.spin_until(future.done, 20.0), 'lifecycle service did not answer'
        return future.result()

    def state(self):
        return self._call(self.get, GetState.Request()).current_state.id

    def transition(self, transition_id):
        request = ChangeState.Request()
        request.transition.id = transition_id
        return self._call(self.change, request).success


def test_lifecycle_transitions(read_image):
    process = start_node(executable_name='movenet_lifecycle_node', image_topic='/lc/camera',
                         *('-r', '__ns:=/lc'))
    peer = Peer('lifecycle_tester')
    try:
        manager = Manager(peer)
        node = peer.node
        camera = node.create_publisher(
            Image, '/lc/camera', QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
        poses, hardware, annotated = [], [], []
        node.create_subscription(PoseKeypoints, '/lc/pose/keypoints', poses.append, 10)
        # Sent from the node's image participant (node movenet_images), whose publishers
        # come and go with configure and cleanup as the node's own do.
        node.create_subscription(Image, '/lc/pose/image_annotated', annotated.append, 1)
        node.create_subscription(DiagnosticArray, '/diagnostics', lambda m: hardware.extend(
            s.hardware_id for s in m.status if s.name == '/lc/movenet: pose estimation'), 10)
        frame = read_image('squat.bmp').pixels

        def answered(sec):
            return sec in [p.header.stamp.sec for p in poses]

        assert manager.state() == State.PRIMARY_STATE_UNCONFIGURED
        assert node.count_publishers('/lc/pose/keypoints') == 0
        assert node.count_publishers('/lc/pose/image_annotated') == 0
        assert node.count_subscribers('/lc/camera') == 0

        assert manager.transition(Transition.TRANSITION_CONFIGURE)
        assert manager.state() == State.PRIMARY_STATE_INACTIVE
        assert peer.spin_until(lambda: node.count_publishers('/lc/pose/keypoints') == 1, 10.0)
        assert peer.spin_until(
            lambda: node.count_publishers('/lc/pose/image_annotated') == 1, 10.0)
        assert node.count_subscribers('/lc/camera') == 0

        assert manager.transition(Transition.TRANSITION_ACTIVATE)
        assert manager.state() == State.PRIMARY_STATE_ACTIVE
        assert publish_until(peer, camera, bgr8_image(frame, 1), lambda: answered(1)), \
            'an active node did not answer'
        assert peer.spin_until(lambda: hardware, 5.0)
        assert hardware[-1] == 'movenet_singlepose_lightning_int8.tflite'

        # Switching the model: deactivate, cleanup, change the parameter, configure, activate.
        assert manager.transition(Transition.TRANSITION_DEACTIVATE)
        assert peer.spin_until(lambda: node.count_subscribers('/lc/camera') == 0, 10.0)
        assert manager.transition(Transition.TRANSITION_CLEANUP)
        assert manager.state() == State.PRIMARY_STATE_UNCONFIGURED
        assert peer.spin_until(
            lambda: node.count_publishers('/lc/pose/image_annotated') == 0, 10.0)
        (ok,) = set_parameters(peer, NODE, {'model_type': 'thunder'})
        assert ok.successful
        assert manager.transition(Transition.TRANSITION_CONFIGURE)
        assert manager.transition(Transition.TRANSITION_ACTIVATE)
        hardware.clear()
        assert publish_until(peer, camera, bgr8_image(frame, 2), lambda: answered(2) and any(
            a.header.stamp.sec == 2 for a in annotated)), 'no answer after switching to Thunder'
        assert node.count_publishers('/lc/pose/image_annotated') == 1
        assert peer.spin_until(lambda: hardware, 5.0)
        assert hardware[-1] == 'movenet_singlepose_thunder_f16.tflite'

        # A model that cannot load fails the configure transition, with the reason logged.
        assert manager.transition(Transition.TRANSITION_DEACTIVATE)
        assert manager.transition(Transition.TRANSITION_CLEANUP)
        (ok,) = set_parameters(peer, NODE, {'model_path': '/nonexistent/model.tflite'})
        assert ok.successful
        assert not manager.transition(Transition.TRANSITION_CONFIGURE)
        assert manager.state() == State.PRIMARY_STATE_UNCONFIGURED
    finally:
        peer.close()
        output = stop(process)
    assert process.returncode == 0, output
    assert 'configure failed: model_path /nonexistent/model.tflite does not exist' in output
    assert 'Traceback' not in output
    # Every transition is logged, in the order it happened.
    logged = [output.index(text) for text in (
        ']: configured: model movenet_singlepose_lightning_int8.tflite loaded', ']: activated',
        ']: deactivated: not listening', ']: cleaned up: model released',
        ']: configured: model movenet_singlepose_thunder_f16.tflite loaded')]
    assert logged == sorted(logged), output
    assert output.count(']: activated') == output.count(']: cleaned up') == 2, output


def test_autostart_configures_and_activates_from_the_node_itself(read_image):
    # What pose.launch.py lifecycle:=true sets: the node leaves unconfigured on its own,
    # with no launch events (launch_ros's change_state client breaks on an early Ctrl-C).
    process = start_node(executable_name='movenet_lifecycle_node', image_topic='/auto/camera',
                         *('-r', '__ns:=/auto', '-p', 'autostart:=true'))
    peer = Peer('autostart_tester')
    try:
        wait_for_output(process, 'activated')
        camera = peer.node.create_publisher(
            Image, '/auto/camera', QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE))
        poses = []
        peer.node.create_subscription(PoseKeypoints, '/auto/pose/keypoints', poses.append, 10)
        peer.wait_for_subscribers(camera)
        frame = read_image('squat.bmp').pixels
        assert publish_until(peer, camera, bgr8_image(frame, 5),
                             lambda: any(p.header.stamp.sec == 5 for p in poses))
    finally:
        peer.close()
        output = stop(process)
    assert process.returncode == 0, output
    assert 'waiting for the configure transition' not in output
    assert 'is not one of this node' not in output  # autostart is a known parameter


def test_turning_the_image_participant_off_takes_its_node_out_of_the_graph():
    process = start_node('-r', '__ns:=/lc', executable_name='movenet_lifecycle_node',
                         image_topic='/lc/camera')
    peer = Peer('image_participant_switcher')

    def names():
        return {name for name, namespace in peer.node.get_node_names_and_namespaces()
                if namespace == '/lc'}

    def annotated_from():
        return [info.node_name
                for info in peer.node.get_publishers_info_by_topic('/lc/pose/image_annotated')]
    try:
        manager = Manager(peer)
        assert manager.transition(Transition.TRANSITION_CONFIGURE)
        assert peer.spin_until(lambda: annotated_from() == ['movenet_images'], 10.0), \
            annotated_from()
        assert manager.transition(Transition.TRANSITION_CLEANUP)
        (ok,) = set_parameters(peer, NODE, {'annotated_image_participant': False})
        assert ok.successful, ok.reason
        assert manager.transition(Transition.TRANSITION_CONFIGURE)
        assert peer.spin_until(lambda: annotated_from() == ['movenet'], 10.0), annotated_from()
        assert peer.spin_until(lambda: 'movenet_images' not in names(), 10.0), names()
    finally:
        peer.close()
        output = stop(process)
    assert process.returncode == 0, output
    assert 'Traceback' not in output, output
