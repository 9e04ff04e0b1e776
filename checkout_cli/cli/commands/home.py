"""What bare `checkout` shows: a start screen, or a welcome on the first run."""

from __future__ import annotations


def start_screen() -> None:
    from checkout_cli.flows.home import build_home
    from checkout_cli.store import paths
    from checkout_cli.views import render

    render.console().print(render.home_view(build_home(paths.journal_file())))
