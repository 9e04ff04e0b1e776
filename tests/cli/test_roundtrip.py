"""Any text a person can type comes back exactly; any questions file loads or is refused
with one line (hypothesis, through the real CLI in-process)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

Cli = Callable[..., Result]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters worth meeting on purpose, besides whatever hypothesis picks.
SPECIAL = [
    '"',
    "'",
    "\\",
    "\\n",
    "\n",
    "\t",
    "\r",
    "\r\n",
    "🎉",
    "👩‍💻",
    "e\u0301",  # e + combining acute
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u05d0\u05d1",  # Hebrew
    "\u2028",
    "\x1b[31m",
    "\x9b",
    "[red]x[/red]",
    "=1+1",
    "@me",
    "due:friday",
    "--",
    "-x",
    "{}",
    "\ufeff",
    "\x7f",
]
# Anything that can be a command-line argument: no NUL, no lone surrogate.
CHAR = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
ARGUMENT = st.lists(st.one_of(st.sampled_from(SPECIAL), CHAR), min_size=1, max_size=12).map("".join)
WORD = st.text(CHAR, min_size=1, max_size=8).filter(
    lambda w: w == "".join(w.split()) and not w.startswith("@")
)


def visible(text: str) -> str:
    """What a title, person, tag or answer becomes: surrounding whitespace is dropped."""
    return text.strip()


@SETTINGS
@given(
    title=ARGUMENT.filter(lambda t: visible(t) != ""),
    people=st.lists(ARGUMENT.filter(lambda t: visible(t) != ""), max_size=3),
    tags=st.lists(ARGUMENT.filter(lambda t: visible(t) != ""), max_size=3),
    improve=ARGUMENT.filter(lambda t: visible(t) != ""),
    note=ARGUMENT,
    step=st.lists(WORD, min_size=1, max_size=4).filter(
        lambda words: not any(w.lower().startswith("due:") for w in words)
    ),
)
def test_any_text_comes_back_identical(
    cli: Cli,
    title: str,
    people: list[str],
    tags: list[str],
    improve: str,
    note: str,
    step: list[str],
) -> None:
    """Titles, people, tags and answers lose surrounding whitespace by design (a title of
    "  Sync " is the meeting "Sync"); everything inside comes back as typed. A next step
    is split into words (its @owner and due: are picked out), so it is made of words.

    Each example writes a journal of its own: a title seen before would otherwise take
    the people and tags of its earlier check-out (remembering the meeting, by design)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="roundtrip-") as folder:
        env = {"CHECKOUT_JOURNAL": str(Path(folder) / "journal.jsonl")}
        args = ["meeting", "--no-input", "--json", "--answer=goals=partly"]
        args += [f"--answer=goals.note={note}", f"--answer=improve={improve}"]
        args += [f"--answer=next={' '.join(step)}", "--answer=worth=3"]
        args += [f"--with={p}" for p in people] + [f"--tag={t}" for t in tags]
        saved = cli(*args, "--", title, env=env)
        assert saved.exit_code == 0, saved.output
        entry = json.loads(saved.stdout)

        def unique(values: list[str]) -> list[str]:
            return list(dict.fromkeys(v for v in map(visible, values) if v))

        answers = {a["key"]: a for a in entry["answers"]}
        assert entry["title"] == visible(title)
        assert entry["with"] == unique(people)
        assert entry["tags"] == unique(tags)
        assert answers["improve"]["value"] == visible(improve)
        assert answers["goals"].get("note", "") == visible(note)
        assert [s["text"] for s in answers["next"]["value"]] == [" ".join(step)]

        shown = cli("show", entry["id"], "--json", env=env)
        assert shown.exit_code == 0 and json.loads(shown.stdout) == entry
        logged = cli("log", "--json", "--limit", "1000", env=env)
        assert [e for e in json.loads(logged.stdout) if e["id"] == entry["id"]] == [entry]
        exported = cli("export", "--format", "json", "--all", env=env)
        assert exported.exit_code == 0, exported.output
        found = [e for e in json.loads(exported.stdout)["entries"] if e["id"] == entry["id"]]
        assert found == [entry]


# -- questions files -----------------------------------------------------------------------

SCALAR = st.one_of(
    st.text(CHAR, max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.floats(allow_nan=False),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(CHAR, max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)
KEY = st.one_of(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), SCALAR)
FIELDS = {
    "key": KEY,
    "text": st.one_of(st.text(CHAR, max_size=30), SCALAR),
    "kind": st.one_of(st.sampled_from(["choice", "scale", "text", "actions"]), SCALAR),
    "optional": st.one_of(st.booleans(), SCALAR),
    "choices": st.one_of(st.lists(st.text(CHAR, min_size=1, max_size=8), max_size=4), VALUE),
    "note": st.one_of(st.text(CHAR, max_size=20), SCALAR),
    "min": st.one_of(st.integers(-5, 5), SCALAR),
    "max": st.one_of(st.integers(0, 10), SCALAR),
    "min_label": st.one_of(st.text(CHAR, max_size=10), SCALAR),
    "max_label": st.one_of(st.text(CHAR, max_size=10), SCALAR),
    "extra": VALUE,
}
LINE = st.text(CHAR, min_size=1, max_size=20).filter(lambda t: t.strip() != "")
BY_KIND: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "choice": {
        "choices": st.lists(LINE, min_size=2, max_size=4, unique_by=lambda c: c.strip().lower()),
        "note": st.text(CHAR, max_size=20),
    },
    "scale": {
        "min": st.integers(-5, 5),
        "max": st.integers(5, 10),
        "min_label": st.text(CHAR, max_size=10),
        "max_label": st.text(CHAR, max_size=10),
    },
    "text": {},
    "actions": {},
}


