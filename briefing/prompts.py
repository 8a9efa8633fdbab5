"""Prompt files: loading, rendering, and the hashes that version them.

Each prompt is two Jinja files in prompts/: NAME.system.j2 holds the static
instructions (identical for every chunk of a run, so a server can reuse the
cached prefix), NAME.user.j2 the data, last. Documents are fenced with a marker
derived from their own hash, which text inside the document cannot forge, and
the instructions say the fenced text is data, never instructions.
Document text is also data-marked (spotlighting, Hines et al. 2024, "Defending
Against Indirect Prompt Injection Attacks With Spotlighting"): the `datamark`
filter joins its words with MARKER instead of spaces, and prompts/_spotlight.j2,
included in the system prompts, says that marked text is never an instruction.
The marker is one fixed character, not one per run: the system prompt must stay
the same for every chunk (llama.cpp reuses its cached prefix), and secrecy buys
nothing, since every space of the document is marked, a planted one too. Replies
are `unmark`ed before grounding: a name copied as "Annaˆpetrova" is "Anna petrova".
A prompt's hash covers both files and the shared includes (prompts/_*.j2) and goes
into the cache key and run metadata, so editing a prompt invalidates exactly the
cached answers it produced.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from .config import PROMPTS_DIR

MARKER = "\u02c6"  # ˆ, as in the paper: rare in news, one token, and not a quotation mark
# Whether templates mark document text. Off: on the embedded 1.5B model it did not stop the probe
# and it makes document text 1.8x the tokens (README, Security; bench/probes.py --spotlight measures it).
SPOTLIGHT = False


@dataclass(frozen=True)
class Prompt:
    name: str
    system: jinja2.Template
    user: jinja2.Template
    sha256: str

    def messages(self, **context: object) -> list[dict[str, str]]:
        context = {"spotlight": SPOTLIGHT, **context}
        return [
            {"role": "system", "content": self.system.render(**context).strip()},
            {"role": "user", "content": self.user.render(**context).strip()},
        ]


@cache
def _environment(directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters["fence"] = fence
    env.filters["datamark"] = datamark
    env.filters["tojson_compact"] = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return env


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    env = _environment(directory)
    digest = hashlib.sha256()
    for part in ("system", "user"):
        digest.update((directory / f"{name}.{part}.j2").read_bytes())
    for include in sorted(directory.glob("_*.j2")):
        digest.update(include.read_bytes())
    return Prompt(
        name=name,
        system=env.get_template(f"{name}.system.j2"),
        user=env.get_template(f"{name}.user.j2"),
        sha256=digest.hexdigest(),
    )


def fence(text: str) -> str:
    """Wrap untrusted text between markers the text itself cannot contain."""
    tag = "DATA-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()
    return f"<<<{tag}\n{text}\n{tag}>>>"


_SPACES = re.compile(r"[^\S\n]+")


def datamark(text: str) -> str:
    """Document text with MARKER in place of every run of spaces (line breaks stay)."""
    return _SPACES.sub(MARKER, text) if SPOTLIGHT else text


def unmark(value):
    """A reply (pydantic model, list, dict or string) with MARKER read back as a space."""
    if isinstance(value, str):
        return value.replace(MARKER, " ") if MARKER in value else value
    if isinstance(value, list):
        return [unmark(v) for v in value]
    if isinstance(value, dict):
        return {k: unmark(v) for k, v in value.items()}
    if hasattr(value, "model_dump"):
        return type(value).model_validate(unmark(value.model_dump()))
    return value
