"""Prompt files: loading, rendering, and the hashes that version them.

Each prompt is two Jinja files in prompts/: NAME.system.j2 holds the static
instructions (identical for every chunk of a run, so a server can reuse the
cached prefix), NAME.user.j2 the data, last. Documents are fenced with a marker
derived from their own hash, which text inside the document cannot forge, and
the instructions say the fenced text is data, never instructions.
Prompts may include shared parts (files starting with "_"): the local model's three
chunk prompts share their instructions and excerpt word for word, so its one slot
evaluates them once. A prompt's hash covers its files and the parts they include, and
goes into the cache key and run metadata, so editing a prompt invalidates exactly the
cached answers it produced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from jinja2 import meta

from ..config import PROMPTS_DIR


@dataclass(frozen=True)
class Prompt:
    name: str
    system: jinja2.Template
    user: jinja2.Template
    sha256: str

    def messages(self, **context: object) -> list[dict[str, str]]:
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
    env.filters["tojson_compact"] = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return env


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    env = _environment(directory)
    digest = hashlib.sha256()
    for file in _template_files(env, [f"{name}.system.j2", f"{name}.user.j2"]):
        digest.update(file.encode() + b"\0" + (directory / file).read_bytes())
    return Prompt(
        name=name,
        system=env.get_template(f"{name}.system.j2"),
        user=env.get_template(f"{name}.user.j2"),
        sha256=digest.hexdigest(),
    )


def _template_files(env: jinja2.Environment, names: list[str]) -> list[str]:
    """The named templates and every template they include, so an edit to a shared part changes the hash."""
    found: list[str] = []
    while names:
        name = names.pop(0)
        if name not in found:
            found.append(name)
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            names += [n for n in meta.find_referenced_templates(env.parse(source)) if n]
    return found


def fence(text: str) -> str:
    """Wrap untrusted text between markers the text itself cannot contain."""
    tag = "DATA-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()
    return f"<<<{tag}\n{text}\n{tag}>>>"
