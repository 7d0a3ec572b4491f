"""The content model the loader builds from the test course: typed, frozen, whole."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from lmspack.config import schema
from lmspack.structure.course import Course
from lmspack.structure.loader import load_course
from tests.conftest import FIXTURE


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(FIXTURE)


def test_defaults_come_from_the_field_declarations(course: Course) -> None:
    assert course.completion.recording_played_percent == 90
    assert schema.Completion.declared["recording_played_percent"].default == 90
    assert course.recording.provider_captions is False
    assert course.accessibility == schema.Accessibility()  # not given: all its fields unset
    assert course.credits is None


def test_lists_are_tuples_and_answers_are_marked(course: Course) -> None:
    assert course.objectives[0] == "Describe the three parts of a handover."
    assert isinstance(course.organisers, tuple) and isinstance(course.questions, tuple)
    parts, risks, checklist = course.questions
    assert parts.correct_ids == ("next-steps",)
    assert risks.correct_ids == ("missed-task", "wrong-patient")
    assert [(o.id, o.text, o.correct) for o in checklist.options] == [
        ("true", "True", True), ("false", "False", False)]
    assert list(course.confidence.scale) == [1, 2, 3]


def test_the_recording_is_classified_once_at_load(course: Course) -> None:
    view = course.recording.view
    assert (view.kind, view.url, view.embed_url, view.origin, view.provider) == (
        "link", "https://example.org/recordings/safer-handovers", None, None, "example.org")


def test_the_course_is_frozen_and_pickles_whole(course: Course) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        course.title = "Changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        course.recording.url = None  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(course))
    assert again.title == course.title and again.description_md == course.description_md
    assert again.places.at("quiz", ("knowledge_check", 1)) == (
        course.places.files["quiz"], 36)
