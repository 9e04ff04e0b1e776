"""Labels, languages, private sets and choice meanings in a questions file."""

from datetime import UTC, datetime
from typing import Any

import pytest

from checkout_cli.model.answers import Draft, build_entry
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.questions import parse_sets, readable


def one_set(**fields: Any) -> dict[str, Any]:
    question = {"key": "goals", "text": "¿Logramos lo que queríamos?", "kind": "choice"}
    question.update(fields.pop("question", {}))
    return {"reunion": {"questions": [question], **fields}}


def test_spanish_choices_say_what_they_mean() -> None:
    data = one_set(
        language="es",
        question={
            "choices": ["sí", "en parte", "no"],
            "meanings": {"sí": "achieved", "En parte": "partly", "no": "missed"},
        },
    )
    qset = parse_sets(data, "q.toml")["reunion"]
    question = qset.goal_question
    assert question is not None and qset.language == "es"
    assert [question.meaning(c) for c in ("SÍ", "en parte", "no", "quizá")] == [
        "achieved",
        "partly",
        "missed",
        None,
    ]
    now = datetime(2026, 12, 2, 10, tzinfo=UTC)
    entry = build_entry(
        qset, Draft({"goals": "en parte"}, {}), title="Semanal", people=[], tags=[], at=now, now=now
    )
    assert entry["answers"][0]["meaning"] == "partly"


def test_english_yes_partly_no_mean_what_they_say_without_being_told() -> None:
    qset = parse_sets(one_set(question={"choices": ["yes", "partly", "no"]}), "q")["reunion"]
    assert qset.goal_question is not None and qset.goal_question.meaning("partly") == "partly"
    other = parse_sets(one_set(question={"choices": ["red", "green"]}), "q")["reunion"]
    assert other.goal_question is None


@pytest.mark.parametrize(
    ("meanings", "message"),
    [
        ({"si": "achieved"}, "not one of the choices"),
        ({"sí": "great"}, "must be one of achieved, partly, missed"),
        ("sí", "must be a table"),
    ],
)
def test_wrong_meanings_are_clear_errors(meanings: Any, message: str) -> None:
    data = one_set(question={"choices": ["sí", "no"], "meanings": meanings})
    with pytest.raises(CheckoutError, match=message):
        parse_sets(data, "q.toml")


def test_labels_default_to_something_readable() -> None:
    qset = parse_sets(one_set(question={"choices": ["yes", "no"], "label": "Goals met"}), "q")
    assert qset["reunion"].questions[0].short == "Goals met"
    assert readable("next-steps") == "Next steps" and readable("worth") == "Worth"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "de"}, "language must be one of en, es, fr"),
        ({"private": "yes"}, "private must be true or false"),
    ],
)
def test_set_fields_are_checked(fields: dict[str, Any], message: str) -> None:
    data = one_set(question={"choices": ["yes", "no"]}, **fields)
    with pytest.raises(CheckoutError, match=message):
        parse_sets(data, "q.toml")


def test_the_shipped_one_on_one_is_private() -> None:
    from checkout_cli.store.question_files import load_file, packaged_file

    sets = load_file(packaged_file())
    assert sets["one-on-one"].private and not sets["meeting"].private
    assert sets["meeting"].get("improve").optional  # type: ignore[union-attr]
    assert all(q.label for s in sets.values() for q in s.questions)
