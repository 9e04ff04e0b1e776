"""`checkout meeting` from start to finish: which meeting (flags, calendar, memory),
questions, carry-over, prompts, append.

`identify` settles which meeting this is before any question: `--again`, `--event`, the
calendar's offer or the title prompt, a typed title's just-ended calendar meeting, and
what the journal's end remembers of it (`recall`). The journal's end is read once per
check-out (`JournalEnd`: the last `memory.SPAN` check-outs, as heads) and shared by
memory, the prompts' history and the parting's rhythm, so a check-out costs the same on
a journal of any size. The entry is appended before anything else is rewritten, so what
a person typed is safe on disk before the tool does any follow-up work.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
from checkout_cli.store.journal import Journal, Tail
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from rich.console import Console

    from checkout_cli.flows.follow import Carried
    from checkout_cli.model.actions import ActionItem, Change
    from checkout_cli.model.answers import AnswerItem
    from checkout_cli.model.entry import Entry, Event
    from checkout_cli.model.memory import Choice, Remembered
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
    again: bool = False  # check out the latest meeting again: its title, set, tags, people


@dataclass
class MeetingResult:
    entry: Entry
    journal: Path
    farewell: str
    closed: list[ActionItem] = field(default_factory=list)
    qset: QuestionSet | None = None  # the set asked, for the receipt's labels and scales


@dataclass
class Identified:
    """Which meeting this is: what the command line, the calendar and memory said of it."""

    title: str | None
    people: list[str]
    at: datetime
    event: Event | None = None
    memory: Remembered | None = None
    notes: list[str] = field(default_factory=list)  # one line each, said before the questions


class JournalEnd:
    """The journal's last `memory.SPAN` check-outs, read from its end at most once per
    check-out (on first use, before the append), each as its head (`Journal.tail_lines`
    with `heads`: what names its meeting); the few a feature needs whole are decoded from
    their lines. Memory, the prompts' history and the parting's rhythm all look here."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self._tail: Tail | None = None

    def tail(self) -> Tail:
        if self._tail is None:
            from checkout_cli.model.memory import SPAN

            self._tail = self.journal.tail_lines(SPAN, heads=True)
        return self._tail

    def heads(self) -> list[dict[str, Any]]:
        """Each entry's head, oldest first."""
        return self.tail().entries

    def whole(self, index: int) -> dict[str, Any]:
        """Entry `index` whole (its head, in the odd case that the whole does not read)."""
        tail = self.tail()
        return tail.whole(index) or tail.entries[index]


def interactive() -> bool:
    return sys.stdin.isatty()


