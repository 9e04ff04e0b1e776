"""Where files live: platformdirs by default, everything under CHECKOUT_HOME when set."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
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


def cache_dir() -> Path:
    """Rebuildable facts about journals (see `store/order.py`): `CHECKOUT_CACHE` beats the
    platformdirs user cache dir. Not under CHECKOUT_HOME: nothing there is lost when the
    cache goes, and a home holds only what the person keeps."""
    value = os.environ.get("CHECKOUT_CACHE")
    if value:
        return Path(value).expanduser()
    if sys.platform.startswith("linux"):
        # What platformdirs says on Linux (XDG), without its import: a check-out reads the
        # journal's end, and so this folder, and should not pay for it.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return Path(xdg if xdg.strip() else os.path.expanduser("~/.cache")) / APP_NAME
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


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


def backup_file(journal: Path) -> Path:
    """`journal.jsonl` -> `journal.jsonl.bak`: the version before the last rewrite."""
    return journal.with_name(journal.name + ".bak")


def rejected_file(journal: Path) -> Path:
    """`journal.jsonl` -> `journal.rejected.jsonl`: where `check --repair` moves lines."""
    stem = journal.name.removesuffix(".jsonl")
    return journal.with_name(f"{stem}.rejected.jsonl")


JOURNAL = "is a journal"
BACKUP = "is a backup of a journal"


def kept_files(journals: Iterable[Path] = ()) -> Iterator[tuple[Path, str]]:
    """Every file the tool keeps, with what it is ("is the config file"): the config,
    the user's questions, and for the default journal and each of `journals` the
    journal, its backups (`.bak` and the `.bak.<stamp>` copies set aside) and its
    rejected lines.

    Each journal's family is named beside the path as given and beside the file it
    resolves to, since a journal reached through a link keeps its backups beside
    the link.
    """
    yield config_file(), "is the config file"
    yield user_questions_file(), "is your questions file"
    chosen = [data_dir() / JOURNAL_NAME, journal_file(), *journals]
    for given in chosen:
        for journal in dict.fromkeys((given, Path(os.path.realpath(given)))):
            yield journal, JOURNAL
            yield backup_file(journal), BACKUP
            yield rejected_file(journal), "holds the lines `check --repair` moved out of a journal"
            try:
                names = os.listdir(journal.parent)
            except OSError:
                continue
            for name in names:
                if name.startswith(f"{journal.name}.bak."):
                    yield journal.parent / name, BACKUP


def file_key(path: Path) -> tuple[int, int] | str:
    """What a path names as a real file: its (device, inode), or its resolved path
    when it cannot be looked at. Two spellings, links and hard links share one key."""
    try:
        found = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (found.st_dev, found.st_ino)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one real file: the same inode, or the same resolved path
    (for a file that does not exist yet)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        first, second = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def kept_as(target: Path, journals: Iterable[Path] = ()) -> str | None:
    """What `target` is ("is a journal") when it is one of the files the tool keeps
    (see `kept_files`); a new file named like a backup beside a journal counts too."""
    real = Path(os.path.realpath(target))
    for kept, what in kept_files(journals):
        if same_file(target, kept):
            return what
        if (
            what == JOURNAL
            and real.name.startswith(f"{kept.name}.bak.")
            and real.parent == Path(os.path.realpath(kept.parent))
        ):
            return BACKUP
    return None


def ensure_private_dir(folder: Path) -> None:
    """Create a missing folder (and parents) as 0700; leave existing folders as they are.

    Each missing parent is made 0700 too: `mkdir -p` would give parents the umask's
    mode, which under a loose umask lets others swap the folder out from under us.
    """
    if folder.is_dir():
        return
    if folder.exists() and not folder.is_dir():  # another process may just have made it
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
