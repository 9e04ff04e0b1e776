"""The period as one JSON document: the report plus the entries behind it.

Entries go out exactly as stored (plus "source" when journals were merged) so the
document round-trips; `export.schema.json` next to this module describes it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checkout_cli.model.entry import dumps
from checkout_cli.report.exporters import ExportData

# json.dumps(ensure_ascii=False) leaves these unescaped; DEL and the C1 controls can
# drive a terminal that shows the file, bidi overrides reorder what it shows, and
# U+2028/2029 break some JavaScript readers.
# They only ever occur inside strings, where a \u escape means the same character.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def render(data: ExportData) -> str:
    document = {
        "period": data.summary["period"],
        "summary": data.summary,
        "entries": data.entries,
    }
    text = dumps(document, ensure_ascii=False, indent=2, default=str)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for `render`'s output, shipped as package data."""
    from importlib.resources import files

    text = files("checkout_cli.report.exporters").joinpath("export.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
