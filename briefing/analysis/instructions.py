"""Whether a sentence is an instruction to the AI reading it, by rules written for news pages.

Why our own rules: the maintained detectors on PyPI are classifiers that load
model weights at run time (llm-guard's PromptInjection scanner, pytector,
rebuff's vector store), English-only, and flag text *about* injection as an
attack; the regex lists that ship without a model are young single-author
packages tuned for chat input ("act as", "DAN"), not for a news page in Russian.
So the rules below are ours, for the forms published payloads use, in English
and Russian, with the cheap German, French and Spanish ones:
- overriding instructions ("ignore/disregard/forget (all) previous
  instructions", "игнорируй предыдущие инструкции", "vergiss alle Anweisungen"),
  new roles ("you are now …", "теперь ты"), chat-template tokens and forged fences;
- text addressed to an AI ("NOTE TO THE AI", "Dear AI assistant,", "AI systems
  reading this", "if you are an LLM", "Нейросеть, …", "примечание для ИИ");
- steering the output ("in your summary/brief write …", "в своём обзоре укажи",
  "make sure to mention", "do not mention");
- Base64 runs that decode to any of the above.
A hit counts only where it is an instruction to us: the verb stands where an
imperative does (clause start, or after "you must"), and news that reports an
injection is left alone: a hit inside quotation marks with a reporting verb
outside them ('attackers wrote "ignore previous instructions"'), or a sentence
about attackers, researchers or prompt injection that says no "you", is data.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from ..text.reporting import REPORTING_WORDS
from ..text.sentences import split_sentences

_F = re.IGNORECASE | re.UNICODE

_AI = (
    r"(?:AI|A\.I\.|artificial\s+intelligence|AI[\s-]+(?:assistant|system|model|agent|bot|tool)s?|assistants?|"
    r"chat\s?bots?|LLMs?|(?:large\s+)?language\s+models?|GPT|ChatGPT|Claude|Gemini|Copilot|Qwen|"
    r"summari[sz]ers?|summari[sz]ation\s+(?:tool|system|model)s?|models?|bots?|agents?|crawlers?)"
)
# "a message to AI companies", "if you are an AI researcher": about the field, not to the model.
_NOT_A_READER = (
    r"(?!\s+(?:compan|firm|industr|research|scien|developer|start|lab|polic|regulat|sector|act\b|law|safety|"
    r"ethic|giant|maker|vendor|provider|engineer|expert|enthusiast|investor|bubble|boom|race|chip|team|user|"
    r"product|tool|summit|conference|week|strateg|skeptic|sceptic|critic))"
)
_AI_RU = (
    r"(?:ИИ|AI|нейросет\w*|нейронн\w+\s+сет\w*|искусственн\w+\s+интеллект\w*|языков\w+\s+модел\w*|модел\w*|"
    r"ассистент\w*|чат-?бот\w*|бот\w*|LLM)"
)
_DOC = r"(?:this|these|the)\s+(?:text|page|article|document|content|story|item|post|report|email|e-mail|message)s?"
_OUTPUT = (
    r"(?:summary|summaries|brief|briefing|report|response|answer|output|analysis|reply|overview|digest|BLUF|"
    r"bottom\s+line|key\s+points|title|headline|assessment|notes?)"
)
_OUTPUT_RU = (
    r"(?:резюме|брифинг\w*|отч[её]т\w*|сводк\w*|ответ\w*|обзор\w*|изложени\w*|анализ\w*|доклад\w*|заключени\w*|"
    r"вывод\w*|справк\w*|записк\w*|саммари|пересказ\w*|дайджест\w*)"
)

# (pattern, reason, needs): needs "imperative" when the match must stand where an order does,
# "you" when the sentence must also speak to its reader, "" when the form alone is enough.
_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (r"\b(?:ignore|disregard|forget|override|bypass|discard|abandon)\s+(?:all\s+|any\s+|every\s+|of\s+|the\s+)*"
     r"(?:(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|existing|system|developer)\s+|"
     r"(?:your|these|those|my)\s+(?:\w+\s+)?)(?:instructions?|prompts?|rules|directions?|guidelines|guidance|"
     r"commands?|context|constraints|orders|programming|task|directives?)\b",
     "tells the model to drop its instructions", "imperative"),
    (r"\b(?:ignore|disregard|forget)\s+(?:all|everything)\s+(?:above|before|else|that\s+came\s+before|you\s+(?:were|have\s+been)\s+told)",
     "tells the model to drop its instructions", "imperative"),
    (r"\byou\s+are\s+now\s+(?:an?\s+|the\s+|in\s+|no\s+longer\b|my\b|DAN\b)|\bfrom\s+now\s+on,?\s+you\b|"
     r"\bpretend\s+(?:to\s+be|you\s+are|that\s+you)\b|\b(?:developer|DAN|jailbreak|god)\s+mode\b",
     "gives the model a new role", "imperative"),
    (r"\b(?:new|updated|real|actual|true|secret|hidden|important|additional)\s+(?:instructions?|task|directives?|orders)\s*:",
     "announces new instructions", ""),
    (r"\b(?:reveal|print|show|repeat|output|display|leak|ignore|override|change|update|replace)\s+(?:your|the)\s+"
     r"(?:system|initial|original|hidden)\s+(?:prompt|message|instructions)",
     "targets the system prompt", "imperative"),
    (r"<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[/?INST\]|<<\/?SYS>>|</?(?:system|instructions?)>|"
     r"<<<DATA-|DATA-[0-9A-F]{6,}>>>|^\s*#{2,}\s*(?:system|instructions?)\b",
     "forges the prompt's structure", ""),
    (rf"\b(?:note|message|instructions?|notice|memo|reminder|request|directive|attention|warning|P\.?S\.?)\s+"
     rf"(?:to|for)\s+(?:the\s+|any\s+|all\s+|every\s+)?{_AI}\b{_NOT_A_READER}",
     "is addressed to an AI", ""),
    (rf"\b(?:dear|hey|hello|hi|attention|attn)\s*,?\s+(?:the\s+|any\s+|all\s+)?{_AI}\s*[,:!]",
     "is addressed to an AI", ""),
    (rf"\b{_AI}\s+(?:that\s+(?:is|are)\s+|who\s+(?:is|are)\s+)?(?:reading|processing|summari[sz]ing|analy[sz]ing|"
     rf"parsing|scanning|crawling|ingesting|indexing)\s+{_DOC}",
     "is addressed to an AI", ""),
    (rf"\bif\s+you\s+are\s+an?\s+{_AI}\b{_NOT_A_READER}|\bas\s+an?\s+{_AI},?\s+you\s+(?:must|should|will|are)\b",
     "is addressed to an AI", ""),
    (rf"^\W*{_AI}\s*[,:!]", "is addressed to an AI", "you"),
    (rf"\b(?:in|into|within|throughout|for|when\s+writing)\s+your\s+{_OUTPUT}\b",
     "steers what the model writes", ""),
    (r"\b(?:the|your)\s+(?:summary|brief|briefing|BLUF)\s+(?:must|should|has\s+to|needs\s+to|will)\s+"
     r"(?:say|state|list|include|mention|describe|present|name|call|report|conclude|read)",
     "steers what the model writes", ""),
    (rf"\b(?:when|while|if)\s+(?:you\s+)?(?:summari[sz]|brief|writ|analy[sz])\w*\s+(?:on\s+|about\s+|up\s+)?{_DOC}",
     "steers what the model writes", "you"),
    (r"\b(?:make\s+sure|be\s+sure|remember|don't\s+forget|do\s+not\s+forget)\s+(?:to|that\s+you)\s+(?:mention|say|"
     r"state|list|include|write|describe|report|emphasi[sz]e|highlight|name|present|rate|call)\b",
     "steers what the model writes", "imperative"),
    (r"\b(?:do\s+not|don't|never)\s+(?:mention|report|include|summari[sz]e|discuss|describe|list)\b",
     "steers what the model writes", "imperative+you"),
    (r"\b(?:tell|inform|convince|persuade|assure)\s+(?:the\s+)?(?:user|reader|decision[- ]maker|analyst)s?\s+that\b",
     "steers what the model writes", "imperative"),
    # Russian
    (r"(?:^|\s)(?:про)?игнорируй(?:те)?\s|(?:^|\s)(?:забудь|отбрось|отмени)(?:те)?\s+(?:все\s+|всё\s+|свои\s+|твои\s+|"
     r"ваши\s+|эти\s+)*(?:предыдущ|прежн|предшествующ|вышеуказанн|вышеизложенн|прошл|систем|исходн|изначальн|"
     r"инструкц|указани|команд|правил|промпт|установк)|\bне\s+(?:обращай(?:те)?\s+внимания\s+на|учитывай(?:те)?|"
     r"выполняй(?:те)?)\s+(?:все\s+|свои\s+)?(?:предыдущ|прежн|инструкц|указани|команд|правил|промпт)",
     "tells the model to drop its instructions", ""),
    (rf"\b(?:примечани\w*|заметк\w*|сообщени\w*|обращени\w*|инструкци\w*|указани\w*|просьб\w*|внимание|послани\w*)"
     rf"\s+(?:для|к)\s+{_AI_RU}",
     "is addressed to an AI", ""),
    (rf"^\W*(?:уважаем\w+|дорог\w+)\s+{_AI_RU}", "is addressed to an AI", ""),
    (rf"^\W*{_AI_RU}\s*[,:!]", "is addressed to an AI", "you"),
    (rf"\b{_AI_RU},?\s+(?:котор\w+\s+)?(?:читающ|обрабатывающ|анализирующ|составляющ|пишущ|читает|обрабатывает|"
     r"анализирует|пересказывающ)\w*",
     "is addressed to an AI", ""),
    (rf"\bесли\s+(?:ты|вы)\s*(?:[—–-]\s*)?{_AI_RU}", "is addressed to an AI", ""),
    (rf"\bв\s+(?:сво[её]м|сво(?:ей|их)|тво[её]м|тво(?:ей|их)|вашем|вашей|ваших)\s+{_OUTPUT_RU}",
     "steers what the model writes", ""),
    (r"\b(?:теперь\s+ты|ты\s+теперь|отныне\s+ты|с\s+этого\s+момента\s+ты)\b", "gives the model a new role", ""),
    (r"\bнов\w+\s+(?:инструкци|указани|задани)\w*\s*:", "announces new instructions", ""),
    # German, French, Spanish: the common forms only
    (r"\b(?:ignorier(?:e|en)?|vergiss|vergessen\s+sie|missachte)\s+(?:alle\s+|die\s+|deine\s+|ihre\s+|sämtliche\s+)*"
     r"(?:vorherigen\s+|bisherigen\s+|obigen\s+|früheren\s+|vorigen\s+)?(?:Anweisungen|Instruktionen|Befehle|Vorgaben)",
     "tells the model to drop its instructions", ""),
    (r"\b(?:Hinweis|Nachricht|Anweisung)\s+(?:an|für)\s+(?:die\s+|das\s+|den\s+)?(?:KI|AI|Sprachmodell|Assistenten|LLM)\b|"
     r"\bin\s+deiner\s+(?:Zusammenfassung|Antwort|Analyse)\b|\bdu\s+bist\s+(?:jetzt|nun)\b",
     "is addressed to an AI", ""),
    (r"\b(?:ignore[zr]?|oublie[zr]?)\s+(?:toutes\s+|tous\s+)?(?:les|tes|vos)\s+(?:instructions|consignes|directives)\b|"
     r"\bdans\s+(?:ton|votre)\s+(?:résumé|rapport|analyse|réponse|synthèse)\b|"
     r"\b(?:note|message)\s+(?:à|pour)\s+l['’]\s*(?:IA|intelligence\s+artificielle|assistant)\b",
     "is addressed to an AI", ""),
    (r"\b(?:ignora|ignore[n]?|olvida|olvide[n]?)\s+(?:todas\s+)?(?:las|tus|sus)\s+(?:instrucciones|indicaciones|órdenes)\b|"
     r"\ben\s+tu\s+(?:resumen|informe|análisis|respuesta)\b|"
     r"\b(?:nota|mensaje)\s+(?:para|a)\s+(?:la\s+)?(?:IA|inteligencia\s+artificial|asistente)\b",
     "is addressed to an AI", ""),
]  # fmt: skip
_COMPILED = [(re.compile(p, _F | re.MULTILINE), reason, needs) for p, reason, needs in _RULES]

_YOU = re.compile(
    r"\b(?:you|your|yours|yourself|ты|тебе|тебя|твой|твоя|твоё|твое|твои|твоём|твоем|вы|вам|вас|ваш\w*|сво[её]м|"
    r"du|dein\w*|tu|toi|ton|tes|vous|votre|vos|tú|tus)\b",
    _F,
)
_IMPERATIVE_LEAD = re.compile(
    r"^(?:(?:please|kindly|now|and|then|also|so|just|first|simply|immediately|hereby|instead|important|note|pls)\W*)*$",
    _F,
)
_ORDER_START = re.compile(
    r"^\W*(?:also|then|finally|additionally|moreover|furthermore|instead|and|give|list|write|say|state|mention|"
    r"describe|rate|mark|call|name|present|include|emphasi[sz]e|highlight|portray|claim|report|conclude|omit|remove|"
    r"do\s+not|don't|never|make|ensure|remember|put|add|assign|set|treat|refer|use|translate|please|"
    r"также|затем|кроме\s+того|напиши|укажи|сообщи|перечисли|отметь|назови|упомяни|подчеркни|скажи|оцени|"
    r"представь|опиши|не\s+упоминай|добавь|поставь|присвой|сделай|пожалуйста)\w*\b",
    _F,
)
# Besides the words of speech: the words news about an injection uses for it.
_REPORTING = re.compile(
    rf"\b(?:{REPORTING_WORDS}|"
    r"written|read|reads|reading|contain\w*|includ\w*|instruct\w*|"
    r"telling|typed|hid|hidden|planted|embedded|insert\w*|inject\w*|phrases?|text|words|message|lines?|string|"
    r"commands?|such\s+as|like|known\s+as|examples?|attackers?|hackers?|researchers?|criminals?|"
    r"scammers?|experts?|study|studies|found|showed|demonstrat\w*|jailbreak\w*|vulnerab\w*|"
    r"написан\w*|говорил\w*|гласил\w*|содерж\w*|фраз\w*|текст\w*|строк\w*|"
    r"надпис\w*|команд\w*|например|так\s+называем\w*|исследовател\w*|злоумышленник\w*|хакер\w*|"
    r"мошенник\w*|атак\w*|эксперт\w*|уязвим\w*|промпт-инъекц\w*|инъекц\w*)\b",
    _F,
)
_QUOTED = re.compile(r"“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]|\"[^\"\n]*\"|‘[^’\n]*’|(?<!\w)'[^'\n]+'(?!\w)")
_CLAUSE_BREAK = re.compile(r"[.:;!?,—–(\[\"«“„'‘]|\s-\s|\n")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{20,}={0,2}(?![A-Za-z0-9+/=])")


def _imperative(sentence: str, at: int) -> bool:
    """Whether the words before `at` in its clause leave the verb in an order's place."""
    lead = sentence[:at]
    breaks = list(_CLAUSE_BREAK.finditer(lead))
    clause = lead[breaks[-1].end() :] if breaks else lead
    if _IMPERATIVE_LEAD.match(clause.strip()):
        return True
    return bool(re.search(r"\b(?:you|ты|вы)\b[^.]{0,40}$", clause, _F))


