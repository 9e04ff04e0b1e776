"""What bare `checkout` shows: a start screen, or a welcome on the first run."""

from __future__ import annotations


def start_screen() -> None:
    from checkout_cli import paths, render
    from checkout_cli.home import build_home

    render.console().print(render.home_view(build_home(paths.journal_file())))
