"""Recurring "could be better" themes: the phrases, and telling words, of answers.

Pure text work, kept apart from the counting in `summary.py`: a person's answers
are split into words (the stop-words of the set's language left out) and short
phrases ("start on time"), each counted once per answer; those that recur across
check-outs become the report's themes. A filler word ("minutes", "time", "better")
says nothing on its own: it may sit in a phrase ("ten minutes late") but is never a
theme by itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from checkout_cli.report.data import Theme

THEME_LIMIT = 10
LANGUAGES = ("en", "es", "fr")

_STOP_TEXT = {
    "en": """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each etc even ever every few for from further
    get got had hadn't has hasn't have haven't having he he'd he'll he's her here here's
    hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's
    its itself just let let's lot lots maybe me more most much must mustn't my myself need
    needs no nor not now of off often on once one only or other ought our ours ourselves
    out over own per perhaps quite rather really same shan't she she'd she'll she's should
    shouldn't so some something such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've thing things think this those
    though through thus to too under until up upon us very via was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's whether which while who
    who's whom why why's will with within without won't would wouldn't yes yet you you'd
    you'll you're you've your yours yourself yourselves
    meeting meetings call calls please ok okay nothing none n/a
    """,
    "es": """
    a al algo algunas algunos ante antes aquí así aunque bajo cada casi como con contra
    cual cuales cuando de del desde donde durante e el ella ellas ellos en entre era eran
    es esa esas ese eso esos esta está están estaba estado estamos estar estas este esto
    estos fue fueron ha había habían han hasta hay he hemos hubo la las le les lo los más
    me mi mis mucho muchos muy nada ni no nos nosotros o os otra otras otro otros para
    pero poco por porque que qué quien quienes se sea ser si sí sin sino sobre son su sus
    también tan tanto te tener tenemos ti tiene tienen todo todos tu tus tuvimos un una
    unas uno unos y ya yo hacer hizo hicimos podría podríamos debería deberíamos puede
    reunión reuniones llamada
    """,
    "fr": """
    a à ai aie ainsi alors au aucun aussi autre aux avait avant avec avoir bien c ça car ce
    cela ces cet cette ceux chaque comme d dans de des donc dont du elle elles en encore
    est et était été être eu fait faire il ils j je jusqu l la le les leur leurs lui m ma
    mais me même mes moi mon n ne ni nos notre nous on ont ou où par pas peu peut plus pour
    pourrait pourrions quand que quel quelle qu qui s sa sans se ses si son sont sur t ta
    te tes toi ton tous tout toute toutes très tu un une vos votre vous y devrait devrions
    réunion réunions appel
    """,
}
# Words that say nothing as a theme of their own, only inside a phrase.
_FILLER_TEXT = {
    "en": """
    minute minutes min mins hour hours second seconds day days week weeks month today
    tomorrow yesterday time times bit way ways stuff people everyone everybody someone
    anyone point points part kind sort better good bad great nice fine well little enough
    already always never next last first still less make made go going went take took
    feel felt use used try tried want wanted like know said say keep kept come came give
    gave put done doing lot two three four five six seven eight nine ten fifteen twenty
    thirty half
    """,
    "es": """
    minuto minutos hora horas segundo segundos día días semana semanas hoy mañana ayer
    tiempo vez veces cosa cosas gente todos alguien parte bien mal bueno buena buenos
    mejor peor menos siempre nunca próxima próximo primera primero última último hecho
    dos tres cuatro cinco diez quince veinte treinta media
    """,
    "fr": """
    minute minutes heure heures seconde secondes jour jours semaine semaines aujourd'hui
    demain hier temps fois chose choses gens monde quelqu'un partie bon bonne bons mieux
    mal moins toujours jamais prochaine prochain première premier dernière dernier fait
    deux trois quatre cinq dix quinze vingt trente demi
    """,
}
STOP_WORDS = {lang: frozenset(text.split()) for lang, text in _STOP_TEXT.items()}
FILLER_WORDS = {lang: frozenset(text.split()) for lang, text in _FILLER_TEXT.items()}
# Words that may sit inside a two-word phrase: "start on time", "clear the agenda".
_BRIDGES = {
    "en": frozenset(("a", "an", "the", "of", "on", "in", "at", "to", "for", "with", "by")),
    "es": frozenset(("de", "del", "a", "al", "en", "el", "la", "los", "las", "con", "por", "para")),
    "fr": frozenset(("de", "du", "des", "à", "au", "aux", "en", "le", "la", "les", "pour", "avec")),
}
# French elisions: "l'ordre du jour" is "ordre du jour".
_ELISIONS = ("l'", "d'", "j'", "qu'", "n'", "c'", "s'", "m'", "t'")
# A word with inner apostrophes ("don't", "o'neil"), a run of letters and digits (a
# number: not a theme), or punctuation (ends a phrase).
_PIECES = re.compile(r"[^\W\d_](?:[^\W_]|'(?=[^\W_]))+|[^\W_]+|[^\w\s]+")
_TOKEN_CACHE = 50_000
_BREAK_ONLY: tuple[str, ...] = ("",)
_FILLER_MARK = "~"  # starts an item that is a filler word: in phrases, never alone


class _TokenItems(dict[str, tuple[str, ...]]):
    """What a whitespace-separated token means for themes in one language, worked out
    once per token.

    Each item is a word, "~" + a filler word, " " + a bridge word, or "" where a
    phrase must end.
    """

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stop = STOP_WORDS[language]
        self.filler = FILLER_WORDS[language]
        self.bridges = _BRIDGES[language]

    def __missing__(self, raw: str) -> tuple[str, ...]:
        if raw.isdigit():
            return _BREAK_ONLY  # numbers are common and unique: not worth a place here
        if raw.isalpha():
            found: tuple[str, ...] = (self.item(raw),)
        else:
            items: list[str] = []
            for piece in _PIECES.findall(raw.replace("’", "'")):
                item = self.item(self.word_of(piece))
                if item or not items or items[-1]:
                    items.append(item)
            found = tuple(items) if items else _BREAK_ONLY
        if len(self) >= _TOKEN_CACHE:
            self.clear()
        self[raw] = found
        return found

    def word_of(self, piece: str) -> str:
        if self.language == "en" and piece.endswith("'s"):
            return piece[:-2]
        if self.language == "fr" and piece not in self.filler:
            for elision in _ELISIONS:
                if piece.startswith(elision) and len(piece) > len(elision):
                    return piece[len(elision) :]
        return piece

    def item(self, word: str) -> str:
        if word in self.bridges:
            return " " + word
        if word in self.stop or len(word) < 2 or not word[0].isalpha():
            return ""
        if word in self.filler:
            return _FILLER_MARK + word
        return word


_token_items = {language: _TokenItems(language) for language in LANGUAGES}


def _items(text: str, language: str) -> chain[str]:
    tokens = _token_items.get(language)
    if tokens is None:  # (an empty cache is falsy: compare with None)
        tokens = _token_items["en"]
    return chain.from_iterable(map(tokens.__getitem__, text.lower().split()))


def theme_terms(text: str, language: str = "en") -> frozenset[str]:
    """The telling words and two-word phrases of one answer, each once.

    A phrase is two neighbouring words that are not stop-words, or two with one
    small bridge word between them ("start on time"); punctuation ends a phrase. A
    filler word counts only inside a phrase, and a phrase of two fillers not at all.
    """
    terms: set[str] = set()
    add = terms.add
    previous: str | None = None
    bridge: str | None = None
    for item in _items(text, language):
        if item[:1] == " ":
            if previous is not None and bridge is None:
                bridge = item
            else:
                previous = None
        elif item:
            filler = item[0] == _FILLER_MARK
            if not filler:
                add(item)
            if previous is not None and not (filler and previous[0] == _FILLER_MARK):
                first = previous.lstrip(_FILLER_MARK)
                word = item.lstrip(_FILLER_MARK)
                add(f"{first} {word}" if bridge is None else f"{first}{bridge} {word}")
            previous = item
            bridge = None
        else:
            previous = None
    return frozenset(terms)


def words(text: str, language: str = "en") -> frozenset[str]:
    """The words of a text that a theme could share (stop-words and bridges left out),
    in a rough stem so "started" meets "start" and "agendas" meets "agenda"."""
    found = _words_cache.get((text, language))
    if found is None:
        found = frozenset(
            stem(item.lstrip(_FILLER_MARK))
            for item in _items(text, language)
            if item and item[0] != " "
        )
        if len(_words_cache) >= _TOKEN_CACHE:
            _words_cache.clear()
        _words_cache[(text, language)] = found
    return found


_words_cache: dict[tuple[str, str], frozenset[str]] = {}  # next steps repeat their words


@lru_cache(maxsize=1024)
def theme_words(phrase: str, language: str = "en") -> frozenset[str]:
    """The words a theme is about: its own, without the bridge words of a phrase."""
    bridges = _BRIDGES.get(language, _BRIDGES["en"])
    return frozenset(stem(word) for word in phrase.split() if word not in bridges)


def stem(word: str) -> str:
    """A rough stem, only for matching a theme to a next step: -ing, -ed, -s off."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def select_themes(counts: dict[str, int]) -> list[Theme]:
    """Recurring terms, most frequent first; a phrase hides its words when as frequent."""
    recurring = {term: count for term, count in counts.items() if count >= 2}
    hidden = set()
    for term, count in recurring.items():
        if " " in term:
            parts = term.split()
            for word in (parts[0], parts[-1]):
                if recurring.get(word, 0) <= count:
                    hidden.add(word)
    ranked = sorted(
        (term for term in recurring if term not in hidden),
        key=lambda term: (-recurring[term], -term.count(" "), term),
    )
    return [{"phrase": term, "count": recurring[term]} for term in ranked[:THEME_LIMIT]]
