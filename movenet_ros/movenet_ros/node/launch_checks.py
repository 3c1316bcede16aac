# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""
What the launch files check so that no mistake passes in silence.

- A node that fails on its own (a FATAL start-up error) ends launch with a non-zero
  status: upstream launch returns 1 when an exception is raised inside it, so the exit
  handler raises (``exit_handler``).
- A launch argument no launch file of this package declares: a node parameter's name is
  passed on to the pose node as that parameter, parsed and checked as the params file's
  value would be; any other name is warned about, with the closest argument
  (``undeclared_arguments``).
- A params file none of whose sections applies to the node stops launch; sections that
  apply to no node of this launch but hold its parameters are warned about
  (``params_file_problems``). Sections match as rcl matches them.

launch is imported only inside functions, so this module loads where launch is not
installed (its tests run against stand-ins).
"""

import yaml

from .launch_arguments import ARGUMENTS
from .parameters import PARAMETERS_BY_NAME
from ..core.parameters import closest_name, did_you_mean

#: Arguments the package's launch files declare besides the shared ones; they include
#: each other, so every one of these may be seen by each of them.
OWN_ARGUMENTS = ('one_process', 'exercise', 'exercises_file', 'cmd_vel_topic',
                 'camera_info_topic', 'enabled')
PACKAGE_ARGUMENTS = frozenset(ARGUMENTS) | frozenset(OWN_ARGUMENTS)
#: Launch configurations launch and launch_ros keep for themselves (PushRosNamespace,
#: SetRemap, SetParameter, emulate_tty).
LAUNCH_OWN = frozenset(('ros_namespace', 'ros_remaps', 'global_params', 'emulate_tty'))
#: A parameter every node has, no sign of which node a section was meant for.
COMMON_PARAMETERS = frozenset(('use_sim_time',))


class LaunchError(RuntimeError):
    """A mistake in what launch was given; raised inside launch, it ends with status 1."""


class NodeFailed(RuntimeError):
    """A node exited with an error on its own; launch shuts down and ends with status 1."""


def exit_handler(shutdown_on_clean_exit=False):
    """
    Return an ``on_exit`` for a node: a failing exit fails launch.

    A non-zero exit while launch is not shutting down raises NodeFailed: launch logs it,
    shuts the rest down and returns 1. An exit during launch's own shutdown (Ctrl-C) is
    launch's to judge, and a second Shutdown then would make launch_ros stop its ROS
    adapter twice ("Cannot shutdown a ROS adapter that is not running").
    ``shutdown_on_clean_exit``: a clean exit shuts launch down too (the managed node, whose
    services launch would otherwise wait for).
    """
    def on_exit(event, context):
        if context.is_shutdown:
            return None
        if event.returncode != 0:
            raise NodeFailed(f'{event.process_name} exited with code {event.returncode}; '
                             'its log above names the reason')
        if shutdown_on_clean_exit:
            from launch.actions import Shutdown
            return [Shutdown(reason=f'{event.process_name} exited')]
        return None
    return on_exit


def parse_parameter(name, text):
    """
    Return launch argument ``name:=text`` as the value of the node parameter ``name``.

    Parsed as YAML, as ``--ros-args -p`` is, except for a text parameter, which keeps the
    text; checked as a params file's value. LaunchError with the reason otherwise.
    """
    spec = PARAMETERS_BY_NAME[name]
    value = text
    if not isinstance(spec.default, str):
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            pass  # kept as text: the check below names the type expected
    reason = spec.check(value)
    if reason:
        raise LaunchError(f'launch argument {name}:={text}: {reason}')
    return spec.coerce(value)


def undeclared_arguments(configurations, launch_file, takes_parameters=True):
    """
    Return (parameter overrides, warnings) for launch configurations no file declares.

    ``configurations`` is the launch context's launch_configurations. A node parameter's
    name becomes an override when ``takes_parameters`` (the file starts the pose node with
    its parameters); otherwise LaunchError says where to set it. Other names: a warning.
    """
    overrides, warnings = {}, []
    for name, text in sorted(configurations.items()):
        if (name in PACKAGE_ARGUMENTS or name in LAUNCH_OWN or name.startswith('anon')
                or not isinstance(text, str)):
            continue
        if name in PARAMETERS_BY_NAME:
            if not takes_parameters:
                raise LaunchError(
                    f'{name} is a parameter of the pose node, not a launch argument of '
                    f'{launch_file}: set it for each camera, under `parameters:` in the '
                    'cameras file or in its params_file')
            overrides[name] = parse_parameter(name, text)
            continue
        known = PACKAGE_ARGUMENTS | frozenset(PARAMETERS_BY_NAME)
        warnings.append(f'launch argument {name}:={text} is not an argument of {launch_file} '
                        'and is ignored' + did_you_mean(name, known))
    return overrides, warnings


def full_name(namespace, name):
    """Return the node's fully qualified name, e.g. '/front/movenet'."""
    namespace = '/' + namespace.strip('/') if namespace.strip('/') else ''
    return f'{namespace}/{name}'


