# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
Helpers for tests that start the node as its own process and talk to it over DDS.

Nothing here fakes ROS: processes are real executables, topics real DDS traffic.
"""

from contextlib import contextmanager
import os
from pathlib import Path
import shutil
import signal
import subprocess
import tempfile
import time

from launch_stand_ins import launch_entities, of_kind
from movenet_ros.node import image_participant
import numpy as np
import pytest
import rclpy
from rclpy.executors import SingleThreadedExecutor
from sensor_msgs.msg import Image

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PARAMS_FILE = PACKAGE_DIR / 'config' / 'movenet.yaml'


def executable(name):
    """Full path of one of the package's executables (env.sh puts them on PATH)."""
    path = shutil.which(name)
    assert path, f'{name} is not on PATH: source env.sh after make setup'
    return path


def start(*argv, env=None):
    """
    Start a process with this test run's environment (and DDS domain).

    Its output goes to a file, not a pipe: a chatty process must never block on a full
    pipe that nobody reads until the end.
    """
    environment = os.environ.copy()
    # A process that hangs dumps every thread's stack when stop() aborts it.
    environment['PYTHONFAULTHANDLER'] = '1'
    environment.update(env or {})
    log = tempfile.TemporaryFile(mode='w+')
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, text=True,
                               env=environment)
    process.log = log
    _started.append(process)
    return process


_started = []  # every process of this test run, for reap()


def reap():
    """
    Kill every process this run started that still runs; return their commands.

    A test that fails while stopping one of several processes leaves the others running;
    they must not outlive the run and answer in the next run's tests.
    """
    left = [p for p in _started if p.poll() is None]
    for process in left:
        process.kill()
        process.wait()
    _started.clear()
    return [p.args[0] for p in left]


def start_node(*ros_args, executable_name='movenet_node', image_topic='/image_raw', env=None):
    """Start movenet_node with the shipped params file plus ``ros_args``."""
    return start(executable(executable_name), '--ros-args', '--params-file', str(PARAMS_FILE),
                 '-r', f'image:={image_topic}', *ros_args, env=env)


def wait_for_output(process, text, timeout=30.0):
    """Wait until ``process`` has printed ``text`` (a sign of life of that very process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.log.seek(0)
        if text in process.log.read():
            process.log.seek(0, 2)
            return
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.log.seek(0)
    pytest.fail(f'{process.args[0]} did not print {text!r}:\n{process.log.read()}')


def stop(process, timeout=10.0, sig=signal.SIGINT):
    """Stop a process with ``sig`` and return everything it printed."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # SIGABRT first: Python's fault handler then prints where each thread hangs.
        process.send_signal(signal.SIGABRT)
        try:
            process.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        pytest.fail(f'{process.args[0]} ignored {sig!r} for {timeout} s (stacks at the '
                    f'end):\n{_read(process)}')
    return _read(process)


def _read(process):
    process.log.seek(0)
    output = process.log.read()
    process.log.close()
    return output


