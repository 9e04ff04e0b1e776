"""Entries to typed report data: small tallies combined by a thin summarizer, themes,
numbers formatted in one place, and the exporters. Pure: it reads no file."""
