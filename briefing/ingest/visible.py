"""What a reader can see: hidden HTML and invisible characters never reach the model.

Planted instructions for AI systems are mostly put where a human reader of the
page will not see them: HTML comments, elements hidden by the `hidden` or
`aria-hidden` attribute or by CSS (display:none, visibility:hidden, zero font
size, zero-size boxes, off-screen positioning, opacity 0, white on white),
`alt`/`title` attributes stuffed with text, and invisible Unicode (zero-width
characters, bidi controls, the tag characters U+E0000–E007F that spell ASCII no
one sees). trafilatura keeps all of these in its article text, so the page is
cleaned here first, and every document's text, whatever reader made it, loses
its invisible characters when the `Document` is made.

What is removed is not thrown away silently: each piece comes back as
`HiddenText`, so the injection rules (injection.py) can tell the reader that a
document hid instructions, even though the model never reads them.
Only inline styles and simple class/id rules in the page's own <style> blocks
are read: no CSS engine, so a page can still hide text through external
stylesheets; that text is then scanned like any other visible text. White text
is taken for hidden unless an inline style of it or an ancestor sets a
background: a dark banner styled by a class loses its text, which is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HIDDEN = 64  # pieces kept per document: enough to report, bounded for hostile pages
MAX_HIDDEN_CHARS = 2000


@dataclass(frozen=True)
class HiddenText:
    how: str  # "HTML comment", "display:none", "Unicode tag characters", ...
    text: str


# Zero-width and formatting characters, bidi controls, invisible fillers and
# variation selectors, and the tag block. ZWJ/ZWNJ are kept after Arabic and
# Indic letters, where they shape words; elsewhere they only split words apart.
_ALWAYS_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
_INVISIBLE = re.compile(
    f"[{_ALWAYS_INVISIBLE}]|(?<![\u0600-\u06ff\u0750-\u077f\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefc])[\u200c\u200d]"
)
# Any character _INVISIBLE may take, ZWJ and ZWNJ wherever they stand: one class, which the regex engine
# scans four times faster than _INVISIBLE's two branches (every document is scanned, and most hold none).
_MAYBE_INVISIBLE = re.compile(f"[{_ALWAYS_INVISIBLE}\u200c\u200d]")
_TAG_RUN = re.compile("[\U000e0000-\U000e007f]+")


def strip_invisible(text: str) -> tuple[str, list[HiddenText]]:
    """`text` without invisible characters, and what tag characters spelled (ASCII smuggling)."""
    if not _MAYBE_INVISIBLE.search(text) or not _INVISIBLE.search(text):
        return text, []
    hidden = []
    for run in _TAG_RUN.findall(text):
        spelled = "".join(chr(ord(ch) - 0xE0000) for ch in run if 0xE0020 <= ord(ch) <= 0xE007E).strip()
        if len(spelled) > 1:
            hidden.append(HiddenText("Unicode tag characters", spelled[:MAX_HIDDEN_CHARS]))
    return _INVISIBLE.sub("", text), hidden[:MAX_HIDDEN]


_HIDING = [
    (re.compile(r"display:none"), "display:none"),
    (re.compile(r"visibility:(hidden|collapse)"), "visibility:hidden"),
    (re.compile(r"(^|;)opacity:(0|0?\.0+)(;|$)"), "opacity:0"),
    (re.compile(r"transform:scale\(0"), "scale(0)"),
    (re.compile(r"clip:rect\(0"), "clipped"),
    (re.compile(r"clip-path:inset\((50|100)%"), "clipped"),
    (re.compile(r"text-indent:-\d{3,}"), "off-screen"),
    (re.compile(r"(^|;)(left|top|right):-\d{3,}"), "off-screen"),
]
_ZERO_BOX = re.compile(r"(^|;)(max-)?(width|height):0(px|em|rem|%)?(;|$)")
_FONT_SIZE = re.compile(r"font-size:(\d*\.?\d*)(px|pt|em|rem|%)?(;|$)")
_COLOR = re.compile(r"(?:^|;)color:([^;]+)")
_BACKGROUND = re.compile(r"background(?:-color)?:([^;]+)")
_WHITE = {"#fff", "#ffffff", "white", "rgb(255,255,255)", "#fffffe"}
_STYLE_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^[a-z0-9]*([.#])([\w-]+)$", re.IGNORECASE)


def _tiny_font(style: str) -> bool:
    match = _FONT_SIZE.search(style)
    if not match or not match.group(1):
        return False
    size = float(match.group(1)) if match.group(1) != "." else 0.0
    unit = match.group(2) or "px"
    return size < {"px": 2, "pt": 1.5, "em": 0.15, "rem": 0.15, "%": 15}[unit]


def hiding_style(style: str, background: str | None = None) -> str | None:
    """How an inline style hides its element, or None. `style` is lowercased without spaces."""
    for pattern, how in _HIDING:
        if pattern.search(style):
            return how
    if _tiny_font(style):
        return "zero font size"
    if _ZERO_BOX.search(style) and "overflow:hidden" in style:
        return "zero-size box"
    color = _COLOR.search(style)
    if color:
        own = _BACKGROUND.search(style)
        ground = own.group(1) if own else background
        text_color = color.group(1).removesuffix("!important")
        if (ground or "white").removesuffix("!important") == text_color or (ground is None and text_color in _WHITE):
            return "text in the background colour"
    return None


def _hidden_selectors(tree) -> tuple[dict[str, str], dict[str, str]]:
    """Classes and ids that the page's own <style> rules hide, with how."""
    classes: dict[str, str] = {}
    ids: dict[str, str] = {}
    for style in tree.iter("style"):
        css = re.sub(
            r"/\*.*?\*/|\s+", lambda m: "" if m.group().startswith("/*") else " ", style.text or "", flags=re.S
        )
        for selectors, body in _STYLE_RULE.findall(css):
            how = hiding_style(re.sub(r"\s+", "", body.lower()))
            if not how:
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if match:
                    (classes if match.group(1) == "." else ids)[match.group(2)] = how
    return classes, ids


