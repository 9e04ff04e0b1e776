"""What `checkout people`, `tags` and `titles` show, and the one question about your name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from checkout_cli.views.render import safe, when

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def people_table(people: Sequence[Any]) -> RenderableType:
    """One row a person: check-outs, last seen, open steps owed each way, other spellings."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("person")
    table.add_column("check-outs", justify="right")
    table.add_column("last", no_wrap=True)
    table.add_column("they owe", justify="right")
    table.add_column("you owe them", justify="right")
    table.add_column("also written", style="dim")
    for person in people:
        name = Text(safe(person.name), style="bold" if person.you else "")
        if person.you:
            name.append(" (you)", style="dim")
        others = [s for s in person.spellings or () if s != person.name]
        table.add_row(
            name,
            Text(str(person.checkouts)),
            Text(when(person.last)[:10] if person.last else "—"),
            Text(str(person.owed_by_them or "—")),
            Text("—" if person.you else str(person.owed_by_me or "—")),
            Text(safe(", ".join(others))),
        )
    return table


def used_table(found: Sequence[Any], heading: str) -> RenderableType:
    """Tags or titles: the name, how many check-outs, and when last, newest first."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column(heading)
    table.add_column("check-outs", justify="right")
    table.add_column("last", no_wrap=True)
    for used in found:
        table.add_row(
            Text(safe(used.name)),
            Text(str(used.count)),
            Text(when(used.last)[:10] if used.last else "—"),
        )
    return table


def ask_name(console: Console) -> str:
    """Who `@me` is, asked once; "" when the person would rather not say now."""
    from rich.text import Text

    console.print(
        Text("A next step says @me, and checkout does not know your name yet.", style="bold")
    )
    typed = console.input(Text("Your name (saved to your config; Enter to skip): ", style="cyan"))
    return " ".join(typed.split())
