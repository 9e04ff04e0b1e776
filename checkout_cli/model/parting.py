"""The parting after a check-out: farewell templates, their placeholders, the tone, and the
words of each language (names joined, dates, the rhythm of a meeting, the promise of a
follow-up).

Pure: the flow gathers what is known (config, calendar, journal) and hands it here. A
template names placeholders in braces; each one a set may use is in `PLACEHOLDERS`. Those
that can be unknown become empty, and an empty one takes the space and comma (or semicolon,
or colon) before it along, and a pair of commas around it: `See you, {people},
{next_meeting}.` reads `See you next time.` when nobody was named and nothing is known of
the next meeting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from string import Formatter
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from checkout_cli.model.actions import ActionItem
    from checkout_cli.model.questions import QuestionSet

# name -> what it becomes (the questions file's header and the README say the same).
PLACEHOLDERS = {
    "people": "first names of who was there, joined: Ana and Raj (empty when nobody was named)",
    "me": "your first name, from `name` in the config (empty when not set)",
    "title": "the meeting's title",
    "next_meeting": "when you meet again: on Wed 9 Dec at 10:00 (calendar), next week, "
    "as usual (the journal's rhythm), or next time",
    "steps": "how many next steps were agreed: 2 next steps, one next step, no next steps",
    "my_step": "your nearest next step: Send the notes (due Fri 4 Dec) (empty when none is yours)",
    "follow_up": "the promise: what was agreed, your nearest step, and that the next "
    "check-out will ask about them (empty when nothing was agreed)",
}
TONES = ("good", "mixed", "poor")
RHYTHMS = ("weekly", "fortnightly", "monthly")

# Built-in templates, for a set without lines for a tone.
DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "good": ("Thanks for checking out, {me}. See you, {people}, {next_meeting}. {follow_up}",),
        "mixed": ("Thanks, {people}. See you {next_meeting}. {follow_up}",),
        "poor": (
            "Thanks for being honest about it, {me}; the next one can be better. "
            "See you, {people}, {next_meeting}. {follow_up}",
        ),
    },
    "es": {
        "good": ("¡Gracias, {me}! Nos vemos, {people}, {next_meeting}. {follow_up}",),
        "mixed": ("Gracias, {people}. Nos vemos {next_meeting}. {follow_up}",),
        "poor": (
            "Gracias por decirlo con franqueza, {me}; la próxima puede salir mejor. "
            "Nos vemos, {people}, {next_meeting}. {follow_up}",
        ),
    },
    "fr": {
        "good": ("Merci, {me} ! On se revoit, {people}, {next_meeting}. {follow_up}",),
        "mixed": ("Merci, {people}. On se revoit {next_meeting}. {follow_up}",),
        "poor": (
            "Merci de l'avoir dit franchement, {me} ; la prochaine peut être meilleure. "
            "On se revoit, {people}, {next_meeting}. {follow_up}",
        ),
    },
}

_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
}


class Words(NamedTuple):
    """One language's pieces of a parting and a follow-up message (a named tuple: a frozen
    dataclass of this many fields costs a check-out 2 ms to create)."""

    and_: str
    others: str  # "{n} others"
    on_day: str  # "on {day}"
    at_time: str  # "{when} at {time}"
    today: str
    tomorrow: str
    next_time: str
    rhythm: Mapping[str, str]
    steps: tuple[str, str, str]  # none, one, many ("{n}")
    due: str  # "{step} (due {day})"
    agreed: tuple[str, str]  # one, many: "{steps} agreed"
    yours_only: str  # "; yours: {step}"
    yours_nearest: str  # "; your nearest: {step}"
    will_ask: tuple[str, str]  # one, many: "The next check-out of {title} will ask about it."
    # The follow-up message.
    subject: str  # "{title}: follow-up"
    subject_line: str  # "Subject: {subject}"
    hello: str  # "Hi {people},"
    hello_all: str
    thanks_today: str  # "Thanks for today's {title}."
    thanks_on: str  # "Thanks for {title} on {day}."
    agreed_heading: str
    nothing_agreed: str
    owner_me: str
    by: str  # "by {day}"
    done: str
    next_meeting: str  # "Next meeting: {when}."
    see_you: str  # "See you {when}."
    regards: str


WORDS = {
    "en": Words(
        and_="and",
        others="{n} others",
        on_day="on {day}",
        at_time="{when} at {time}",
        today="today",
        tomorrow="tomorrow",
        next_time="next time",
        rhythm={
            "weekly": "next week, as usual",
            "fortnightly": "in two weeks, as usual",
            "monthly": "next month, as usual",
        },
        steps=("no next steps", "one next step", "{n} next steps"),
        due="{step} (due {day})",
        agreed=("{steps} agreed", "{steps} agreed"),
        yours_only="; yours: {step}",
        yours_nearest="; your nearest: {step}",
        will_ask=(
            "The next check-out of {title} will ask about it.",
            "The next check-out of {title} will ask about them.",
        ),
        subject="{title}: follow-up",
        subject_line="Subject: {subject}",
        hello="Hi {people},",
        hello_all="Hi all,",
        thanks_today="Thank you for today's {title}.",
        thanks_on="Thank you for {title} on {day}.",
        agreed_heading="What we agreed:",
        nothing_agreed="We agreed no next steps this time.",
        owner_me="me",
        by="by {day}",
        done="done",
        next_meeting="Next meeting: {when}.",
        see_you="See you {when}.",
        regards="Best,",
    ),
    "es": Words(
        and_="y",
        others="{n} más",
        on_day="el {day}",
        at_time="{when} a las {time}",
        today="hoy",
        tomorrow="mañana",
        next_time="la próxima vez",
        rhythm={
            "weekly": "la semana que viene, como siempre",
            "fortnightly": "dentro de dos semanas, como siempre",
            "monthly": "el mes que viene, como siempre",
        },
        steps=("ningún próximo paso", "un próximo paso", "{n} próximos pasos"),
        due="{step} (para el {day})",
        agreed=("{steps} acordado", "{steps} acordados"),
        yours_only="; el tuyo: {step}",
        yours_nearest="; el tuyo más cercano: {step}",
        will_ask=(
            "El próximo check-out de {title} preguntará por él.",
            "El próximo check-out de {title} preguntará por ellos.",
        ),
        subject="{title}: seguimiento",
        subject_line="Asunto: {subject}",
        hello="Hola, {people}:",
        hello_all="Hola a todos:",
        thanks_today="Gracias por la reunión de hoy, {title}.",
        thanks_on="Gracias por la reunión {title} del {day}.",
        agreed_heading="Lo que acordamos:",
        nothing_agreed="Esta vez no acordamos próximos pasos.",
        owner_me="yo",
        by="para el {day}",
        done="hecho",
        next_meeting="Próxima reunión: {when}.",
        see_you="Nos vemos {when}.",
        regards="Saludos,",
    ),
    "fr": Words(
        and_="et",
        others="{n} autres",
        on_day="le {day}",
        at_time="{when} à {time}",
        today="aujourd'hui",
        tomorrow="demain",
        next_time="la prochaine fois",
        rhythm={
            "weekly": "la semaine prochaine, comme d'habitude",
            "fortnightly": "dans deux semaines, comme d'habitude",
            "monthly": "le mois prochain, comme d'habitude",
        },
        steps=("aucune prochaine étape", "une prochaine étape", "{n} prochaines étapes"),
        due="{step} (pour le {day})",
        agreed=("{steps} convenue", "{steps} convenues"),
        yours_only=" ; la vôtre : {step}",
        yours_nearest=" ; la plus proche des vôtres : {step}",
        will_ask=(
            "Le prochain check-out de {title} vous en demandera des nouvelles.",
            "Le prochain check-out de {title} vous en demandera des nouvelles.",
        ),
        subject="{title} : suivi",
        subject_line="Objet : {subject}",
        hello="Bonjour {people},",
        hello_all="Bonjour à tous,",
        thanks_today="Merci pour la réunion {title} d'aujourd'hui.",
        thanks_on="Merci pour la réunion {title} du {day}.",
        agreed_heading="Ce que nous avons convenu :",
        nothing_agreed="Nous n'avons pas convenu de prochaines étapes cette fois-ci.",
        owner_me="moi",
        by="pour le {day}",
        done="fait",
        next_meeting="Prochaine réunion : {when}.",
        see_you="À {when}.",
        regards="Bien à vous,",
    ),
}
# How many first names a parting lists before it counts the rest.
MOST_NAMES = 4


def words(language: str) -> Words:
    return WORDS.get(language, WORDS["en"])


# --- templates ---


def template_problem(template: str) -> str | None:
    """Why a farewell template cannot be used (broken braces, an unknown placeholder), or
    None. The message names the placeholders a template may use."""
    try:
        parts = list(Formatter().parse(template))
    except ValueError as error:
        return f"{error} (write {{{{ and }}}} for a literal brace)"
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            return f"names an unknown placeholder {shown}; use {known}"
        if spec or conversion:
            return f"{{{name}}} takes no format (write it as {{{name}}})"
    return None


def placeholders_in(template: str) -> set[str]:
    """The placeholders a (checked) template names."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