def section_applies(key, node_full_name):
    """
    Whether params file section ``key`` applies to the node ``node_full_name``.

    As rcl reads it: a key without a leading '/' gets one; '*' stands for one name token
    and '**' for any number of them, '/**' for every node.
    """
    pattern = [t for t in ('/' + str(key).lstrip('/')).split('/') if t]
    tokens = [t for t in node_full_name.split('/') if t]

    def match(p, t):
        if not p:
            return not t
        if p[0] == '**':
            return any(match(p[1:], t[i:]) for i in range(len(t) + 1))
        return bool(t) and p[0] in ('*', t[0]) and match(p[1:], t[1:])
    return match(pattern, tokens)


def params_file_problems(path, node_name, namespace):
    """
    Check the params file against the node it is for; return warnings.

    LaunchError when the file cannot be read or none of its sections applies to the node
    (it would run on defaults); a warning for each section that applies to no node of
    this launch but holds the node's own parameters (a misspelt node name).
    """
    node = full_name(namespace, node_name)
    try:
        with open(path) as f:
            document = yaml.safe_load(f) or {}
    except OSError as e:
        raise LaunchError(f'params_file {path}: {e.strerror}') from None
    except yaml.YAMLError as e:
        raise LaunchError(f'params_file {path} is not YAML: {e}') from None
    if not isinstance(document, dict):
        raise LaunchError(f'params_file {path} holds no sections (`/**:` or '
                          f'`{node_name}:` with `ros__parameters:`)')
    applying = [key for key in document if section_applies(key, node)]
    fix = (f'name the section `/**:` (every node) or `{node_name}:`'
           + (f' / `{node}:`' if namespace.strip('/') else ''))
    if not applying:
        raise LaunchError(
            f'params_file {path}: no section applies to the node {node} (sections: '
            f"{', '.join(map(str, document)) or 'none'}); {fix}")
    warnings = []
    for key in document:
        section = document[key]
        values = section.get('ros__parameters') if isinstance(section, dict) else None
        if key in applying or not isinstance(values, dict):
            continue
        ours = sorted(set(values) & set(PARAMETERS_BY_NAME) - COMMON_PARAMETERS)
        if ours:
            guess = closest_name(str(key).strip('/'), [node_name])
            warnings.append(
                f"params_file {path}: section '{key}' applies to no node of this launch "
                f"(the pose node is {node}), so its {', '.join(ours[:3])}"
                f"{' ...' if len(ours) > 3 else ''} are not used"
                + (f"; did you mean '{guess}'?" if guess else f'; {fix}'))
    return warnings


def log_warnings(warnings):
    """Log each warning through launch's logger, as launch's own warnings are."""
    if warnings:
        import launch.logging
        logger = launch.logging.get_logger('launch.user')
        for warning in warnings:
            logger.warning(warning)
