"""The only code that touches files: the journal and its line codec, config, paths, the
questions file, calendars. It prints nothing; warnings go to the callback it is given."""
