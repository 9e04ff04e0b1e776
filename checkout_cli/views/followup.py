"""The note one sends the attendees after a check-out: thanks, what was agreed (owners and
due dates) and the next meeting, in the set's language; as plain text, Markdown or a
`mailto:` URL. The words are `model/parting.py`'s; this module lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checkout_cli.model.moments import stored_day
from checkout_cli.model.parting import NextMeeting


@dataclass(frozen=True)
class Message:
    """A follow-up note, its parts already in the language (and escaped for its format)."""

    subject: str
    greeting: str
    thanks: str
    agreed: str  # the heading of the steps, or "nothing agreed"
    steps: tuple[str, ...]
    next_meeting: str  # "" when nothing is known of it
    regards: str
    signature: str  # your name, "" when not set

    def paragraphs(self, *, markdown: bool = False) -> list[str]:
        agreed = f"{self.thanks} {self.agreed}"
        if self.steps:
            # Markdown wants a blank line before a list.
            agreed += "\n\n" if markdown else "\n"
            agreed += "\n".join(f"- {step}" for step in self.steps)
        closing = "\n".join(part for part in (self.regards, self.signature) if part)
        parts = [self.greeting, agreed, self.next_meeting, closing]
        return [part for part in parts if part]


def compose(
    entry: Mapping[str, Any],
    *,
    language: str,
    me: str,
    next_meeting: NextMeeting,
    now: datetime,
    quote: Callable[[str], str] = str,
) -> Message:
    """The message for one check-out; `quote` escapes what came from a person (for Markdown)."""
    from checkout_cli.model.actions import ActionItem
    from checkout_cli.model.entry import actions, attendees
    from checkout_cli.model.parting import (
        day_text,
        first_names,
        is_mine,
        join_names,
        see_you_line,
        words,
    )

    lang = words(language)
    item = dict(entry)
    today = now.astimezone().date()
    title = quote(str(entry.get("title", "")))
    people = join_names([quote(n) for n in first_names(attendees(item))], language)
    met = stored_day(entry.get("at"))
    if met is None or met == today:
        thanks = lang.thanks_today.format(title=title)
    else:
        thanks = lang.thanks_on.format(title=title, day=day_text(met, language, today=today))
    steps = [ActionItem.of(a, item) for a in actions(item)]
    lines = []
    for step in steps:
        parts = []
        if step.owner:
            parts.append(lang.owner_me if is_mine(step.owner, me or "me") else quote(step.owner))
        due = step.due_date
        if due is not None:
            parts.append(lang.by.format(day=day_text(due, language, today=today)))
        elif step.due:
            parts.append(lang.by.format(day=quote(step.due)))
        if not step.is_open:
            parts.append(lang.done)
        text = quote(step.text)
        lines.append(f"{text} ({', '.join(parts)})" if parts else text)
    return Message(
        subject=lang.subject.format(title=title),
        greeting=lang.hello.format(people=people) if people else lang.hello_all,
        thanks=thanks,
        agreed=lang.agreed_heading if lines else lang.nothing_agreed,
        steps=tuple(lines),
        next_meeting=see_you_line(next_meeting, now, language),
        regards=lang.regards,
        signature=quote(me),
    )


def as_text(message: Message, language: str) -> str:
    """Subject line, a blank line, the body: ready to paste into a mail."""
    from checkout_cli.model.parting import words
    from checkout_cli.views.render import safe

    subject = words(language).subject_line.format(subject=message.subject)
    lines = [subject, "", *"\n\n".join(message.paragraphs()).splitlines()]
    return "\n".join(safe(line) for line in lines) + "\n"


def as_markdown(message: Message) -> str:
    """The subject in bold and the steps as a list (compose it with `quote=markdown_quote`)."""
    from checkout_cli.views.render import safe

    body = "\n\n".join(message.paragraphs(markdown=True))
    lines = [f"**{message.subject}**", "", *body.splitlines()]
    return "\n".join(safe(line) for line in lines) + "\n"


def markdown_quote(text: str) -> str:
    from checkout_cli.report.exporters.markdown import esc

    return esc(text)


def body_text(message: Message) -> str:
    return "\n\n".join(message.paragraphs())


def mailto(message: Message, addresses: Sequence[str]) -> str:
    """`mailto:ana@x.org,raj@x.org?subject=…&body=…`, every part URL-encoded (RFC 6068:
    line breaks as CRLF)."""
    from urllib.parse import quote

    to = ",".join(quote(address, safe="@") for address in addresses)
    body = body_text(message).replace("\n", "\r\n")
    return f"mailto:{to}?subject={quote(message.subject, safe='')}&body={quote(body, safe='')}"
