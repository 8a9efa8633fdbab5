"""Words that report speech ("said", "according to", "заявил", "по словам"), in the languages our sources come in.

Two stages read them: attribution takes a name near a quotation as its speaker only
when such a word stands by it, and the search for planted instructions lets a
sentence that reports an instruction ("the message said: ignore …") pass as news.
The list is here once, so a verb added for one is known to the other.
"""

from __future__ import annotations

import re

REPORTING_WORDS = (
    r"said|says|say|told|tells|noted|notes|added|adds|stated|states|wrote|writes|warned|warns|argued|"
    r"explained|declared|announced|stressed|insisted|according|quoted|called|calls|urged|described|"
    r"underlined|underscored|emphasi[sz]ed|pointed out|recalled|continued|replied|answered|observed|remarked|"
    r"admitted|acknowledged|conceded|vowed|promised|concluded|"
    r"sagte|sagt|erklärte|betonte|unterstrich|fügte|ergänzte|schreibt|laut|"
    r"заяв\w*|сказал\w*|отмети\w*|отмеча\w*|сообщ\w*|подчерк\w*|пишет|написал\w*|добави\w*|"
    r"считает|уверен\w*|по словам|по данным|предупреди\w*|пояснил\w*|назва\w*|призва\w*"
)
"""An alternation of the words, for a pattern to take whole or build on."""

REPORTING = re.compile(rf"\b(?:{REPORTING_WORDS})\b", re.IGNORECASE)
