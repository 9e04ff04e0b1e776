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
