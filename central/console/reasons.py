"""Every refusal a console page shows, in the page's language: the reasons the contract's and
the services' validators give (in English, for the API and the CLI), translated by pattern.

A reason is "path: words" or words alone. The path names the document's field and is kept as
is; the words are matched against the Bokmål catalogue's reason templates, where ``{}`` stands
for a value (a limit, a date, a code) that is carried over. Words with no template stay in
English (tests/central/console/test_reasons.py fails for any the validators can give)."""

import re
from functools import cache

from central.console.i18n import NB, add_nb

# English template -> Bokmål; ``{}`` in order, or ``{0}``, ``{1}`` where Bokmål turns it round.
REASONS_NB = {
    # contract/hours.py
    "are given exactly when the reason is 'changed'": (
        "oppgis bare når årsaken er «changed» (endret), og da må de oppgis"
    ),
    "closes {}, not after it opens {}": "stenger {}, ikke etter at det åpner {}",
    "gives a year exactly when from does": "har årstall bare når fra-datoen har det",
    "is before its from date": "er før fra-datoen",
    "is not a weekday": "er ikke en ukedag",
    "must be 'HH:MM-HH:MM'": "må skrives «TT:MM-TT:MM»",
    "must be a date YYYY-MM-DD in 2000..2099": "må være en dato ÅÅÅÅ-MM-DD i 2000–2099",
    "must be a day MM-DD (every year) or a date YYYY-MM-DD in 2000..2099": (
        "må være en dag DD.MM (hvert år) eller en dato DD.MM.ÅÅÅÅ i 2000–2099"
    ),
    "must be a list of at most {} days": "må være en liste med høyst {} dager",
    "must be a list of at most {} seasons": "må være en liste med høyst {} sesonger",
    "must be a list of at most 4 spans like '11:00-16:00'": (
        "må være høyst 4 tidsrom som «11:00-16:00»"
    ),
    "must map weekdays ({}) to lists of spans": "må gi ukedagene ({}) lister med tidsrom",
    "must be a string of 1..{} characters": "må være en tekst på 1–{} tegn",
    "must be a string of at most {} characters": "må være en tekst på høyst {} tegn",
    "must be an integer within 0..{}": "må være et heltall i 0–{}",
    "must be an integer within 1..{}": "må være et heltall i 1–{}",
    "must be an object": "må være et objekt",
    "must be one of {}": "må være én av {}",
    "overlaps another season": "overlapper en annen sesong",
    "unknown weekday(s) {}; use {}": "ukjent ukedag {}; bruk {}",
    "{} appears twice": "{} står to ganger",
    "spans overlap": "tidsrommene overlapper",
    "is not a known field": "er ikke et kjent felt",
    # contract/catalogue.py
    "has no Bokmål ({}) name": "har ikke noe bokmålsnavn ({})",
    "must be a UN number of four digits (1950), or absent": (
        "må være et UN-nummer på fire sifre (1950), eller stå tomt"
    ),
    "must be a list": "må være en liste",
    "must be a list of EWC codes (strings)": "må være en liste med EAL-koder (tekst)",
    "must be a string or null": "må være en tekst eller tom",
    "must be true or false": "må være sann eller usann",
    "must map languages to names": "må gi språkene navn",
    # central/services/catalogue.py, central/services/hours.py
    "Category {} was {}; a code keeps its kind. Use a new code.": (
        "Kategori {} var {}; en kode beholder typen sin. Bruk en ny kode."
    ),
    "Version {} is not newer than {}.": "Versjon {} er ikke nyere enn {}.",
    "No station {}.": "Ingen stasjon {}.",
    # central/console/pages/hours.py, central/console/deps.py
    "a period is at most five years": "en periode er høyst fem år",
    "must not be after to": "kan ikke være etter til-datoen",
    "must be a day in {}..{}": "må være en dag i {}–{}",
    "must be a whole number within {}..{}": "må være et helt tall i {}–{}",
    # The analyst's pages' filters: central/console/pages/records.py, events.py,
    # all_stations.py, effect.py, and central/services/effect.py
    "must not be before from": "kan ikke være før fra-datoen",
    "must not be before {}": "kan ikke være før {}",
    "longer than {} characters": "lengre enn {} tegn",
    "{} is neither ja nor nei": "{} er verken ja eller nei",
    "{} is not a day (15.6.2026)": "{} er ikke en dag (skriv den som 15.6.2026)",
    "{} is not a day (YYYY-MM-DD)": "{} er ikke en dag (ÅÅÅÅ-MM-DD)",
    "{} is not one of {}": "{} er ikke én av {}",
    "{} is not csv or xlsx": "{} er verken csv eller xlsx",
    "{} is not html, csv or xlsx": "{} er ikke html, csv eller xlsx",
    "{} is not a kind of event": "{} er ikke en type arrangement",
    "{} is neither asc nor desc": "{} er verken asc eller desc",
    "{} is neither true nor false": "{} er verken true eller false",
    "{} is not a row of the effect table": "{} er ikke en rad i effekttabellen",
    "{} is not a year": "{} er ikke et årstall",
    "give a day (2024-02-01) or a moment (2024-02-01T12:00)": (
        "oppgi en dag (2024-02-01) eller et tidspunkt (2024-02-01T12:00)"
    ),
    "year must be within 2000..2099.": "året må være i 2000–2099.",
    "at most {} years at once": "høyst {} år om gangen",
    "must be within {}..{}": "må være i {}–{}",
}
add_nb(REASONS_NB)

# "seasons[0].weekly.thu[1]: ..." or "wood: default_weight_g: ...": field paths, then words.
_PATH = re.compile(r"[\w.\[\]]+: ")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for msgid in REASONS_NB:
        parts = msgid.split("{}")
        pattern = "(.+?)".join(re.escape(p) for p in parts)
        out.append((re.compile(f"^{pattern}$", re.S), msgid))
    # Longest first: "must be a list of EWC codes" before "must be a list".
    return tuple(sorted(out, key=lambda item: -len(item[1])))


def _words(words: str, lang: str) -> str | None:
    if lang != "nb":
        return words
    for pattern, msgid in _patterns():
        found = pattern.match(words)
        if found:
            return NB[msgid].format(*found.groups())
    return None


def reason_text(message: str, lang: str) -> str:
    """``message`` (a DomainError's, a contract problem's) in ``lang``, its field path kept;
    English where no template matches."""
    at = 0
    while True:
        words = _words(message[at:], lang)
        if words is not None:
            return message[:at] + words
        path = _PATH.match(message, at)
        if path is None:
            return message
        at = path.end()
