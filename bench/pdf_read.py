"""How long reading a long text PDF takes, and its peak memory: target 300 pages under 10 s and 300 MB.

    python bench/pdf_read.py                  # 300 pages, ours and pypdf as a peer
    python bench/pdf_read.py --pages 2000     # the issue's long PDF

Makes the PDF itself (tests/make_documents.py, reportlab: distinct prose, a running
header, page numbers), then reads it in a fresh process per row so each row's
peak RSS (VmHWM) is its own: `ours` is briefing's whole `load_document` (PDFium,
header and footer removal, paragraphs, language guess); `pypdf` is pypdf's
`extract_text` on every page, the pure-Python alternative, for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _row(kind: str, path: Path) -> dict:
    from bench.row import peak_mb

    started = time.perf_counter()
    cpu = time.process_time()
    if kind == "ours":
        from briefing.ingest.documents import load_document

        doc = load_document(path)
        pages, chars = len(doc.page_starts), len(doc.text)
    else:
        import pypdf

        texts = [page.extract_text() for page in pypdf.PdfReader(path).pages]
        pages, chars = len(texts), sum(map(len, texts))
    return {
        "row": kind,
        "pages": pages,
        "chars": chars,
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "peak_mb": round(peak_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--skip-peer", action="store_true", help="ours only")
    parser.add_argument("--row", nargs=2, metavar=("KIND", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.row:
        print(json.dumps(_row(args.row[0], Path(args.row[1]))))
        return
    from tests.make_documents import long_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = long_pdf(Path(folder) / f"report-{args.pages}.pdf", args.pages)
        print(f"{path.name}: {args.pages} pages, {path.stat().st_size / 1e6:.1f} MB")
        for kind in ["ours"] + ([] if args.skip_peer else ["pypdf"]):
            out = subprocess.run(
                [sys.executable, __file__, "--row", kind, str(path)], capture_output=True, text=True, check=True
            )
            row = json.loads(out.stdout)
            verdict = ""
            if kind == "ours":
                ok = row["seconds"] < 10 and row["peak_mb"] < 300
                verdict = f"  {'met' if ok else 'MISS'}: < 10 s and < 300 MB"
            print(
                f"{row['row']:6} {row['pages']} pages, {row['chars']:,} chars: {row['seconds']} s "
                f"(CPU {row['cpu_seconds']} s), peak {row['peak_mb']} MB{verdict}"
            )


if __name__ == "__main__":
    main()