def run(request: MeetingRequest) -> MeetingResult:
    from checkout_cli.flows import follow
    from checkout_cli.flows.people import settle_me
    from checkout_cli.model import answers as record
    from checkout_cli.model import limits
    from checkout_cli.store import question_files
    from checkout_cli.views.prompts import ask_carry_over, ask_question, cancellable, greet

    now = clock.now()
    settings = config_mod.load()
    me = settings.me
    sets, source = question_files.load(request.questions_file)
    path = paths.journal_file(request.journal)
    journal = Journal(path, warn=warn_stderr)
    end = JournalEnd(journal)
    # Before anything is read or asked, so no answer is typed in vain.
    limits.check_names(request.title, list(request.people), list(request.tags))

    can_ask = not request.no_input and interactive()
    console = _console() if can_ask else None
    decisions: dict[str, Change] = {}
    carried: list[ActionItem] = []
    placed: list[Carried] = []
    with cancellable() if can_ask else contextlib.nullcontext():
        known = identify(request, settings, now, end, console)
        qset, choice = _choose_set(request, known, sets, source, now)
        title, people, tags = known.title, list(choice.people), list(choice.tags)
        limits.check_names(title, people, tags)
        # Relative due dates count from the meeting's day, so a back-dated check-out keeps
        # the dates that were agreed then.
        meeting_day = (request.at or now).date()
        try:
            draft = record.parse_answers(qset, request.answers, today=meeting_day, me=me)
        except CheckoutError as error:
            raise _with_memory(error, qset, choice, known.memory) from None
        unanswered = record.missing(qset, draft)
        if not can_ask and (unanswered or not title):
            _explain_no_input(qset, unanswered, has_title=bool(title), no_input=request.no_input)
        _say(console, known.notes)
        if console is not None:
            assert title is not None
            asked = [q for q in qset.questions if not draft.has(q.key)]
            greet(console, title, len(asked), set_name=qset.name, set_title=qset.title)
            since = now - CARRY_OVER_WINDOW
            carried = record.open_items(journal.read(since), title)
            if carried:
                decisions = ask_carry_over(
                    console,
                    carried,
                    today=now.date(),
                    me=me,
                    old_weeks=settings.carry_over_weeks,
                    can_move=follow.actions_key(qset) is not None,
                )
            recalled = _history(end, title)
            for question in asked:
                ask_question(console, question, draft, today=now.date(), me=me, history=recalled)
            placed = follow.carry_into(qset, draft, carried, decisions)
            settings = settle_me(draft.values, settings, console)
        else:
            settings = settle_me(draft.values, settings, None)
    assert title is not None
    # From here on nothing is asked: the answers are complete and get saved.
    saved_at = clock.now() if can_ask else now
    entry = record.build_entry(
        qset,
        draft,
        title=title,
        people=people,
        tags=tags,
        at=min(known.at, saved_at),
        now=saved_at,
        event=known.event,
        minutes=request.minutes,
    )
    if placed:
        follow.record_moves(entry, placed, decisions)
    earlier = end.heads()  # read before the append (a no-op when memory has read them)
    journal.append(dict(entry))
    closed = _apply_decisions(path, decisions, carried, saved_at) if decisions else []
    from checkout_cli.flows.parting import parting

    farewell = parting(qset, entry, settings, earlier, saved_at)
    return MeetingResult(entry, path, farewell, closed, qset)


def identify(
    request: MeetingRequest,
    settings: Settings,
    now: datetime,
    end: JournalEnd,
    console: Console | None,
) -> Identified:
    """The title, people, time and event of this check-out, and its memory.

    In order: `--again` (the latest check-out), `--event`, the calendar's offer or the
    title prompt (in a terminal, without a title), a typed title's just-ended calendar
    meeting, and what the latest check-out of the same series or title used.
    """
    from checkout_cli.model import memory as memory_mod

    journal = end.journal
    known = Identified(request.title, list(request.people), request.at or now)
    if request.again:
        index = memory_mod.find_latest(end.heads())
        known.memory = None if index is None else memory_mod.remembered(end.whole(index), "latest")
        if known.memory is None:
            raise CheckoutError("there is no check-out yet to do again; give the meeting's title")
        known.title = known.memory.title
        from checkout_cli.views.remembered import again_line

        known.notes.append(again_line(known.memory, today=now.date()))
    if request.event:
        meeting = _event_meeting(request.event, settings, now, journal.path)
        known.title = known.title or meeting.title
        known.people = known.people or list(meeting.attendees)
        if not request.at:
            known.at = min(meeting.start, now)
        known.event = _event_of(meeting)
    if not known.title and console is not None:
        from checkout_cli.views.prompts import ask_title

        offered = _offer_calendar_meeting(console, settings, now, journal.path)
        if offered is not None:
            known.title, offered_people, offered_at, known.event = offered
            known.people = known.people or offered_people
            known.at = known.at if request.at else offered_at
        else:
            known.title = ask_title(console)
    if known.title and known.event is None and settings.calendars:
        _adopt_just_ended(known, request, settings, now, journal.path)
    if known.memory is None and known.title:
        uid = known.event["uid"] if known.event else None
        known.memory = recall(end, known.title, uid)
    return known


def recall(end: JournalEnd, title: str, uid: str | None) -> Remembered | None:
    """The latest check-out of this meeting among the journal's last `memory.SPAN`."""
    from checkout_cli.model import memory as memory_mod

    found = memory_mod.find(end.heads(), title=title, uid=uid)
    if found is None:
        return None
    index, how = found
    return memory_mod.remembered(end.whole(index), how)


