"""The compiled representative of an organisation (ODD s.7.10) is the one numpy picked."""

from __future__ import annotations

import numpy as np
import pytest

from collabsim import mechanisms as mech
from collabsim.submodels import turnover


def representative_with_numpy(model, org: int) -> int | None:
    """turnover.representative before its kernel (the reference)."""
    staff = model.staff
    posts = staff.posts_of(org)
    members = posts[staff.present[posts]]
    if members.size == 0:
        return None
    ties = staff.trust.take(members, axis=0)
    working = (ties >= mech.WORKING_TIE) & staff.cross.take(members, axis=0) & staff.present
    degree = working.sum(axis=1)
    best = int(degree.argmax())
    return int(members[best]) if degree[best] > 0 else None


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("constants", [{}, {"WORKING_TIE": 0.45}])
def test_the_representative_kernel_picks_as_numpy(make_model, seed, constants):
    model = make_model(rng=seed, residents=50, existing_network=0.3)
    staff, rng = model.staff, np.random.default_rng(seed)
    picked = set()
    with mech.constant_set(constants):
        for _ in range(40):  # random states: vacant posts, ties exactly at the working level, ties on degree
            staff.present[:] = rng.random(staff.n) < rng.uniform(0.2, 1.0)
            w = np.triu(np.where(rng.random((staff.n, staff.n)) < 0.2, rng.choice([0.1, 0.3, 0.45, 0.6],
                                                                                      (staff.n, staff.n)), 0.0), 1)
            staff.trust[:] = (w + w.T) * staff.present * staff.present[:, None]
            for org in range(len(model.orgs.names)):
                got = turnover.representative(model, org)
                assert got == representative_with_numpy(model, org)
                picked.add(got is None)
    assert picked == {True, False}  # some organisations had a representative, some none