def valid_question(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    required = {
        "key": st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True),
        "text": LINE,
        "kind": st.just(kind),
    }
    return st.fixed_dictionaries(required, optional={"optional": st.booleans(), **BY_KIND[kind]})


VALID_QUESTION = st.one_of([valid_question(kind) for kind in BY_KIND])
# One field of a valid question set to something else: the validation's edges.
MUTATED_QUESTION = st.builds(
    lambda q, field, value: {**q, field: value},
    VALID_QUESTION,
    st.sampled_from(sorted(FIELDS)),
    st.one_of(*FIELDS.values()),
)
QUESTION = st.one_of(
    VALID_QUESTION,
    MUTATED_QUESTION,
    st.fixed_dictionaries(
        {"key": KEY, "text": FIELDS["text"], "kind": FIELDS["kind"]},
        optional={k: v for k, v in FIELDS.items() if k not in ("key", "text", "kind")},
    ),
    VALUE,
)
SET_FIELDS = {"title": st.text(CHAR, max_size=12), "farewell": st.lists(LINE, max_size=3)}
VALID_SET = st.fixed_dictionaries(
    {"questions": st.lists(VALID_QUESTION, min_size=1, max_size=4, unique_by=lambda q: q["key"])},
    optional=SET_FIELDS,
)
QUESTION_SET = st.one_of(
    st.fixed_dictionaries(
        {"questions": st.lists(st.one_of(VALID_QUESTION, QUESTION), min_size=1, max_size=4)},
        optional=SET_FIELDS,
    ),
    st.fixed_dictionaries(
        {"questions": st.one_of(st.lists(QUESTION, max_size=4), VALUE)},
        optional={"title": SCALAR, "farewell": st.one_of(st.lists(SCALAR, max_size=3), SCALAR)},
    ),
    VALUE,
)
SET_NAME = st.one_of(st.sampled_from(["meeting", "retro", "one on one"]), st.text(CHAR, max_size=8))
DOCUMENT = st.one_of(
    st.dictionaries(SET_NAME, VALID_SET, min_size=1, max_size=3),
    st.dictionaries(SET_NAME, QUESTION_SET, min_size=1, max_size=3),
    st.dictionaries(st.text(CHAR, max_size=8), VALUE, max_size=4),
)


def check_questions_file(cli: Cli, path: Path) -> None:
    """`questions show` and `meeting --questions` agree: both accept the file, or both
    refuse it with the same one line that names it."""
    shown = cli("questions", "show", "--json", "--questions", str(path))
    if shown.exit_code != 0:
        assert shown.exit_code == 1, shown.output
        lines = shown.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("checkout: "), shown.stderr
        assert str(path) in lines[0]
        refused = cli("meeting", "T", "--questions", str(path), "--no-input")
        assert (refused.exit_code, refused.stderr) == (1, shown.stderr)
        event("refused")
        return
    event("loaded")
    document = json.loads(shown.stdout)
    chosen = next((s for s in document["sets"] if s["name"] == "meeting"), document["sets"][0])
    answers = []
    for question in chosen["questions"]:
        if question.get("optional"):
            continue
        value = {
            "choice": (question.get("choices") or ["?"])[0],
            "scale": str(question.get("min", 1)),
            "text": "x",
            "actions": "y",
        }[question["kind"]]
        answers.append(f"--answer={question['key']}={value}")
    # A journal of its own: an earlier example's check-out of "T" would be remembered.
    own = ("--journal", str(path.with_name(f"{uuid.uuid4().hex}.jsonl")))
    saved = cli("meeting", "T", *own, "--questions", str(path), "--no-input", "--json", *answers)
    assert saved.exit_code == 0, saved.output
    entry = json.loads(saved.stdout)
    assert entry["set"] == chosen["name"]
    assert [a["key"] for a in entry["answers"]] == [q["key"] for q in chosen["questions"]]
    plain = cli("questions", "show", "--questions", str(path))
    assert plain.exit_code == 0 and "\x1b" not in plain.stdout


@SETTINGS
@given(document=DOCUMENT)
def test_any_toml_document_loads_or_is_refused_in_one_line(
    cli: Cli, tmp_path: Path, document: dict[str, Any]
) -> None:
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        assume(False)
    path = tmp_path / "questions.toml"
    path.write_text(text, encoding="utf-8")
    check_questions_file(cli, path)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
@example(raw="a = " + "[" * 5000)
@example(raw="a = " + "{ b = " * 3000)
@example(raw="a = " + "1" * 5000)
@example(raw=b"[meeting]\ntitle = '\xff'\n")
@example(raw="[meeting]\n[[meeting.questions]]\nkey = 'k'\ntext = 't'\nkind = 'scale'\nmin = 1e9")
def test_any_bytes_load_or_are_refused_in_one_line(
    cli: Cli, tmp_path: Path, raw: str | bytes
) -> None:
    path = tmp_path / "questions.toml"
    if isinstance(raw, bytes):
        path.write_bytes(raw)
    else:
        path.write_text(raw, encoding="utf-8", errors="surrogatepass")
    check_questions_file(cli, path)


@pytest.mark.parametrize("key", ["goals\n", "a b", "", "ü", "x.y"])
def test_question_keys_are_plain_words(cli: Cli, tmp_path: Path, key: str) -> None:
    """A key has to be typed in `--answer KEY=…`: letters, digits, - and _ only."""
    path = tmp_path / "questions.toml"
    document = {"meeting": {"questions": [{"key": key, "text": "Q?", "kind": "text"}]}}
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    refused = cli("questions", "show", "--questions", str(path))
    assert refused.exit_code == 1 and "key must be" in refused.stderr