def _choose_set(
    request: MeetingRequest,
    known: Identified,
    sets: dict[str, QuestionSet],
    source: Path,
    now: datetime,
) -> tuple[QuestionSet, Choice]:
    """The set, tags and people: the command line's, else memory's (a remembered set
    that the questions file no longer has gives way to the default, with a note)."""
    from checkout_cli.model import memory as memory_mod
    from checkout_cli.model import questions
    from checkout_cli.views import remembered

    choice = memory_mod.choose(
        known.memory, set_name=request.set_name, tags=request.tags, people=known.people
    )
    if "set" in choice.from_memory and choice.set_name not in sets:
        default = questions.pick(sets, None, source)
        known.notes.append(remembered.gone_set_line(str(choice.set_name), default.name))
        choice = dataclasses.replace(
            choice, set_name=None, from_memory=choice.from_memory - {"set"}
        )
    qset = questions.pick(sets, choice.set_name, source)
    if known.memory is not None:
        line = remembered.remembered_line(
            known.memory,
            choice,
            set_shown=remembered.set_label(qset.name, qset.title),
            today=now.date(),
        )
        if line:
            known.notes.append(line)
    return qset, choice


def _with_memory(
    error: CheckoutError, qset: QuestionSet, choice: Choice, memory: Remembered | None
) -> CheckoutError:
    """A scripted answer that does not fit a remembered set says where the set came from."""
    if memory is None or "set" not in choice.from_memory:
        return error
    from checkout_cli.views.remembered import day

    when = day(memory.at, clock.now().date())
    found = type(error)(
        f"{error} (set {qset.name!r} is the one this meeting used on {when}; choose another "
        "set to answer other questions)"
    )
    return found


def _adopt_just_ended(
    known: Identified,
    request: MeetingRequest,
    settings: Settings,
    now: datetime,
    path: Path,
) -> None:
    """A typed title that names a calendar meeting that just ended (the window the offer
    and `pending` use) takes its attendees, its start as `at`, and its event link."""
    from checkout_cli.flows import calendar as calendar_flow
    from checkout_cli.model.entry import meeting_key
    from checkout_cli.views.remembered import adopted_line

    assert known.title is not None
    around = request.at or now
    wanted = meeting_key(known.title)
    found = [
        m
        for m in calendar_flow.waiting(
            settings, now, path, since=around - calendar_flow.OFFER_WINDOW
        )
        if meeting_key(m.title) == wanted
        and m.start - calendar_flow.EARLY <= around < m.end + calendar_flow.LATE
    ]
    if not found:
        return
    meeting = found[-1]  # the one that ended last
    people_taken = not known.people and bool(meeting.attendees)
    if people_taken:
        known.people = list(meeting.attendees)
    if not request.at:
        known.at = min(meeting.start, now)
    known.event = _event_of(meeting)
    span = calendar_flow.span(meeting, today=now.astimezone().date())
    known.notes.append(
        adopted_line(
            meeting.title,
            span,
            meeting.attendees,
            people_taken=people_taken,
            at_taken=not request.at,
        )
    )


def _event_of(meeting: Any) -> Event:
    return {"uid": meeting.uid, "occurrence": meeting.occurrence, "calendar": meeting.calendar}


def _console() -> Console:
    from checkout_cli.views.render import console

    return console(stderr=True)


def _say(console: Console | None, notes: Sequence[str]) -> None:
    """The notes on stderr: dim in a terminal, plain lines for a script."""
    for note in notes:
        if console is None:
            print(note, file=sys.stderr)
        else:
            console.print(note, style="dim", markup=False, highlight=False, soft_wrap=True)


def _history(end: JournalEnd, title: str) -> dict[str, tuple[str, ...]]:
    """This meeting's earlier answers among the journal's last `HISTORY_LIMIT`, which Up
    recalls at each question's prompt: only this meeting's lines are decoded whole."""
    from checkout_cli.model.entry import meeting_key
    from checkout_cli.model.history import HISTORY_LIMIT, answer_history, same_title

    wanted = meeting_key(title)
    tail = end.tail()
    first = max(0, len(tail.entries) - HISTORY_LIMIT)
    chosen = [
        tail.whole(index)
        for index in range(first, len(tail.entries))
        if same_title(tail.entries[index], wanted)
    ]
    return answer_history([entry for entry in chosen if entry is not None], title)


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
