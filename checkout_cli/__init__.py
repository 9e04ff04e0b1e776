"""checkout: quick, warm meeting check-outs kept in a local journal."""

__version__ = "0.1.0"
