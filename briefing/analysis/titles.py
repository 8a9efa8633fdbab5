"""People's titles and roles, and the name an actor is stored under.

The chunks name people with what they are: "Kazakhstan's President Kassym-Jomart Tokayev",
"Deputy Secretary of State Christopher Landau", "партнер компании PRISM Strategic Intelligence Ltd.
Кейт Маллинсон". Merging compares names, so the title comes off the name and goes to the role
(split_title), in English, Russian (inflected: by prefixes) and German; a country the table knows
is that country whatever kind the model gave it, and a product ("Boeing 787 Dreamliner") is its
maker (clean_name).
"""

from __future__ import annotations

import functools
import re

from ..schema import ActorKind
from ..text.countries import canonical_country, country_at

# Words that make a title, not a name: English, Russian (inflected, so prefixes) and German.
_TITLE_WORDS = {
    "president", "vice-president", "vice", "prime", "minister", "secretary", "deputy", "undersecretary",
    "chancellor", "king", "queen", "prince", "princess", "senator", "sen", "governor", "gov", "mayor",
    "ambassador", "envoy", "general", "gen", "chairman", "chairwoman", "chair", "chief", "head", "ceo", "cfo",
    "director", "spokesman", "spokeswoman", "spokesperson", "official", "leader", "premier", "pope", "sheikh",
    "emir", "sultan", "dr", "mr", "mrs", "ms", "sir", "lord", "lady", "analyst", "partner", "founder",
    "commissioner", "economist", "professor", "prof", "rep", "representative", "foreign", "finance",
    "глава", "главы", "главе", "главой", "посол", "посла", "послом", "мэр", "мэра", "г-н", "г-жа",
    "herr", "frau", "chef", "chefin",
}  # fmt: skip
_TITLE_PREFIXES = (
    "президент", "вице-", "премьер", "министр", "замминистр", "заместител", "госсекретар", "секретар",
    "председател", "канцлер", "губернатор", "сенатор", "директор", "аналитик", "партнер", "партнёр", "эксперт",
    "спикер", "лидер", "генсек", "генеральн", "руководител", "официальн", "представител",
    "präsident", "kanzler", "sprecher", "botschafter", "staatssekretär", "vizepräsident",
)  # fmt: skip
_TITLE_SUFFIXES = ("minister", "präsident", "kanzler", "sekretär", "ministerin", "kanzlerin")
_CONNECTORS = {"of", "for", "the", "de", "der", "des", "von"}
_PARTICLES = {"da", "de", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "bin", "ibn", "al", "la", "le"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "herr", "frau", "г-н", "г-жа", "prof"}
_FIRM_SUFFIXES = {"llc", "inc", "ltd", "corp", "plc", "gmbh", "ag", "jsc"}
_POSSESSIVE = re.compile(r"^(.+?)['’]s?$")
# A product is its maker's name, then a model number: "Boeing 787 Dreamliner", "Airbus A321neo".
_PRODUCT = re.compile(r"^([^\W\d_][\w&.-]*(?: [^\W\d_][\w&.-]*)*) [A-Za-z]{0,3}\d[\w-]*(?: .*)?$")


def _is_title(word: str) -> bool:
    w = word.casefold().strip(".,")
    return w in _TITLE_WORDS or w.startswith(_TITLE_PREFIXES) or w.endswith(_TITLE_SUFFIXES)


def _possessor(word: str) -> str | None:
    """ "Kazakhstan's" -> "Kazakhstan"; None for a word that is not a possessive."""
    if not word.endswith(("'s", "’s", "s'", "s’")):
        return None
    match = _POSSESSIVE.match(word)
    return match.group(1) if match else None


def split_title(name: str) -> tuple[str, str]:
    """A person's name without the title, role or possessive before it, and that title.

    "Kazakhstan's President Kassym-Jomart Tokayev" -> ("Kassym-Jomart Tokayev", "President of Kazakhstan");
    "Deputy Secretary of State Christopher Landau" -> ("Christopher Landau", "Deputy Secretary of State");
    "Президент Казахстана Касым-Жомарт Токаев" -> ("Касым-Жомарт Токаев", "Президент Казахстана").
    A name that would be left empty, or without a capital letter, is kept whole ("Stephen King").
    """
    tokens = name.split()
    cut = 0
    for i, token in enumerate(tokens):
        if _is_title(token) or _possessor(token):
            cut = i + 1
    if not cut:
        return name.strip(), ""
    # What the title is of: "of State", "of the United States", "иностранных дел России", "США".
    while cut < len(tokens):
        token = tokens[cut]
        if token.casefold() in _CONNECTORS:
            cut += 1
            run = country_at(tokens, cut)[0]
            cut += run or (1 if cut < len(tokens) and tokens[cut].casefold() not in _CONNECTORS else 0)
        elif token[:1].islower() and token.casefold() not in _PARTICLES:
            cut += 1
        elif run := country_at(tokens, cut)[0]:
            cut += run
        else:
            break
    rest = tokens[cut:]
    # "партнер компании PRISM Strategic Intelligence Ltd. Кейт Маллинсон": the firm is the role too.
    firm_end = max((i + 1 for i, t in enumerate(rest) if t.casefold().strip(".,") in _FIRM_SUFFIXES), default=0)
    cut, rest = cut + firm_end, rest[firm_end:]
    if not rest or not any(ch.isupper() for ch in " ".join(rest)):
        return name.strip(), ""
    title = [t for t in tokens[:cut] if t.casefold().strip(".,") not in _HONORIFICS]
    owner = _possessor(title[0]) if title else None
    if owner and len(title) > 1:  # "Kazakhstan's President" reads "President of Kazakhstan"
        words = " ".join(title[1:])
        return " ".join(rest), f"{words} of {owner}" if any(_is_title(t) for t in title[1:]) else words
    return " ".join(rest), "" if owner else " ".join(title)


def with_title(role: str, title: str) -> str:
    """A role with the title taken off the name before it, said once."""
    role = role.strip()
    if not title or title.casefold() in role.casefold():
        return role
    return f"{title}, {role}" if role else title


@functools.lru_cache(maxsize=4096)
def clean_name(name: str, kind: ActorKind) -> tuple[str, ActorKind, str]:
    """The name an actor is stored under, its kind, and the title taken off it.

    People lose titles and possessives; a name the country table knows becomes that
    country, whatever kind the model gave it ("U.S." as an organisation is still the country).
    """
    name = name.strip()
    if kind == "person":
        name, title = split_title(name)
        return name, kind, title
    country = canonical_country(name, kind == "country")
    if country:
        return country, "country", ""
    product = _PRODUCT.match(name) if kind == "other" else None
    return (product.group(1), "organization", "") if product else (name, kind, "")
