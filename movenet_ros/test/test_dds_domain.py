# Copyright 2026 The movenet_ros Authors
# SPDX-License-Identifier: Apache-2.0

"""Each test run, and each pytest-xdist worker, gets a DDS domain no other run holds."""

import random

import dds_domain
import pytest


@pytest.fixture
def lock_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(dds_domain, 'LOCK_DIR', tmp_path)
    held = len(dds_domain._held)
    yield tmp_path
    for handle in dds_domain._held[held:]:
        handle.close()
    del dds_domain._held[held:]


def test_a_domain_whose_ports_are_bound_is_in_use():
    assert dds_domain.domain_in_use(92, {7400 + 250 * 92 + 11})
    assert not dds_domain.domain_in_use(92, {7400 + 250 * 92 - 1, 7400 + 250 * 93})


def test_random_claims_never_share_a_domain(lock_dir, monkeypatch):
    monkeypatch.setattr(dds_domain, '_bound_udp_ports', set)
    # The same random order each time: only the locks keep the claims apart.
    claims = [dds_domain.claim_domain(rng=random.Random(7)) for _ in range(101)]
    assert sorted(claims) == list(range(1, 102))
    with pytest.raises(RuntimeError, match='every ROS domain'):
        dds_domain.claim_domain(rng=random.Random(7))


def test_requested_domain_offsets_by_worker_and_is_exclusive(lock_dir):
    assert dds_domain.claim_domain('40') == 40
    assert dds_domain.claim_domain('40', 'gw1') == 41
    with pytest.raises(RuntimeError, match='domain 40 is in use'):
        dds_domain.claim_domain('40', 'gw0')
    with pytest.raises(ValueError, match='outside 1..101'):
        dds_domain.claim_domain('101', 'gw1')


def test_the_domain_of_this_run_is_held(lock_dir):
    import os
    assert int(os.environ['ROS_DOMAIN_ID']) in dds_domain.SAFE_DOMAINS
    assert len(dds_domain._held) >= 1
