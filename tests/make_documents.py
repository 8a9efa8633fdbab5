"""Small PDF, Word and e-mail files for the tests and the PDF benchmark, made here, never downloaded.

    python -m tests.make_documents out/samples    # writes every sample into a folder

PDFs are drawn with reportlab (BSD), Word files written with python-docx, e-mail
with the standard library. Each file holds text the tests then look for: page
numbers, a running header and footer, a hyphenated word, quotes, names.
"""

from __future__ import annotations

import random
import sys
import textwrap
from email.message import EmailMessage
from pathlib import Path

HEADER = "Eurasia Institute · Quarterly Security Review"
REPORT_PAGES = [
    "Central Asia after the summit\n"
    "The five presidents met in Washington in November. The talks covered critical minerals, "
    "rail links and the water of the Amu Darya, which every delegation called a strategic concern.",
    "Kazakhstan's position\n"
    "President Kassym-Jomart Tokayev told reporters: “We are ready for long-term cooperation with "
    "all of our partners in the region and beyond.” Officials in Astana described the mineral "
    "agreements as a turning point for the extractive industries of the country.",
    "Risks to watch\n"
    "Analysts expect the rail corridor to face delays. “The financing is not there yet, and the "
    "engineering will take years,” said Kate Mallinson of Prism Political Risk Management.",
]
HYPHENATED = "extractive"  # drawn broken across two lines as "extrac-" / "tive"


def _wrap(paragraph: str, width: int = 80) -> list[str]:
    return textwrap.wrap(paragraph, width) or [""]


def pdf(
    path: Path,
    pages: list[str] = REPORT_PAGES,
    *,
    header: str | None = HEADER,
    footer: bool = True,
    title: str | None = "Quarterly Security Review",
    user_password: str | None = None,
    owner_password: str | None = None,
    hyphenate: str | None = HYPHENATED,
) -> Path:
    """A text PDF: one string per page, paragraphs split by newlines, wrapped at 80 characters."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = StandardEncryption(user_password or "", ownerPassword=owner_password or "owner", strength=128)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    if title:
        c.setTitle(title)
    width, height = A4
    for number, page in enumerate(pages, start=1):
        # The footer is drawn first, as some word processors do: position, not order, makes it a footer.
        c.setFont("Helvetica", 8)
        if footer:
            c.drawCentredString(width / 2, 30, f"Page {number} of {len(pages)}")
        if header:
            c.drawString(56, height - 40, header)
        text = c.beginText(56, height - 90)
        text.setFont("Helvetica", 11)
        text.setLeading(15)
        for paragraph in page.split("\n"):
            lines = _wrap(paragraph)
            if hyphenate:
                lines = _break_word(lines, hyphenate)
            for line in lines:
                text.textLine(line)
            text.textLine("")
        c.drawText(text)
        c.showPage()
    c.save()
    return path


def _break_word(lines: list[str], word: str) -> list[str]:
    """Break `word` across a line end with a hyphen, as typesetting does."""
    out = []
    for line in lines:
        if word in line:
            head, tail = line.split(word, 1)
            cut = len(word) * 2 // 3
            out += [head + word[:cut] + "-", word[cut:] + tail]
        else:
            out.append(line)
    return out


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold only drawings, as a scan holds only images: no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        for row in range(40):
            c.rect(56, 780 - row * 18, 300 + (row * 37) % 180, 9, fill=1, stroke=0)
        c.showPage()
    c.save()
    return path


def long_pdf(path: Path, pages: int, sentences_per_page: int = 34) -> Path:
    """`pages` full pages (about 3,300 characters each) of distinct prose, a running header, page numbers."""
    words = ("minister", "pipeline", "agreement", "summit", "tariff", "corridor", "deposit", "reserve",
             "delegation", "ceasefire", "election", "sanctions", "investment", "treaty", "border", "talks")  # fmt: skip
    rng = random.Random(pages)
    body = []
    for number in range(pages):
        sentences = []
        for i in range(sentences_per_page):
            sentence = " ".join(rng.choice(words) for _ in range(11))
            sentences.append(f"{sentence.capitalize()} {number * sentences_per_page + i}.")
        body.append(" ".join(sentences))
    return pdf(path, body, title="Benchmark report", hyphenate=None)


def docx(path: Path) -> Path:
    """A Word memo: a heading, paragraphs, a table, a comment, a tracked insertion and a tracked deletion."""
    import docx as python_docx
    from docx.oxml import parse_xml

    document = python_docx.Document()
    document.core_properties.title = "Memo on the rail corridor"
    document.add_heading("Memo on the rail corridor", level=1)
    intro = document.add_paragraph("The corridor links Tashkent and the Caspian ports. ")
    document.add_comment(intro.runs, text="COMMENT-TEXT: check the route", author="Reviewer")
    tracked = document.add_paragraph("The budget was ")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tracked._p.append(
        parse_xml(f'<w:del {w} w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r>'
                  "<w:delText>DELETED-TEXT four billion</w:delText></w:r></w:del>")
    )  # fmt: skip
    tracked._p.append(
        parse_xml(f'<w:ins {w} w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r>'
                  "<w:t>six billion dollars</w:t></w:r></w:ins>")
    )  # fmt: skip
    tracked.add_run(" in the final draft.")
    document.add_heading("Who pays", level=2)
    table = document.add_table(rows=3, cols=2)
    for row, (who, share) in zip(table.rows, [("Party", "Share"), ("Asian Development Bank", "40%"),
                                               ("Government of Uzbekistan", "60%")], strict=True):  # fmt: skip
        row.cells[0].text, row.cells[1].text = who, share
    document.add_paragraph("Minister Jamshid Kuchkarov said: “We will finish the first section by 2027.”")
    document.save(str(path))
    return path


def eml(path: Path, attachment: Path | None = None, html: bool = False) -> Path:
    """An e-mail alert with a subject, a date, a text (or an HTML-only) body and optionally a PDF attached."""
    message = EmailMessage()
    message["Subject"] = "Morning alert: Caspian pipeline talks"
    message["From"] = "desk@example.org"
    message["To"] = "analysts@example.org"
    message["Date"] = "Tue, 14 Jan 2025 07:30:00 +0000"
    body = (
        "Talks on the trans-Caspian pipeline resumed in Baku on Monday. "
        "Azerbaijan's energy minister Parviz Shahbazov said: “We expect a framework agreement before summer.” "
        "The full report from the Eurasia Institute is attached."
    )
    if html:  # HTML only, as many newsletters send: no text part to fall back on
        message.set_content(
            f"<html><body><article><h1>Caspian pipeline</h1><p>{body}</p></article>"
            "<footer>Unsubscribe</footer></body></html>",
            subtype="html",
        )
    else:
        message.set_content(body)
    if attachment is not None:
        message.add_attachment(attachment.read_bytes(), maintype="application", subtype="pdf", filename=attachment.name)
    path.write_bytes(bytes(message))
    return path


def write_samples(folder: Path) -> list[Path]:
    """Every sample: a PDF report, a Word memo and an e-mail with the report attached."""
    folder.mkdir(parents=True, exist_ok=True)
    report = pdf(folder / "report.pdf")
    return [report, docx(folder / "memo.docx"), eml(folder / "alert.eml", attachment=report)]


if __name__ == "__main__":
    for written in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "out/samples")):
        print(written)
