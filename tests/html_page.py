"""A rendered page parsed with html.parser: its elements, attributes and visible text, for assertions."""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = {"meta", "br", "img", "link", "hr", "input", "source", "area", "base", "col", "embed", "wbr"}


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self._open: list[str | None] = []  # id of each open element, for text_of
        self.by_id: dict[str, list[str]] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in _VOID:
            self._open.append(attributes.get("id"))
            if attributes.get("id"):
                self.by_id.setdefault(attributes["id"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        for element_id in self._open:
            if element_id:
                self.by_id[element_id].append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def text_of(self, element_id: str) -> str:
        return "".join(self.by_id.get(element_id, []))

    def executable(self) -> list[str]:
        """Everything that could run script: script-like elements, on* handlers, non-http(s) links."""
        found = []
        for tag, attrs in self.elements:
            if tag in {"script", "iframe", "object", "embed", "svg", "math", "img", "form", "base"}:
                found.append(f"<{tag}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"{tag}[{name}]")
                if name in {"href", "src", "action", "formaction", "xlink:href"} and not (
                    (value or "").startswith(("#", "http://", "https://"))
                ):
                    found.append(f"{tag}[{name}={value}]")
        return found
