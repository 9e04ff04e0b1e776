"""Which questions file applies (a flag, the user's copy, the packaged one), read from disk."""

from __future__ import annotations

from pathlib import Path

from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.questions import QuestionSet, parse_sets
from checkout_cli.store import paths


def packaged_file() -> Path:
    """The default questions: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "questions.toml"
    if inside.is_file():
        return inside
    return package.parent / "questions.toml"


def active_file(override: str | Path | None = None) -> Path:
    """`--questions FILE` beats the user's copy, which beats the packaged default."""
    if override:
        return Path(override).expanduser()
    user = paths.user_questions_file()
    return user if user.exists() else packaged_file()


def load_file(path: Path) -> dict[str, QuestionSet]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CheckoutError(f"questions file {path} does not exist") from None
    except IsADirectoryError:
        raise CheckoutError(f"questions file {path} is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CheckoutError(f"cannot read questions file {path}: {error}") from None
    from checkout_cli.model.toml_text import parse_toml

    return parse_sets(parse_toml(text, f"questions file {path}"), str(path))


def load(override: str | Path | None = None) -> tuple[dict[str, QuestionSet], Path]:
    path = active_file(override)
    return load_file(path), path


def init_user_copy(*, force: bool = False) -> Path:
    """Copy the packaged questions to the user's config folder."""
    from checkout_cli.store.files import atomic_write

    target = paths.user_questions_file()
    if target.exists() and not force:
        raise CheckoutError(
            f"{target} already exists; `checkout questions init --force` overwrites it"
        )
    paths.ensure_private_dir(target.parent)
    atomic_write(target, packaged_file().read_bytes(), mode=0o600)
    return target
