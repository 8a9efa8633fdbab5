"""What the brief shows as its own words: in the brief's language, and never the prompt's.

A small model reading notes taken from German and Russian reports writes some of its
synthesis in their language ("COP30-Präsident André Correa do Lago bekräftigte …"), copies a
report's headline as the story's ("COP30 in Belém eröffnet" in an English brief), or speaks
of what it was given rather than of the news ("The excerpt mentions that …"). None of that
is the brief's. After the synthesis, and before its claims are built:

- a summary or key point in another language (py3langid, text/languages.py; a text too short
  to tell is taken as written) or speaking of the excerpt, the text, the article or the notes
  is left out and counted;
- a headline in another language, or one that copies the title of a report in another
  language, gives way to the title of the story's first report in the brief's language, else
  to the story's first sentence of its own that is;
- the bottom line loses such sentences too, and gains, for each story it says nothing of, that
  story's first sentence or its headline (bottom_line), so it covers every story.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config import cache_dir_from_env
from ..replies import BriefDraft, Synthesis
from ..schema import Claim, Story
from ..text import names
from ..text.languages import guess_language
from ..text.sentences import split_sentences

# The prompts' own words for what the model reads, as a model echoes them: "The excerpt mentions that",
# "According to the text", "The article does not say", "Der Auszug zeigt", "В тексте говорится". A news
# sentence speaks of a document too ("the document was signed"): only an excerpt, or a text that says.
_META_NOUN = r"(?:text|article|excerpt|passage|notes?|document)"
_PROMPT_WORDS = re.compile(
    r"\b(?:excerpts?|auszugs?|отрывк[а-я]*)\b"
    rf"|\b(?:the|this|these)\s+(?:given\s+|provided\s+)?{_META_NOUN}\s+(?:mentions?|says?|states?|notes?|describes?"
    r"|discuss(?:es)?|highlights?|reports?|indicates?|suggests?|provides?|does\s+not|doesn't)\b"
    rf"|^(?:according\s+to|in|from)\s+(?:the|this)\s+(?:given\s+|provided\s+)?{_META_NOUN}\b"
    r"|\b(?:der|dieser|laut\s+dem|im)\s+(?:Text|Artikel)\b\s*(?:erwähnt|sagt|berichtet|beschreibt|,)"
    r"|\bв\s+(?:этом\s+|данном\s+)?(?:тексте|статье|фрагменте)\s+(?:говорится|упоминается|сообщается)",
    re.IGNORECASE,
)


def speaks_of_the_prompt(text: str) -> bool:
    """Whether the text speaks of what the model was given ("The excerpt mentions …") rather than of the news."""
    return bool(_PROMPT_WORDS.search(text))


def in_other_language(text: str, language: str) -> bool:
    """Whether the text is, by py3langid, in a language other than `language`; a text too short to tell is not."""
    guessed = guess_language(text, cache_dir_from_env() / "models")  # the model as unpacked when documents were read
    return guessed is not None and guessed != language


def ours(text: str, language: str) -> bool:
    return not speaks_of_the_prompt(text) and not in_other_language(text, language)


@dataclass(frozen=True)
class Report:
    """What the wording checks need of a source: its title and the language it is in."""

    title: str
    language: str | None


@dataclass
class Worded:
    draft: BriefDraft
    dropped: int  # summaries, key points and bottom-line sentences left out
    headlines: int  # headlines and titles replaced


def _same_title(headline: str, title: str) -> bool:
    a, b = names.words(headline.casefold()), names.words(title.casefold())
    return bool(a) and len(a) == len(b) and all(names.same_word(x, y) for x, y in zip(a, b, strict=True))


def _headline_ours(headline: str, reports: Sequence[Report], language: str) -> bool:
    copied = any(r.language and r.language != language and _same_title(headline, r.title) for r in reports)
    return not copied and ours(headline, language)


def own_words(
    draft: BriefDraft, story_groups: Sequence[Sequence[str]], reports: Mapping[str, Report], language: str
) -> Worded:
    """The synthesis with what is not the brief's own words left out or replaced, and how much."""
    dropped = headlines = 0

    def kept(points):
        nonlocal dropped
        out = [p for p in points if ours(p.text, language)]
        dropped += len(points) - len(out)
        return out

    update: dict = {"key_points": kept(draft.key_points)}
    if isinstance(draft, Synthesis):
        stories = []
        for story in draft.stories:
            points = kept(story.key_points)
            summary = story.summary
            if summary.strip() and not ours(summary, language):
                summary, dropped = "", dropped + 1
            group = story_groups[story.story - 1] if 1 <= story.story <= len(story_groups) else []
            mine = [reports[sid] for sid in group if sid in reports]
            headline = story.headline
            if not _headline_ours(headline, mine, language):
                headline, headlines = _replacement(mine, summary, [p.text for p in points], language), headlines + 1
            stories.append(story.model_copy(update={"key_points": points, "summary": summary, "headline": headline}))
        update["stories"] = stories
    sentences = [s.text for s in split_sentences(draft.bluf)]
    own = [s for s in sentences if ours(s, language)]
    dropped += len(sentences) - len(own)
    update["bluf"] = " ".join(own)
    if not _headline_ours(draft.title, list(reports.values()), language):
        first = update.get("stories", [None])[0] if update.get("stories") else None
        update["title"] = first.headline if first else _replacement(list(reports.values()), "", [], language)
        headlines += 1
    return Worded(draft.model_copy(update=update), dropped, headlines)


def _replacement(reports: Sequence[Report], summary: str, points: Sequence[str], language: str) -> str:
    """A headline in the brief's language: a report's title in it, else the story's first sentence that is."""
    titled = next((r.title for r in reports if r.language == language and ours(r.title, language)), None)
    if titled:
        return titled
    first = next((s.text for s in split_sentences(summary)), None) or next(iter(points), None)
    return first or (reports[0].title if reports else "")


def _distinct_words(stories: Sequence[Story]) -> list[set[str]]:
    """Per story, the words of its headline and claims that no other story uses."""
    words = []
    for story in stories:
        text = " ".join([story.headline, story.summary, *(c.text for c in story.key_points)])
        words.append(names.content_words(text))
    distinct = []
    for i, own in enumerate(words):
        others = [w for j, theirs in enumerate(words) if j != i for w in theirs]
        distinct.append({w for w in own if not any(names.same_word(w, o) for o in others)})
    return distinct


def bottom_line(bluf: str, stories: Sequence[Story], key_points: Sequence[Claim] = ()) -> tuple[str, int]:
    """The bottom line with, for each story it says nothing of, the story's first checked sentence; and how many
    were added.

    A story is covered when the bottom line uses a word only that story uses. What stands in for it is what the
    check confirmed: its summary's first sentence, else its first key point (the brief's, when it is the only
    story and its key points are the brief's), and only when it has none its headline, which no check reads.
    """
    said = {w.casefold() for w in names.words(bluf)}
    added = []
    for story, distinct in zip(stories, _distinct_words(stories), strict=True):
        if any(names.same_word(w, s) for w in distinct for s in said):
            continue
        points = story.key_points or (key_points if len(stories) == 1 else [])
        first = next((s.text for s in split_sentences(story.summary)), None)
        first = first or next((p.text for p in points), None) or story.headline
        if first:
            added.append(first if first.rstrip().endswith((".", "!", "?")) else f"{first.rstrip()}.")
    return " ".join([bluf.strip(), *added]).strip(), len(added)
