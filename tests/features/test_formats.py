"""PDF, Word and e-mail files, made by tests/make_documents.py: their text, pages, errors, and quotes cited by page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import generate, load_documents
from briefing.cli import main
from briefing.rendering.render import render_format
from briefing.text.pages import join_pages, page_of

from .. import make_documents as make


def _endpoint(settings, tmp_path: Path) -> list[str]:
    return ["--base-url", settings.base_url, "--model", "test-model", "--cache-dir", str(tmp_path / "cache")]


def _cli(args: list[str], capsys) -> tuple[int, list[str]]:
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, [line for line in err.splitlines() if line.startswith("briefing:")]


def test_pdf_pages_keep_their_numbers_without_running_header_and_footer(tmp_path):
    [doc] = load_documents([str(make.pdf(tmp_path / "report.pdf"))])
    assert doc.title == "Quarterly Security Review" and doc.language == "en"
    assert len(doc.page_starts) == 3 and doc.page_starts[0] == 0
    assert "Eurasia Institute" not in doc.text and "Page 2 of 3" not in doc.text and "of 3" not in doc.text
    assert "extractive industries" in doc.text and "extrac-" not in doc.text  # the hyphen at the line end is repaired
    tokayev = doc.text.index("We are ready for long-term cooperation")
    assert page_of(doc.page_starts, tokayev) == 2
    assert page_of(doc.page_starts, doc.text.index("The financing is not there yet")) == 3
    # Lines are joined into paragraphs: a quotation broken over two lines reads as one.
    assert "with all of our partners in the region and beyond." in doc.text
    assert doc.text.startswith("Central Asia after the summit\n\nThe five presidents")


def test_page_lookup_counts_blank_pages():
    text, starts = join_pages(["one", "", "  ", "four"])
    assert text == "one\n\nfour" and len(starts) == 4
    assert page_of(starts, 0) == 1 and page_of(starts, text.index("four")) == 4 and page_of([], 5) is None


def test_two_page_pdf_keeps_lines_that_repeat_on_both_pages(tmp_path):
    [doc] = load_documents([str(make.pdf(tmp_path / "short.pdf", make.REPORT_PAGES[:2]))])
    assert "Page 1 of 2" in doc.text  # too few pages to tell a running line from the text itself


def test_pdf_with_owner_password_only_is_read(tmp_path):
    [doc] = load_documents([str(make.pdf(tmp_path / "locked.pdf", owner_password="secret"))])
    assert "Kassym-Jomart Tokayev" in doc.text


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("scanned", "no text layer; OCR it first"),
        ("password", "encrypted PDF that needs a password"),
        ("truncated", "truncated or damaged PDF"),
        ("garbage", "not a PDF file"),
        ("docx", "damaged or not a Word file"),
        ("eml", "truncated or damaged e-mail"),
        ("not-mail", "not an e-mail message"),
    ],
)
def test_unreadable_files_are_one_line_exit_2_and_nothing_written(case, reason, tmp_path, settings, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    good = make.pdf(tmp_path / "good.pdf")
    if case == "scanned":
        bad = make.scanned_pdf(folder / "scan.pdf")
    elif case == "password":
        bad = make.pdf(folder / "secret.pdf", user_password="open-sesame")
    elif case == "truncated":
        bad = folder / "cut.pdf"
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif case == "garbage":
        bad = folder / "fake.pdf"
        bad.write_text("This is not a PDF at all, only text with the wrong suffix.")
    elif case == "docx":
        bad = folder / "memo.docx"
        bad.write_bytes(make.docx(tmp_path / "memo.docx").read_bytes()[:3000])
    elif case == "eml":
        bad = folder / "alert.eml"
        bad.write_bytes(make.eml(tmp_path / "alert.eml", attachment=good).read_bytes()[:-400])
    else:
        bad = folder / "notes.eml"
        bad.write_text("just some notes\nwith no headers at all\n\nand a body\n")
    out = tmp_path / "out" / "brief.md"
    code, lines = _cli(["generate", str(bad), "-o", str(out), *_endpoint(settings, tmp_path)], capsys)
    assert code == 2 and len(lines) == 1 and str(bad) in lines[0] and reason in lines[0], lines
    assert not out.exists() and not out.with_suffix(".json").exists()


def test_skip_bad_inputs_briefs_the_rest_and_lists_what_was_skipped(tmp_path, settings, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    make.pdf(folder / "report.pdf")
    scan = make.scanned_pdf(folder / "scan.pdf")
    out = tmp_path / "brief.md"
    args = ["generate", str(folder), str(tmp_path / "missing.txt"), "-o", str(out), *_endpoint(settings, tmp_path)]
    code, lines = _cli(args, capsys)
    assert code == 2 and len(lines) == 1 and not out.exists()  # without the option one bad input stops the run
    code, _ = _cli([*args, "--skip-bad-inputs"], capsys)
    assert code == 0
    brief = json.loads(out.with_suffix(".json").read_text())
    assert brief["run"]["skipped_inputs"] == [
        f"{scan}: no text layer; OCR it first",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]
    assert [s["title"] for s in brief["sources"]] == ["Quarterly Security Review"]
    assert "## Not read" in out.read_text() and "OCR it first" in out.read_text()


def test_word_memo_reads_in_order_without_comments_or_deleted_text(tmp_path):
    [doc] = load_documents([str(make.docx(tmp_path / "memo.docx"))])
    assert doc.title == "Memo on the rail corridor" and doc.page_starts == ()
    assert "COMMENT-TEXT" not in doc.text and "DELETED-TEXT" not in doc.text
    assert "The budget was six billion dollars in the final draft." in doc.text  # the tracked insertion is kept
    order = ["Memo on the rail corridor", "Tashkent and the Caspian", "Who pays", "Asian Development Bank | 40%",
             "Government of Uzbekistan | 60%", "Jamshid Kuchkarov"]  # fmt: skip
    positions = [doc.text.index(part) for part in order]
    assert positions == sorted(positions)


def test_email_body_and_its_pdf_attachment_are_documents_of_their_own(tmp_path):
    report = make.pdf(tmp_path / "report.pdf")
    mail, attached = load_documents([str(make.eml(tmp_path / "alert.eml", attachment=report))])
    assert mail.title == "Morning alert: Caspian pipeline talks" and mail.date == "2025-01-14"
    assert mail.text.startswith("Talks on the trans-Caspian pipeline") and "Parviz Shahbazov" in mail.text
    assert attached.title == "Quarterly Security Review (attachment of “Morning alert: Caspian pipeline talks”)"
    assert attached.location == f"{tmp_path / 'alert.eml'} › report.pdf" and len(attached.page_starts) == 3
    assert "Kassym-Jomart Tokayev" in attached.text
    assert attached.date == "2000-01-01"  # its own date (reportlab writes this one in invariant mode), not the mail's


def test_html_only_email_is_reduced_like_a_web_page(tmp_path):
    [mail] = load_documents([str(make.eml(tmp_path / "alert.eml", html=True))])
    assert "Parviz Shahbazov" in mail.text and "<p>" not in mail.text and "Unsubscribe" not in mail.text


def test_mixed_folder_briefs_in_one_run_and_cites_pdf_quotes_by_page(tmp_path, settings):
    """The issue's 'done when': a PDF report, a Word memo and an e-mail with a PDF attachment."""
    folder = tmp_path / "desk"
    make.write_samples(folder)
    brief = generate([str(folder)], settings)
    titles = sorted(s.title for s in brief.sources)
    assert len(titles) == 4 and any("attachment of" in t for t in titles)
    paginated = {s.id for s in brief.sources if s.page_starts}
    from_pdf = [q for q in brief.quotes if q.source_id in paginated]
    assert from_pdf and all(q.page for q in from_pdf)
    assert all(q.page is None for q in brief.quotes if q.source_id not in paginated)
    tokayev = next(q for q in from_pdf if q.text.startswith("We are ready"))
    assert tokayev.page == 2
    markdown = render_format(brief, "md")
    assert f"[{brief.sources[0].title}]" in markdown or markdown
    assert any(line.endswith(", p. 2") for line in markdown.splitlines() if line.startswith("— "))
    html = render_format(brief, "html")
    assert '<span class="page">p. 2</span>' in html and '<span class="page">p. 3</span>' in html
    # Evidence from a paginated source says its page too, in the footnote and on hover.
    cited = [e for c in brief.key_points for e in c.evidence if e.source_id in paginated]
    assert cited, "a key point rests on a sentence of the PDF"
    source = next(s for s in brief.sources if s.id == cited[0].source_id)
    page = source.page_of(cited[0].start)
    assert page and f", p. {page})" in markdown and f", p. {page})" in html
