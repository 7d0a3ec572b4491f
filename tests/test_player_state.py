"""The reflection budget render/player.py works out is what the player's own
state.js writes: the same schema (player/state.json) on both sides, checked by
running state.js's encode() in Node on the largest state a learner can leave."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lmspack.render.player import course_data, largest_state, reflection_budget
from lmspack.standards.scorm12 import Scorm12
from lmspack.standards.scorm2004 import Scorm2004
from lmspack.structure.loader import load_course
from tests.conftest import ROOT, SEED, set_recording

NODE = shutil.which("node")
MAXIMAL = ROOT / "tests" / "js" / "maximal.js"


def encoded_by_the_player(data: dict) -> dict[str, int]:
    result = subprocess.run([NODE, str(MAXIMAL)], input=json.dumps(data), capture_output=True,
                            text=True, check=True, timeout=60)
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("recording", [None, "video"])
@pytest.mark.parametrize("standard", [Scorm12, Scorm2004])
def test_budget_is_what_the_player_encodes(standard: type, recording: str | None,
                                           seed_copy: Path) -> None:
    if recording:
        set_recording(seed_copy, recording)
    course = load_course(seed_copy if recording else SEED)
    budget = reflection_budget(course, standard.limits)
    data = course_data(course, standard.runtime, standard.limits)
    assert data["limits"]["reflection"] == budget
    lengths = encoded_by_the_player(data)
    fixed = len(json.dumps(largest_state(course), separators=(",", ":"), ensure_ascii=False))
    assert lengths["fixed"] == fixed
    limit = standard.limits["suspendData"]
    assert lengths["full"] <= limit
    if budget < standard.limits.get("longResponse", limit):  # the room itself is the limit
        assert lengths["over"] > limit
        assert budget == (limit - fixed) // len(course.reflections)


def test_seed_reflections_have_at_least_the_room_they_had() -> None:
    """Before the schema, the budget kept 16 characters spare for no stated reason:
    1,152 per reflection for the seed course in SCORM 1.2."""
    assert reflection_budget(load_course(SEED), Scorm12.limits) >= 1152
