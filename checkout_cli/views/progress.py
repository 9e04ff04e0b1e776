"""A progress bar on stderr for reads that may take more than a second."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def reading_progress(
    label: str, *, enabled: bool = True
) -> Iterator[Callable[[int, int], None] | None]:
    """Yields a (done, total) callback, or None when stderr is not a terminal.

    Transient, so the bar leaves nothing behind on the screen once the read is done.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        bar.refresh()  # show the label at once, not at the first timed refresh

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