def _reported(sentence: str, start: int, end: int) -> bool:
    """News about an injection: the hit is quoted and reported, or the sentence reports and says no "you"."""
    quotes = [m.span() for m in _QUOTED.finditer(sentence)]
    outside = sentence
    for a, b in reversed(quotes):
        outside = outside[:a] + " " + outside[b:]
    reports = bool(_REPORTING.search(outside))
    if any(a <= start and end <= b for a, b in quotes) and reports:
        return True
    meta = re.search(r"\b(?:attackers?|hackers?|researchers?|criminals?|scammers?|prompt[- ]injection|инъекц\w*|"
                     r"злоумышленник\w*|хакер\w*|исследовател\w*|мошенник\w*)", outside, _F)  # fmt: skip
    return bool(meta) and not _YOU.search(outside)


def _hits(sentence: str) -> list[str]:
    """Reasons the sentence is an instruction to us; empty when it is not."""
    reasons = []
    for pattern, reason, needs in _COMPILED:
        for match in pattern.finditer(sentence):
            ordered = _imperative(sentence, match.start()) or ("+you" in needs and _YOU.search(sentence))
            if "imperative" in needs and not ordered:
                continue
            if needs == "you" and not (_YOU.search(sentence) or _ORDER_START.search(sentence[match.end() :])):
                continue
            if _reported(sentence, *match.span()):
                continue
            reasons.append(reason)
            break
    return list(dict.fromkeys(reasons))


def _decoded_base64(sentence: str) -> Iterator[str]:
    for match in _BASE64.finditer(sentence):
        blob = match.group()
        try:
            decoded = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded and sum(ch.isprintable() or ch.isspace() for ch in decoded) / len(decoded) > 0.95:
            yield decoded


def reasons(sentence: str) -> list[str]:
    """Why `sentence` is an instruction to the model reading it; empty when it is not."""
    reasons = _hits(sentence)
    for decoded in _decoded_base64(sentence):
        if any(_hits(s) for s in sentence_texts(decoded)):
            reasons.append("hides instructions in Base64")
    return reasons


def sentence_texts(text: str) -> list[str]:
    """The sentences of `text`, as the rules read them one by one."""
    return [s.text for s in split_sentences(text)]


def continues_orders(sentence: str) -> bool:
    """Whether a sentence after a planted one goes on giving orders: an order's opening or a "you", not reported."""
    return bool(_ORDER_START.search(sentence) or _YOU.search(sentence)) and not _reported(sentence, 0, len(sentence))
