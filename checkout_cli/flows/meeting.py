"""`checkout meeting` from start to finish: questions, carry-over, prompts, append.

The entry is appended before anything else is rewritten, so what a person typed
is safe on disk before the tool does any follow-up work.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model import clock
from checkout_cli.model.errors import CheckoutError, MissingAnswers
from checkout_cli.model.questions import QuestionSet
from checkout_cli.store import config as config_mod
from checkout_cli.store import paths
from checkout_cli.store.journal import Journal
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from rich.console import Console

    from checkout_cli.flows.follow import Carried
    from checkout_cli.model.actions import ActionItem, Change
    from checkout_cli.model.answers import AnswerItem
    from checkout_cli.model.entry import Entry, Event
    from checkout_cli.model.settings import Settings


# How far back the next check-out of a meeting looks for open next steps; reading
# a recent window keeps the first question instant on a journal of many years.
CARRY_OVER_WINDOW = timedelta(days=180)


@dataclass
class MeetingRequest:
    """Everything the command line said about one check-out."""

    title: str | None = None
    people: Sequence[str] = ()
    tags: Sequence[str] = ()
    set_name: str | None = None
    at: datetime | None = None
    questions_file: str | None = None
    journal: str | None = None
    answers: Sequence[AnswerItem] = ()
    no_input: bool = False
    event: str | None = None
    minutes: int | None = None


@dataclass
class MeetingResult:
    entry: Entry
    journal: Path
    farewell: str
    closed: list[ActionItem] = field(default_factory=list)


def interactive() -> bool:
    return sys.stdin.isatty()


def run(request: MeetingRequest) -> MeetingResult:
    from checkout_cli.flows import follow
    from checkout_cli.flows.people import settle_me
    from checkout_cli.model import answers as record
    from checkout_cli.model import limits, questions
    from checkout_cli.store import question_files
    from checkout_cli.views.prompts import (
        ask_carry_over,
        ask_question,
        ask_title,
        cancellable,
        greet,
    )

    now = clock.now()
    settings = config_mod.load()
    me = settings.me
    sets, source = question_files.load(request.questions_file)
    qset = questions.pick(sets, request.set_name, source)
    path = paths.journal_file(request.journal)
    # Relative due dates count from the meeting's day, so a back-dated check-out keeps
    # the dates that were agreed then.
    meeting_day = (request.at or now).date()
    draft = record.parse_answers(qset, request.answers, today=meeting_day, me=me)
    title = request.title
    people = list(request.people)
    at = request.at or now
    event: Event | None = None
    if request.event:
        meeting = _event_meeting(request.event, settings, now, path)
        title = title or meeting.title
        people = people or list(meeting.attendees)
        if not request.at:
            at = min(meeting.start, now)
        event = {"uid": meeting.uid, "occurrence": meeting.occurrence, "calendar": meeting.calendar}
    # Before any question is asked, so no answer is typed in vain.
    limits.check_names(title, people, list(request.tags))

    can_ask = not request.no_input and interactive()
    unanswered = record.missing(qset, draft)
    if not can_ask and (unanswered or not title):
        _explain_no_input(qset, unanswered, has_title=bool(title), no_input=request.no_input)

    decisions: dict[str, Change] = {}
    carried: list[ActionItem] = []
    placed: list[Carried] = []
    if can_ask:
        from checkout_cli.views.render import console as make_console

        console = make_console(stderr=True)
        with cancellable():
            if not title:
                offered = _offer_calendar_meeting(console, settings, now, path)
                if offered is not None:
                    title, offered_people, offered_at, event = offered
                    people = people or offered_people
                    at = at if request.at else offered_at
                    limits.check_names(title, people)
                else:
                    title = ask_title(console)
            asked = [q for q in qset.questions if not draft.has(q.key)]
            greet(console, title, len(asked))
            since = now - CARRY_OVER_WINDOW
            carried = record.open_items(Journal(path, warn=warn_stderr).read(since), title)
            if carried:
                decisions = ask_carry_over(
                    console,
                    carried,
                    today=now.date(),
                    me=me,
                    old_weeks=settings.carry_over_weeks,
                    can_move=follow.actions_key(qset) is not None,
                )
            recalled = _history(path, title)
            for question in asked:
                ask_question(console, question, draft, today=now.date(), me=me, history=recalled)
            placed = follow.carry_into(qset, draft, carried, decisions)
            settle_me(draft.values, settings, console)
    else:
        settle_me(draft.values, settings, None)
    assert title is not None
    # From here on nothing is asked: the answers are complete and get saved.
    saved_at = clock.now() if can_ask else now
    entry = record.build_entry(
        qset,
        draft,
        title=title,
        people=people,
        tags=request.tags,
        at=min(at, saved_at),
        now=saved_at,
        event=event,
        minutes=request.minutes,
    )
    if placed:
        follow.record_moves(entry, placed, decisions)
    Journal(path, warn=warn_stderr).append(dict(entry))
    closed = _apply_decisions(path, decisions, carried, saved_at) if decisions else []
    from checkout_cli.flows.parting import parting

    return MeetingResult(entry, path, parting(qset, entry, settings, path, saved_at), closed)


def _history(path: Path, title: str) -> dict[str, tuple[str, ...]]:
    """This meeting's earlier answers, which Up recalls at each question's prompt. Quiet:
    the carry-over read has just said which lines are bad, and `check` lists them all."""
    from checkout_cli.model.history import HISTORY_LIMIT, answer_history

    return answer_history(Journal(path, warn=lambda _: None).tail(HISTORY_LIMIT), title)


def _explain_no_input(
    qset: QuestionSet, unanswered: Sequence[Any], *, has_title: bool, no_input: bool
) -> None:
    """Fail at once, saying what is missing (the CLI adds the flags that would give it)."""
    raise MissingAnswers([q.key for q in unanswered], needs_title=not has_title, no_input=no_input)


def _apply_decisions(
    path: Path, decisions: dict[str, Change], carried: list[ActionItem], now: Any
) -> list[ActionItem]:
    """Close, drop, move, re-date and re-assign the carried-over items as the person said;
    returns the items closed."""
    from checkout_cli.flows import follow

    try:
        return follow.apply_carry_over(path, decisions, carried, now)
    except CheckoutError as error:
        # The check-out itself is saved; failing now would invite a duplicate retry.
        warn_stderr(f"saved, but could not update the earlier next steps: {error}")
        return []


def _event_meeting(spec: str, settings: Settings, now: Any, path: Path) -> Any:
    from checkout_cli.flows.calendar import resolve_event

    return resolve_event(spec, settings, now, path)


def _offer_calendar_meeting(
    console: Console, settings: Settings, now: Any, path: Path
) -> tuple[str, list[str], Any, Event | None] | None:
    if not settings.calendars:
        return None
    from checkout_cli.flows.calendar import offer_recent

    return offer_recent(console, settings, now, path)
