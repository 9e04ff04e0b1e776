"""Everything a person sees: Rich views, prompts, the editor hand-off, progress, warnings,
and the one sanitiser for text that came from a person or a file (`render.safe`)."""