class Peer:
    """An rclpy node in the test process, with its own context and executor."""

    def __init__(self, name='test_peer'):
        self.context = rclpy.Context()
        rclpy.init(context=self.context)
        self.node = rclpy.create_node(name, context=self.context)
        self.executor = SingleThreadedExecutor(context=self.context)
        self.executor.add_node(self.node)

    def spin_until(self, done, timeout):
        """Spin until ``done()`` is true; returns whether it became true in time."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                return False
            self.executor.spin_once(timeout_sec=0.05)
        return True

    def spin_for(self, seconds):
        """Spin for a fixed time (an absence window, never a stand-in for a wait)."""
        self.spin_until(lambda: False, seconds)

    def wait_for_subscribers(self, publisher, count=1, timeout=20.0):
        """Wait until ``publisher`` is matched by ``count`` subscriptions."""
        assert self.spin_until(lambda: publisher.get_subscription_count() >= count, timeout), \
            f'no subscriber on {publisher.topic_name} after {timeout} s'

    def wait_for_publishers(self, subscription, count=1, timeout=20.0):
        """Wait until ``subscription`` is matched by ``count`` publishers."""
        assert self.spin_until(lambda: subscription.get_publisher_count() >= count, timeout), \
            f'no publisher on {subscription.topic_name} after {timeout} s'

    def close(self):
        """Destroy the node and shut the context down."""
        self.executor.shutdown()
        self.node.destroy_node()
        rclpy.shutdown(context=self.context)


def bgr8_image(pixels, sec=0, nanosec=0, frame_id=''):
    """Return a bgr8 Image of ``pixels`` (H x W x 3 uint8), stamped ``sec``.``nanosec``."""
    msg = Image(height=pixels.shape[0], width=pixels.shape[1], encoding='bgr8',
                step=pixels.shape[1] * 3, data=pixels.tobytes())
    msg.header.stamp.sec, msg.header.stamp.nanosec = sec, nanosec
    msg.header.frame_id = frame_id
    return msg


class RgbdCamera:
    """
    A colour camera with an aligned depth camera in ``namespace``, from ``peer``.

    Publishes reliable ``color``, ``depth/image`` and ``depth/camera_info``; the depth is a
    plane ``depth_mm`` away, the intrinsics a 400 px focal length at the image centre.
    """

    def __init__(self, peer, namespace, height, width, depth_mm=2500):
        from rclpy.qos import QoSProfile, ReliabilityPolicy
        from sensor_msgs.msg import CameraInfo
        reliable = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE)
        self.height, self.width, self.depth_mm = height, width, depth_mm
        self.color = peer.node.create_publisher(Image, f'{namespace}/color', reliable)
        self.depth = peer.node.create_publisher(Image, f'{namespace}/depth/image', reliable)
        self.info = peer.node.create_publisher(CameraInfo, f'{namespace}/depth/camera_info',
                                               reliable)
        self.camera = CameraInfo(width=width, height=height)
        self.camera.k = [400.0, 0.0, width / 2, 0.0, 400.0, height / 2, 0.0, 0.0, 1.0]
        self.camera.header.frame_id = 'depth_optical'
        for publisher in (self.color, self.depth, self.info):
            peer.wait_for_subscribers(publisher)

    def send(self, sec, pixels, depth_nanosec=0):
        """
        Publish the camera info and the depth plane of instant ``sec``.

        Returns that instant's colour Image (bgr8 ``pixels``) unpublished, for
        publish_until to send until answered.
        """
        self.info.publish(self.camera)
        plane = Image(height=self.height, width=self.width, encoding='16UC1',
                      step=self.width * 2,
                      data=np.full((self.height, self.width), self.depth_mm, '<u2').tobytes())
        plane.header.stamp.sec, plane.header.stamp.nanosec = sec, depth_nanosec
        plane.header.frame_id = 'depth_optical'
        self.depth.publish(plane)
        return bgr8_image(pixels, sec, frame_id='color_optical')


def declared_launch_arguments(path):
    """Names of the arguments a launch file declares, from its description."""
    return {e.args[0] for e in of_kind(launch_entities(path), 'DeclareLaunchArgument')}


def node_reliability(peer, topic, node_name='movenet'):
    """Return the reliability of ``node_name``'s subscription on ``topic`` (from the graph)."""
    for info in peer.node.get_subscriptions_info_by_topic(topic):
        if info.node_name == node_name:
            return info.qos_profile.reliability
    return None


def call_until_answered(peer, client, request, timeout=20.0, attempt=1.0):
    """
    Call an idempotent service until one call is answered; return that answer.

    A service matched by this client may still drop the first replies while its reply
    writer has not matched this client's reader, so the call is repeated rather than
    preceded by a guessed sleep.
    """
    assert client.wait_for_service(timeout_sec=timeout), f'no {client.srv_name} service'
    deadline = time.monotonic() + timeout
    futures = []
    while time.monotonic() < deadline:
        futures.append(client.call_async(request))
        if peer.spin_until(lambda: any(f.done() for f in futures),
                           min(attempt, max(0.0, deadline - time.monotonic()))):
            return next(f for f in futures if f.done()).result()
        attempt = min(attempt * 2, 4.0)
    pytest.fail(f'{client.srv_name} did not answer in {timeout} s')


def publish_until(peer, publisher, message, done, timeout=20.0, every=0.5):
    """
    Publish ``message`` again and again until ``done()``; return whether it became true.

    The first messages to a just-matched reader (or any to a best-effort one) may be
    lost; only an answer shows one arrived.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        publisher.publish(message() if callable(message) else message)
        if peer.spin_until(done, min(every, max(0.0, deadline - time.monotonic()))):
            return True
    return done()


def set_parameters(peer, node_name, values, timeout=20.0):
    """Call ``node_name``/set_parameters from ``peer``; returns the SetParametersResult list."""
    from rcl_interfaces.srv import SetParameters
    from rclpy.parameter import Parameter
    client = peer.node.create_client(SetParameters, f'{node_name}/set_parameters')
    try:
        request = SetParameters.Request(parameters=[
            Parameter(name, value=value).to_parameter_msg() for name, value in values.items()])
        # Setting the same values twice is harmless, so an unanswered call is repeated.
        return call_until_answered(peer, client, request, timeout).results
    finally:
        peer.node.destroy_client(client)


@contextmanager
def node_of_this_process(node_class, **kwargs):
    """Yield a pose node of this test process on a context of its own; close it as at exit."""
    context = rclpy.Context()
    rclpy.init(context=context)
    node = node_class(context=context, **kwargs)
    try:
        yield node
    finally:
        node.close()
        node.destroy_node()
        image_participant.shutdown()  # as the process entry does at exit
        rclpy.shutdown(context=context)
