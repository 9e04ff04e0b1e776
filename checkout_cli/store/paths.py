"""Where files live: platformdirs by default, everything under CHECKOUT_HOME when set."""

from __future__ import annotations

import os
from pathlib import Path

from checkout_cli.model.errors import CheckoutError

APP_NAME = "checkout"
JOURNAL_NAME = "journal.jsonl"


def _home() -> Path | None:
    value = os.environ.get("CHECKOUT_HOME")
    if not value:
        return None
    home = Path(value).expanduser()
    if home.exists() and not home.is_dir():
        raise CheckoutError(f"CHECKOUT_HOME={value} is not a folder; point it at a folder")
    return home


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return home
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_questions_file() -> Path:
    return config_dir() / "questions.toml"


def journal_file(explicit: str | Path | None = None) -> Path:
    """`--journal` beats `CHECKOUT_JOURNAL` beats the data dir."""
    chosen = explicit or os.environ.get("CHECKOUT_JOURNAL")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / JOURNAL_NAME


def existing_journal(explicit: str | Path | None = None) -> Path:
    """For commands that read or change entries: a journal named by flag must be there."""
    path = journal_file(explicit)
    if explicit and not path.exists():
        raise CheckoutError(f"journal {path} does not exist; check the path")
    return path


def ensure_private_dir(folder: Path) -> None:
    """Create a missing folder (and parents) as 0700; leave existing folders as they are.

    Each missing parent is made 0700 too: `mkdir -p` would give parents the umask's
    mode, which under a loose umask lets others swap the folder out from under us.
    """
    if folder.is_dir():
        return
    if folder.exists():
        raise CheckoutError(f"{folder} is not a folder; move it away or choose another path")
    missing = [folder]
    while not missing[-1].parent.exists() and missing[-1].parent != missing[-1]:
        missing.append(missing[-1].parent)
    try:
        for path in reversed(missing):
            path.mkdir(mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)
    except OSError as error:
        raise CheckoutError(f"cannot create folder {folder}: {error.strerror}") from None
