"""Writing a brief to disk: the rendered file plus brief.json beside it.

Everything is rendered in memory first and each file written atomically, so a
failure while rendering leaves no file at all and an interruption leaves no
half-written one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..atomic import write_atomic
from ..schema import Briefing
from .render import format_for, render_format


def write_outputs(
    brief: Briefing,
    output: Path | None,
    *,
    fmt: str | None = None,
    template: str | None = None,
    with_json: bool = True,
) -> list[Path]:
    """Render and write; with no output path the rendered brief goes to stdout."""
    if output is None:
        sys.stdout.write(render_format(brief, fmt or "md", template))
        return []
    fmt = format_for(output, fmt)
    rendered = {output: render_format(brief, fmt, template)}
    json_path = output.with_suffix(".json")
    if with_json and json_path != output:
        rendered[json_path] = render_format(brief, "json")
    for path, text in rendered.items():
        write_atomic(path, text)
    return list(rendered)
