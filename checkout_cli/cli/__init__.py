"""The command line: the Typer app (`app`), its commands (`commands/`) and options.

`main` is what the `checkout` console script and `python -m checkout_cli` run.
"""


def main() -> None:
    """Load the app, then run it.

    Start-up makes tens of thousands of objects (Typer, Click, the app) that live until
    exit. The cycle collector pauses while they are made, and they are then frozen, so
    no later collection, including the one at exit, walks them again: about a tenth of
    a check-out's time.
    """
    import gc

    gc.disable()
    try:
        from checkout_cli.cli.app import main as run

        gc.freeze()
    finally:
        gc.enable()
    run()
