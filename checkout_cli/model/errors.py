"""The one exception type the core raises for a person to read."""


class CheckoutError(Exception):
    """A problem the user can fix; the CLI prints the message on one line and exits."""

    exit_code = 1


class UsageProblem(CheckoutError):
    """Bad flags or arguments (exit 2, like any usage error)."""

    exit_code = 2


class Cancelled(CheckoutError):
    """The user pressed Ctrl-C or closed input; nothing was saved."""

    exit_code = 130


class MissingAnswers(CheckoutError):
    """Nothing may be asked, and answers or the title are missing; the CLI names the flags
    that would give them."""

    def __init__(self, keys: list[str], *, needs_title: bool, no_input: bool) -> None:
        self.keys = keys
        self.needs_title = needs_title
        self.no_input = no_input
        missing = ["the title"] if needs_title else []
        missing += [f"an answer for {key}" for key in keys]
        reason = "asking was turned off" if no_input else "input is not a terminal"
        super().__init__(f"{reason} and {', '.join(missing)} is missing")


class NobodyToAsk(UsageProblem):
    """A question must be answered and there is no terminal to answer it; the CLI names
    the flag that answers it in advance."""
