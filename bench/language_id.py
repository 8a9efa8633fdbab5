# ruff: noqa: E501 - the sample paragraphs are prose, one a line
"""Language identification measured: briefing's guess against py3langid and lingua on labelled texts.

    python bench/language_id.py

Texts: the seed and the tests' daily pages, a slice of the benchmark corpus
(English and Russian), and short news paragraphs in 24 languages written for
this script. The hand-written guess briefing had before py3langid scored 30 of 42
(wrong on be, bg, nl, sv, ro, tr, az, ja, ko, fa, el, ka). Prints accuracy, the texts each got wrong, and the time per text,
plus the one-off cost of loading each model. lingua is measured only when it is
installed (it is not a dependency: its wheel is large).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = {
    "en": "The minister said on Tuesday that the government would review the pipeline agreement before the end of the year.",
    "ru": "Министр заявил во вторник, что правительство пересмотрит соглашение о трубопроводе до конца года.",
    "uk": "Міністр заявив у вівторок, що уряд перегляне угоду про трубопровід до кінця року.",
    "kk": "Министр сейсенбі күні үкімет құбыр туралы келісімді жыл соңына дейін қайта қарайтынын мәлімдеді.",
    "be": "Міністр заявіў у аўторак, што ўрад перагледзіць пагадненне аб трубаправодзе да канца года.",
    "bg": "Министърът заяви във вторник, че правителството ще преразгледа споразумението за тръбопровода до края на годината.",
    "de": "Der Minister sagte am Dienstag, die Regierung werde das Pipeline-Abkommen vor Ende des Jahres überprüfen.",
    "fr": "Le ministre a déclaré mardi que le gouvernement réexaminerait l'accord sur le gazoduc avant la fin de l'année.",
    "es": "El ministro dijo el martes que el gobierno revisaría el acuerdo del oleoducto antes de fin de año.",
    "it": "Il ministro ha detto martedì che il governo rivedrà l'accordo sul gasdotto prima della fine dell'anno.",
    "pt": "O ministro disse na terça-feira que o governo vai rever o acordo do gasoduto antes do fim do ano.",
    "pl": "Minister powiedział we wtorek, że rząd przejrzy umowę w sprawie rurociągu przed końcem roku.",
    "nl": "De minister zei dinsdag dat de regering de pijpleidingovereenkomst voor het einde van het jaar zal herzien.",
    "sv": "Ministern sade på tisdagen att regeringen kommer att se över avtalet om rörledningen före årets slut.",
    "ro": "Ministrul a declarat marți că guvernul va revizui acordul privind conducta înainte de sfârșitul anului.",
    "tr": "Bakan salı günü hükümetin boru hattı anlaşmasını yıl sonundan önce gözden geçireceğini söyledi.",
    "az": "Nazir çərşənbə axşamı bildirib ki, hökumət boru kəməri sazişini ilin sonunadək yenidən nəzərdən keçirəcək.",
    "zh": "部长周二表示，政府将在年底前重新审查这项管道协议。",
    "ja": "大臣は火曜日、政府が年末までにパイプライン協定を見直すと述べた。",
    "ko": "장관은 화요일 정부가 연말 전에 송유관 협정을 재검토할 것이라고 말했다.",
    "ar": "قال الوزير يوم الثلاثاء إن الحكومة ستراجع اتفاقية خط الأنابيب قبل نهاية العام.",
    "fa": "وزیر روز سه‌شنبه گفت که دولت توافق خط لوله را تا پایان سال بازبینی خواهد کرد.",
    "el": "Ο υπουργός δήλωσε την Τρίτη ότι η κυβέρνηση θα επανεξετάσει τη συμφωνία για τον αγωγό πριν από το τέλος του έτους.",
    "ka": "მინისტრმა სამშაბათს განაცხადა, რომ მთავრობა მილსადენის შეთანხმებას წლის ბოლომდე გადახედავს.",
}  # fmt: skip


def labelled() -> list[tuple[str, str, str]]:
    """(name, language, text) for every test text."""
    from bench.corpus import write_corpus
    from briefing.ingest.documents import html_to_text

    texts = [(f"short-{lang}", lang, text) for lang, text in SAMPLES.items()]
    texts.append(("seed", "ru", next((ROOT / "seeds").glob("*.txt")).read_text()))
    for page in sorted((ROOT / "tests" / "data" / "daily").glob("*.html")):
        texts.append((page.stem, "en", html_to_text(page.read_text())[0]))
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for path in write_corpus(Path(folder))[:12]:
            text = path.read_text()
            lang = "ru" if sum("\u0400" <= ch <= "\u04ff" for ch in text) > len(text) / 3 else "en"
            texts.append((path.stem, lang, text))
    return texts


def _ours():
    from briefing.text.languages import guess_language

    return guess_language


def _py3langid():
    import py3langid

    def guess(text: str) -> str | None:
        return py3langid.classify(text[:5000])[0]

    guess("warm up: load the model")
    return guess


def _lingua():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def guess(text: str) -> str | None:
        found = detector.detect_language_of(text[:5000])
        return found.iso_code_639_1.name.lower() if found else None

    guess("warm up: load the model")
    return guess


def main() -> None:
    texts = labelled()
    print(
        f"{len(texts)} texts: {len(SAMPLES)} short paragraphs in as many languages, {len(texts) - len(SAMPLES)} articles"
    )
    for name, make in [
        ("briefing.text.languages", _ours),
        ("py3langid", _py3langid),
        ("lingua (low accuracy)", _lingua),
    ]:
        try:
            started = time.process_time()
            guess = make()
            load = time.process_time() - started
        except ImportError:
            print(f"{name}: not installed")
            continue
        started = time.process_time()
        wrong = [(n, lang, got) for n, lang, text in texts if (got := guess(text)) != lang]
        per_text = (time.process_time() - started) / len(texts) * 1000
        print(
            f"{name}: {len(texts) - len(wrong)}/{len(texts)} right, load {load:.2f} s CPU, {per_text:.2f} ms a text; "
            f"wrong: {', '.join(f'{n} ({lang}->{got})' for n, lang, got in wrong) or 'none'}"
        )


if __name__ == "__main__":
    main()
