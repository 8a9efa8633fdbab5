"""Rendering a briefing through Jinja templates, with no model and no network.

A template is named (looked up in templates/) or given as a path. Templates
ending in .html.j2 are autoescaped: everything in a briefing came from a
document or a model and is untrusted. The `markdown` filter turns a field's
Markdown into HTML only after escaping it, and keeps only http(s) links, so a
document cannot smuggle script or a javascript: link through it.
Quotes and the evidence of every claim are checked once more against their
source text before they are shown; a claim whose evidence is gone is not shown.
Cited sentences are numbered once each, in the order the brief first cites them:
footnotes in Markdown, markers linking to the highlighted sentence in HTML.
"""

from __future__ import annotations

import contextlib
import functools
import re
from html import escape as html_escape
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from pydantic import ValidationError

from ..analysis.spans import recheck, span_holds
from ..config import TEMPLATES_DIR, cache_dir_from_env
from ..errors import InputError, first_problem
from ..schema import Briefing, Evidence, Quote
from .highlight import evidence_anchor, source_pieces

FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}
DEFAULT_TEMPLATES = {"md": "brief.md.j2", "html": "brief.html.j2"}

_SAFE_URL = re.compile(r"https?://|#", re.IGNORECASE)


@functools.cache
def _cleaner():
    # Imported on first use: a Markdown brief, and `briefing render` of one, never need lxml.
    from lxml_html_clean import Cleaner

    # No images (the page must work offline and in e-mail), no script, style, form or embedded content.
    return Cleaner(kill_tags=["img"], javascript=True, style=True, embedded=True, forms=True, safe_attrs_only=True)


# A line of words, spaces and everyday punctuation: no character Markdown or HTML reads as markup
# (\ ` * _ [ ] < > & # | ~ { } !), starting with a letter, so no list item, heading or rule. Markdown
# makes such a line one paragraph of its text as written: the bottom line up front, which is one,
# then needs neither markdown nor lxml loaded (0.02 s of a `briefing render` process's 0.25 s).
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ .,;:?()%$€£'\"«»“”„’‘—–/-])*(?<! )")


def markdown_to_html(text: str) -> Markup:
    """Untrusted Markdown as HTML with nothing live in it but http(s) links."""
    if _PLAIN_LINE.fullmatch(text):
        return Markup(f"<p>{html_escape(text, quote=False)}</p>")  # what _converted makes of it
    return _converted(text)


def _converted(text: str) -> Markup:
    import markdown as markdown_lib
    from lxml import html as lxml_html

    html = markdown_lib.markdown(str(escape(text)))
    if not html.strip():
        return Markup("")
    fragment = _cleaner().clean_html(lxml_html.fragment_fromstring(html, create_parent="div"))
    fragment.rewrite_links(lambda url: url if _SAFE_URL.match(url) else "#", resolve_base_href=False)
    inner = lxml_html.tostring(fragment, encoding="unicode")
    return Markup(inner.removeprefix("<div>").removesuffix("</div>"))


def markdown_code(text: str) -> str:
    """Untrusted text as one Markdown code span: no link, image or HTML in it is ever live."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {text} {ticks}"


def safe_url(url: str | None) -> str:
    """Only http(s) URLs become links; anything else (javascript:, data:) becomes '#'."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else "#"


def shown_quotes(brief: Briefing) -> list[Quote]:
    """Quotes whose text is still found at their offsets in their source."""
    texts = {s.id: s.text for s in brief.sources}
    return [q for q in brief.quotes if q.verified and span_holds(texts.get(q.source_id, ""), q.start, q.end, q.text)]


def format_for(path: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(f"{path}: cannot tell the format from the suffix; use --format md|html|json") from None


def _environment(search: list[Path], autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled_templates(),
    )
    env.filters["markdown"] = markdown_to_html
    env.filters["safe_url"] = safe_url
    env.filters["md_code"] = markdown_code
    return env


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once and kept between runs, keyed by their source's checksum.

    Compiling brief.html.j2 is the largest part of a re-render's own work (30-50 ms);
    a cache folder that cannot be written only means compiling again.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> jinja2.BytecodeCache | None:
    directory = cache_dir_from_env() / "templates"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(directory))


def resolve_template(template: str | Path) -> Path:
    path = Path(template)
    if path.is_file():
        return path
    named = TEMPLATES_DIR / str(template)
    if named.is_file():
        return named
    available = ", ".join(sorted(p.name for p in TEMPLATES_DIR.glob("*.j2")))
    raise InputError(f"template {template!s} not found (a path, or one of: {available})")


def render_template(template: str | Path, **context: object) -> str:
    path = resolve_template(template)
    env = _environment([path.parent, TEMPLATES_DIR], autoescape=path.name.endswith((".html.j2", ".htm.j2")))
    try:
        return env.get_template(path.name).render(**context)
    except jinja2.TemplateError as exc:
        raise InputError(f"template {path}: {exc}") from None


def cited_evidence(brief: Briefing) -> list[Evidence]:
    """Every span the brief cites, once each, in the order a reader meets the claims."""
    groups = [c.evidence for c in brief.key_points]
    for story in brief.stories:
        groups.append(story.summary_evidence)
        groups.extend(c.evidence for c in story.key_points)
    groups.extend(s.evidence for s in brief.stakes)
    groups.extend(r.evidence for r in brief.risks)
    groups.extend(p.evidence for d in brief.disagreements for p in d.positions)
    spans: dict[str, Evidence] = {}
    for group in groups:
        for item in group:
            spans.setdefault(evidence_anchor(item), item)
    return list(spans.values())


def render(brief: Briefing, template: str | Path) -> str:
    brief = recheck(brief)
    sources = {s.id: s for s in brief.sources}
    quotes = shown_quotes(brief)
    cited = cited_evidence(brief)
    footnote = {evidence_anchor(e): number for number, e in enumerate(cited, start=1)}

    def refs(evidence: list[Evidence]) -> list[dict[str, object]]:
        """A claim's citations as the template shows them: footnote number, anchor, sentence, source."""
        return [
            {
                "number": footnote[a],
                "anchor": a,
                "text": e.text,
                "source": sources[e.source_id],
                "page": sources[e.source_id].page_of(e.start),
            }
            for e in evidence
            if (a := evidence_anchor(e)) in footnote
        ]

    pieces = {s.id: source_pieces(s.text, quotes, s.id, cited, brief.manipulation) for s in brief.sources}
    return render_template(template, brief=brief, quotes=quotes, sources=sources, pieces=pieces, cited=cited, refs=refs)


def render_format(brief: Briefing, fmt: str, template: str | Path | None = None) -> str:
    if fmt == "json":
        return brief.model_dump_json(indent=2) + "\n"
    return render(brief, template or DEFAULT_TEMPLATES[fmt])


def load_briefing(path: Path) -> Briefing:
    try:
        data = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return Briefing.model_validate_json(data)
    except ValidationError as exc:
        raise InputError(f"{path}: not a briefing JSON ({first_problem(exc)})") from None