def _remove(element) -> None:
    """Take an element out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _why_hidden(element, classes: dict[str, str], ids: dict[str, str], background: str | None) -> str | None:
    if element.get("hidden") is not None:
        return "hidden attribute"
    if (element.get("aria-hidden") or "").strip().lower() == "true":
        return "aria-hidden"
    if element.tag in {"template", "noscript"}:
        return f"<{element.tag}>"
    for name in (element.get("class") or "").split():
        if name in classes:
            return f"{classes[name]} (class {name})"
    if element.get("id") in ids:
        return f"{ids[element.get('id')]} (id {element.get('id')})"
    style = element.get("style")
    return hiding_style(re.sub(r"\s+", "", style.lower()), background) if style else None


def visible_html(html: str, deep: bool = False):
    """The page as an lxml tree without what a reader cannot see, and the pieces removed.

    Returns (tree, hidden); the tree goes to trafilatura as it is. A page lxml
    cannot parse is returned as the string it was, with nothing removed. libxml2
    builds no deeper than 256 elements unless `deep` (a page's depth is checked
    against Limits.html_depth before it gets here).
    """
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True) if deep else None)
    except (lxml.etree.ParserError, ValueError):
        return html, []
    hidden: list[HiddenText] = []

    def keep(how: str, text: str) -> None:
        text = " ".join(text.split())
        if text and len(hidden) < MAX_HIDDEN:
            hidden.append(HiddenText(how, text[:MAX_HIDDEN_CHARS]))

    for comment in list(tree.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        keep("HTML comment", comment.text or "")
        _remove(comment)
    classes, ids = _hidden_selectors(tree)
    # Top down, so a hidden element's children go with it and are reported once.
    stack = [(child, None) for child in reversed(tree)]
    while stack:
        element, background = stack.pop()
        if not isinstance(element.tag, str) or element.tag in {"script", "style"}:
            continue
        how = _why_hidden(element, classes, ids, background)
        if how:
            keep(how, element.text_content())
            _remove(element)
            continue
        for attribute in ("alt", "title"):
            value = element.get(attribute)
            if value is not None:
                keep(f"{attribute} attribute", value)
                del element.attrib[attribute]
        own = _BACKGROUND.search(re.sub(r"\s+", "", (element.get("style") or "").lower()))
        inner = own.group(1) if own else background
        stack.extend((child, inner) for child in reversed(element))
    return tree, hidden
