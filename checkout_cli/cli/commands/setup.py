"""Set-up: `checkout questions …`, `config …`, `paths`."""

from __future__ import annotations

from typing import Annotated

import typer

from checkout_cli.cli import options

PANEL = "Set-up"

questions_app = typer.Typer(help="See, copy and locate the question sets.", no_args_is_help=True)
config_app = typer.Typer(help="See and change your settings (config.toml).", no_args_is_help=True)


@questions_app.command("show")
def questions_show(
    set_name: options.SetName = None,
    questions_file: options.QuestionsFile = None,
    as_json: options.Json = False,
) -> None:
    """Show the question sets in use (or one of them).

    Examples:

      checkout questions show

      checkout questions show --set one-on-one
    """
    from checkout_cli.model import questions
    from checkout_cli.store import question_files
    from checkout_cli.views import render

    sets, source = question_files.load(questions_file)
    chosen = [questions.pick(sets, set_name, source)] if set_name else list(sets.values())
    if as_json:
        render.print_json({"file": str(source), "sets": [questions.as_dict(s) for s in chosen]})
        return
    render.console().print(render.question_sets(chosen, source))


@questions_app.command("init")
def questions_init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite your existing copy.")] = False,
) -> None:
    """Copy the default questions to your config folder, to edit them.

    Examples:

      checkout questions init

      checkout questions init --force
    """
    from checkout_cli.store import question_files
    from checkout_cli.views import render

    target = question_files.init_user_copy(force=force)
    render.say(f"Wrote {render.safe(target)}; edit it to change your questions.")


@questions_app.command("path")
def questions_path(questions_file: options.QuestionsFile = None) -> None:
    """Print the path of the questions file in use.

    Examples:

      checkout questions path

      $EDITOR "$(checkout questions path)"
    """
    from checkout_cli.store import question_files

    print(question_files.active_file(questions_file))


@config_app.command("show")
def config_show(as_json: options.Json = False) -> None:
    """Show your settings and where they are kept.

    Examples:

      checkout config show

      checkout config show --json
    """
    from checkout_cli.store import config, paths
    from checkout_cli.views import render

    data = config.load().as_dict()
    if as_json:
        render.print_json(data)
        return
    print(f"# {render.safe(paths.config_file())}")
    if not data:
        print("# no settings yet; try: checkout config set name Ana")
        return
    import tomli_w

    # A hand-edited value may hold C1 controls or bidi overrides, which TOML leaves as they are.
    print(render.safe(tomli_w.dumps(data), multiline=True), end="")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(metavar="KEY", help="name, week_start or email.")],
    values: Annotated[
        list[str],
        typer.Argument(metavar="VALUE", help="The value (several e-mail addresses allowed)."),
    ],
) -> None:
    """Change one setting.

    Examples:

      checkout config set week_start sunday

      checkout config set email ana@example.com ana@home.example
    """
    from checkout_cli.store import config
    from checkout_cli.views import render

    data = config.set_value(key, values).as_dict()
    shown = data[key] if not isinstance(data[key], list) else ", ".join(data[key])
    render.say(f"{key} = {render.safe(shown)}")


def paths_command(as_json: options.Json = False) -> None:
    """Show where the config, questions and journal are.

    Examples:

      checkout paths

      checkout paths --json
    """
    from checkout_cli.store import paths, question_files
    from checkout_cli.views import render

    found = {
        "config": str(paths.config_file()),
        "questions": str(question_files.active_file()),
        "journal": str(paths.journal_file()),
        "data": str(paths.data_dir()),
    }
    if as_json:
        render.print_json(found)
        return
    width = max(map(len, found))
    for name, value in found.items():
        print(f"{name:<{width}}  {value}")


def register(app: typer.Typer) -> None:
    app.add_typer(questions_app, name="questions", rich_help_panel=PANEL)
    app.add_typer(config_app, name="config", rich_help_panel=PANEL)
    app.command("paths", rich_help_panel=PANEL)(paths_command)