_EMPTY = "\x00"
_BETWEEN_COMMAS = re.compile(r",[ \t]*\x00[ \t]*,")
_BEFORE = re.compile(r"[ \t]*[,;:]?[ \t]*\x00")
_SPACES = re.compile(r"[ \t]{2,}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders filled; an empty value takes its separator along."""
    pieces: list[str] = []
    for literal, name, _, _ in Formatter().parse(template):
        pieces.append(literal)
        if name is not None:
            value = values.get(name, "")
            pieces.append(value if value else _EMPTY)
    text = "".join(pieces)
    if _EMPTY in text:
        text = _BETWEEN_COMMAS.sub("", text)
        text = _BEFORE.sub("", text).replace(_EMPTY, "")
        text = _SPACES.sub(" ", text)
        text = re.sub(r"^[ \t]*[,;:][ \t]*", "", text)
    return text.strip()


def lines_for(qset: QuestionSet, tone: str) -> tuple[str, ...]:
    """The set's templates for a tone: its lines for that tone, else its lines for any
    tone, else the built-in ones of its language."""
    by_tone = dict(qset.farewell_by_tone)
    return (
        by_tone.get(tone)
        or by_tone.get("any")
        or qset.farewell
        or DEFAULTS.get(qset.language, DEFAULTS["en"])[tone]
    )


def pick(lines: Sequence[str], entry_id: str) -> str:
    """One line, picked by the entry id: it varies from one check-out to the next, and the
    same check-out always gets the same line."""
    return lines[sum(map(ord, entry_id)) % len(lines)]


# --- the tone ---


def tone(qset: QuestionSet, entry: Mapping[str, Any]) -> str:
    """good, mixed or poor, from the goal answer's meaning and the worth answer's place on
    its scale: missed or the lower third is poor; partly or the middle third is mixed;
    achieved or the upper third is good. With nothing to go by it is mixed (neutral)."""
    found: set[str] = set()
    answers = entry.get("answers")
    goal = qset.goal_question
    for answer in answers if isinstance(answers, list) else []:
        if not isinstance(answer, dict):
            continue
        key, value = answer.get("key"), answer.get("value")
        if goal is not None and key == goal.key:
            meaning = answer.get("meaning") or goal.meaning(value)
            mood = {"achieved": "good", "partly": "mixed", "missed": "poor"}.get(str(meaning))
            if mood:
                found.add(mood)
        question = qset.get(str(key))
        if key == "worth" and question is not None and question.kind == "scale":
            mood = scale_tone(value, question.min, question.max)
            if mood:
                found.add(mood)
    return next((t for t in ("poor", "mixed", "good") if t in found), "mixed")


def scale_tone(value: object, low: int, high: int) -> str | None:
    """Where a scale answer falls: poor in the lower third, mixed in the middle, good above."""
    if type(value) is not int or high <= low:
        return None
    place = (value - low) / (high - low)
    if place < 1 / 3:
        return "poor"
    if place <= 2 / 3:
        return "mixed"
    return "good"


# --- names ---


def first_names(people: Iterable[str]) -> list[str]:
    """`Ana Pérez` -> `Ana`; each person once, in order."""
    found: list[str] = []
    for person in people:
        words_ = str(person).split()
        if words_ and words_[0].casefold() not in {f.casefold() for f in found}:
            found.append(words_[0])
    return found


def join_names(names: Sequence[str], language: str) -> str:
    """`Ana and Raj`, `Ana, Raj and Li`; `Ana y Raj` (`e` before an i sound); `Ana et Raj`.
    More than MOST_NAMES: the first ones and how many others."""
    names = list(names)
    if not names:
        return ""
    lang = words(language)
    if len(names) > MOST_NAMES:
        shown = names[: MOST_NAMES - 1]
        return f"{', '.join(shown)} {lang.and_} {lang.others.format(n=len(names) - len(shown))}"
    if len(names) == 1:
        return names[0]
    conjunction = lang.and_
    if language == "es" and _i_sound(names[-1]):
        conjunction = "e"
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _i_sound(word: str) -> bool:
    """Spanish writes `e` for `y` before a word that starts with the sound i (Isabel,
    Hilda), not before hie-/hia- (Hierro)."""
    folded = word.casefold()
    if folded.startswith(("hia", "hie", "hio", "hiu")):
        return False
    return folded.startswith(("i", "í", "hi", "hí"))


# --- dates and the next meeting ---


def day_text(day: date, language: str, *, today: date | None = None) -> str:
    """`Wed 9 Dec`, `mié 9 dic`, `mer. 9 déc.`; the year too when it is not today's."""
    weekday = _WEEKDAYS.get(language, _WEEKDAYS["en"])[day.weekday()]
    month = _MONTHS.get(language, _MONTHS["en"])[day.month - 1]
    text = f"{weekday} {day.day} {month}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def when_text(start: datetime, now: datetime, language: str, *, bare: bool = False) -> str:
    """`on Wed 9 Dec at 10:00` (`Wed 9 Dec at 10:00` when `bare`, after a colon),
    `tomorrow at 10:00`, `today at 16:00`, in the language."""
    lang = words(language)
    local, today = start.astimezone(), now.astimezone().date()
    day = local.date()
    if day == today:
        when = lang.today
    elif (day - today).days == 1:
        when = lang.tomorrow
    else:
        when = day_text(day, language, today=today)
        when = when if bare else lang.on_day.format(day=when)
    return lang.at_time.format(when=when, time=f"{local:%H:%M}")


def rhythm(days: Iterable[date]) -> str | None:
    """weekly, fortnightly or monthly when the meeting's recent dates keep to it, else None.

    Needs three meetings (two gaps); looks at the last six gaps; the typical (median) gap
    names the rhythm, and at least half the gaps must keep to it."""
    seen = sorted(set(days))
    gaps = [(b - a).days for a, b in pairwise(seen)][-6:]
    if len(gaps) < 2:
        return None
    ordered = sorted(gaps)
    middle = ordered[len(ordered) // 2]
    for name, low, high in (("weekly", 6, 8), ("fortnightly", 13, 15), ("monthly", 26, 35)):
        if low <= middle <= high and sum(low <= g <= high for g in gaps) * 2 >= len(gaps):
            return name
    return None


@dataclass(frozen=True)
class NextMeeting:
    """What is known of the next meeting: its start (from a calendar) or its rhythm."""

    start: datetime | None = None
    rhythm: str | None = None


def next_meeting_text(known: NextMeeting, now: datetime, language: str) -> str:
    """The `{next_meeting}` phrase; never empty (`next time` when nothing is known)."""
    lang = words(language)
    if known.start is not None:
        return when_text(known.start, now, language)
    if known.rhythm is not None and known.rhythm in lang.rhythm:
        return lang.rhythm[known.rhythm]
    return lang.next_time


def see_you_line(known: NextMeeting, now: datetime, language: str) -> str:
    """The follow-up message's line about the next meeting, or "" when nothing is known."""
    lang = words(language)
    if known.start is not None:
        return lang.next_meeting.format(when=when_text(known.start, now, language, bare=True))
    if known.rhythm is not None and known.rhythm in lang.rhythm:
        return lang.see_you.format(when=lang.rhythm[known.rhythm])
    return ""


# --- next steps ---


def is_mine(owner: str | None, me: str) -> bool:
    """A step owned by the configured name (or by `me`, before one was set)."""
    if not owner:
        return False
    return owner.strip().casefold() in {me.strip().casefold(), "me"}


def nearest(steps: Iterable[ActionItem]) -> ActionItem | None:
    """The open step due soonest; steps without a due date come after those with one."""
    open_steps = [s for s in steps if s.is_open]
    if not open_steps:
        return None
    return min(open_steps, key=lambda s: (s.due_date is None, s.due_date or date.max))


def step_text(step: ActionItem, language: str, *, today: date | None = None) -> str:
    """`Send the notes (due Fri 4 Dec)`, or the text alone without a due date."""
    due = step.due_date
    if due is None:
        return step.text
    return words(language).due.format(step=step.text, day=day_text(due, language, today=today))


def steps_text(count: int, language: str) -> str:
    none, one, many = words(language).steps
    return none if count == 0 else one if count == 1 else many.format(n=count)


def follow_up_text(
    steps: Sequence[ActionItem], me: str, title: str, language: str, *, today: date
) -> str:
    """`2 next steps agreed; yours: Send the notes (due Fri 4 Dec). The next check-out of
    Weekly sync will ask about them.` Empty when nothing was agreed."""
    if not steps:
        return ""
    lang = words(language)
    count = steps_text(len(steps), language)
    agreed = lang.agreed[0 if len(steps) == 1 else 1]
    text = agreed.format(steps=count[:1].upper() + count[1:])
    mine = [s for s in steps if is_mine(s.owner, me)]
    closest = nearest(mine)
    if closest is not None:
        shape = lang.yours_only if len(mine) == 1 else lang.yours_nearest
        text += shape.format(step=step_text(closest, language, today=today))
    ask = lang.will_ask[0 if len(steps) == 1 else 1]
    return f"{text}. {ask.format(title=title)}"


# --- the parting ---


@dataclass(frozen=True)
class Known:
    """What the flow found out for a parting; `next_meeting` is asked only when the template
    names it (it may read a calendar or the journal)."""

    title: str
    people: tuple[str, ...]
    me: str  # the configured name; "" when not set
    steps: tuple[ActionItem, ...]
    now: datetime
    next_meeting: Callable[[], NextMeeting]


def values(template: str, known: Known, language: str) -> dict[str, str]:
    """The template's placeholders, filled from what is known."""
    names = placeholders_in(template)
    today = known.now.astimezone().date()
    me_for_steps = known.me or "me"
    found: dict[str, str] = {}
    for name in names:
        if name == "people":
            found[name] = join_names(first_names(known.people), language)
        elif name == "me":
            found[name] = (first_names([known.me]) or [""])[0]
        elif name == "title":
            found[name] = known.title
        elif name == "next_meeting":
            found[name] = next_meeting_text(known.next_meeting(), known.now, language)
        elif name == "steps":
            found[name] = steps_text(len(known.steps), language)
        elif name == "my_step":
            mine = nearest(s for s in known.steps if is_mine(s.owner, me_for_steps))
            found[name] = step_text(mine, language, today=today) if mine else ""
        elif name == "follow_up":
            found[name] = follow_up_text(
                known.steps, me_for_steps, known.title, language, today=today
            )
    return found


def parting(qset: QuestionSet, entry: Mapping[str, Any], known: Known) -> str:
    """The parting line of a saved check-out: a template of its tone, filled in."""
    template = pick(lines_for(qset, tone(qset, entry)), str(entry.get("id", "")))
    return fill(template, values(template, known, qset.language))
