"""The rules: entries and answers, questions, periods, filters, settings, limits, the clock
and the one error type. No I/O, and no command-line flag in any message."""
