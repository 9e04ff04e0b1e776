"""One module per user task (a check-out, an edit, follow-through, a report, the calendar,
the start screen): each joins the store, the report and the views below it; nothing below
knows about the flows."""
