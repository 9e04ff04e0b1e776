"""Question sets: the packaged default, overrides, and every kind of bad file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from checkout_cli.model import questions
from checkout_cli.model.errors import CheckoutError
from checkout_cli.store import question_files

GOOD = """
[quick]
[[quick.questions]]
key = "ok"
text = "All good?"
kind = "choice"
choices = ["yes", "no"]
"""


def test_default_set_has_the_four_questions() -> None:
    sets, source = question_files.load()
    meeting = sets["meeting"]
    assert [(q.key, q.kind) for q in meeting.questions] == [
        ("goals", "choice"),
        ("improve", "text"),
        ("next", "actions"),
        ("worth", "scale"),
    ]
    assert meeting.questions[0].choices == ("yes", "partly", "no")
    worth = meeting.get("worth")
    assert worth is not None and (worth.min, worth.max, worth.optional) == (1, 5, True)
    assert {"one-on-one", "customer-call"} <= set(sets)
    assert source == question_files.packaged_file()


def test_user_copy_overrides_and_flag_overrides_both(checkout_home: Path, tmp_path: Path) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    (checkout_home / "questions.toml").write_text(GOOD.replace("quick", "mine"))
    assert list(question_files.load()[0]) == ["mine"]
    flag = tmp_path / "flag.toml"
    flag.write_text(GOOD)
    assert list(question_files.load(flag)[0]) == ["quick"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x\n", "line 1"),
        ("", "is empty"),
        (GOOD.replace('kind = "choice"', 'kind = "stars"'), "unknown kind 'stars'"),
        (GOOD.replace('text = "All good?"', ""), "missing text"),
        (GOOD + GOOD.split("\n", 2)[2], "duplicate key 'ok'"),
        (
            '[s]\n[[s.questions]]\nkey = "w"\ntext = "W?"\nkind = "scale"\nmin = 5\nmax = 1\n',
            "min (5) is greater than max (1)",
        ),
        ("[s]\ntitle = 'no questions'\n", "no questions"),
        (GOOD.replace('choices = ["yes", "no"]', 'choices = ["yes"]'), "at least two"),
        (GOOD.replace('key = "ok"', 'key = "has space"'), "key must be"),
        (GOOD + "min = 1\n", "does not apply to kind choice"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "q.toml"
    path.write_text(text)
    with pytest.raises(CheckoutError) as caught:
        question_files.load(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_bad_file_through_the_cli_is_one_line_exit_1(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "q.toml"
    path.write_text(GOOD.replace('kind = "choice"', 'kind = "stars"'))
    result = cli("questions", "show", "--questions", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unknown kind 'stars'" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_set_suggests_the_close_one(cli: Callable[..., Result]) -> None:
    result = cli("meeting", "x", "--set", "onone", "--no-input")
    assert result.exit_code == 1
    assert "Did you mean 'one-on-one'?" in result.stderr


def test_questions_show_path_and_init(cli: Callable[..., Result], checkout_home: Path) -> None:
    shown = cli("questions", "show", "--set", "meeting")
    assert shown.exit_code == 0
    assert "How worthwhile was this meeting for you?" in shown.stdout
    assert cli("questions", "path").stdout.strip() == str(question_files.packaged_file())
    first = cli("questions", "init")
    assert first.exit_code == 0 and (checkout_home / "questions.toml").exists()
    assert cli("questions", "path").stdout.strip() == str(checkout_home / "questions.toml")
    again = cli("questions", "init")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert cli("questions", "init", "--force").exit_code == 0


def test_choice_by_first_letter_only_when_unambiguous() -> None:
    q = questions.Question("c", "?", "choice", choices=("yes", "partly", "no", "pass"))
    assert questions.choice_for(q, "Y") == "yes"
    assert questions.choice_for(q, "p") is None
    assert questions.choice_for(q, "pa") is None
    assert questions.choice_for(q, "par") == "partly"
    assert questions.choice_for(q, "PASS") == "pass"
