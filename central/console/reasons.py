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
        "oppgi en dag (1.2.2024) eller et tidspunkt (1.2.2024 12:00)"
    ),
    "year must be within 2000..2099.": "året må være i 2000–2099.",
    "at most {} years at once": "høyst {} år om gangen",
    "must be within {}..{}": "må være i {}–{}",
    # central/services/effect_history.py: the earlier figures' form and import
    "a count is a whole number 0..{}": "et antall er et helt tall i 0–{}",
    "at most three decimals (whole grams)": "høyst tre desimaler (hele gram)",
    "at most {} characters": "høyst {} tegn",
    "at most {} kg": "høyst {} kg",
    "at most {} rows per file": "høyst {} rader per fil",
    "is required": "må fylles ut",
    "must be 1-12, or empty for the whole year": "må være 1–12, eller tom for hele året",
    "must not be negative": "kan ikke være negativ",
    "must not exceed value": "kan ikke være større enn value",
    "only for the row {}": "bare for raden {}",
    "say where the figure comes from (e.g. the pilot's final report)": (
        "si hvor tallet kommer fra (for eksempel pilotens sluttrapport)"
    ),
    "{} is not a month (1-12, or empty for the year)": (
        "{} er ikke en måned (1–12, eller tom for året)"
    ),
    "{} is not a number": "{} er ikke et tall",
    "{} is not a station here": "{} er ikke en stasjon her",
    "{}: this upload is for {}": "{}: denne opplastingen gjelder {}",
    "not UTF-8 text": "ikke UTF-8-tekst",
    "larger than {} kB": "større enn {} kB",
    "the header lacks {}; see docs/effect-history.md": (
        "overskriftsraden mangler {}; se docs/effect-history.md"
    ),
    "{} imported, {} unchanged, {} refused": "{} importert, {} uendret, {} avvist",
    # central/services/pickups.py: the mapping form and the tickets' import
    "label must be 1..200 characters: the name as the file has it.": (
        "label må være 1–200 tegn: navnet slik filen skriver det."
    ),
    "fraction {}.": "fraksjonen {}.",
    "must be at most {} characters of distinct category codes": (
        "må være høyst {} tegn med ulike kategorikoder"
    ),
    "names no category of the catalogue: {}": "er ingen kategori i katalogen: {}",
    "station_id {} is not a station here.": "station_id {} er ikke en stasjon her.",
    "Another import of pickups was writing at the same time; retry.": (
        "En annen import av hentinger skrev samtidig; prøv igjen."
    ),
    "more than {} rows; split the file (row {}).": "mer enn {} rader; del filen (rad {}).",
    # central/services/report_source.py: the pickups page's report-source form
    "effective_from must be a day, e.g. 2026-03-01.": (
        "effective_from må være en dag, for eksempel 2026-03-01."
    ),
    "effective_from must be within {}..{}.": "effective_from må være i {}–{}.",
    "source must be registered or weighed.": "source må være registered eller weighed.",
    "{} imported, {} skipped as repeats, {} refused": (
        "{} importert, {} hoppet over som gjentakelser, {} avvist"
    ),
    # central/services/pickups.py: a ticket file's rows, as the import reports them
    "Each row is an object.": "Hver rad er et objekt.",
    "The file is not UTF-8 text (byte {}).": "Filen er ikke UTF-8-tekst (byte {}).",
    "The file is not an XLSX workbook: {}.": "Filen er ikke en XLSX-arbeidsbok: {}.",
    "The row cannot be read: {}.": "Raden kan ikke leses: {}.",
    "net_kg is missing.": "net_kg mangler.",
    "net_kg {} is not a number.": "net_kg {} er ikke et tall.",
    "net_kg {} is not whole grams.": "net_kg {} er ikke hele gram.",
    "net_kg {} must be within 0,001..{} kg.": "net_kg {} må være i 0,001–{} kg.",
    "row 0 (the header): the columns {} are missing; see docs/pickups.md": (
        "rad 0 (overskriftsraden): kolonnene {} mangler; se docs/pickups.md"
    ),
    "station_id is missing, and no mapping of the row names one.": (
        "station_id mangler, og ingen kobling for raden gir en."
    ),
    "ticket_no {} is already held with another {}; reverse that pickup first if it was wrong.": (
        "ticket_no {} finnes allerede med annen {}; reverser den hentingen først hvis den var feil."
    ),
    "weighed_at is out of range.": "weighed_at er utenfor gyldig område.",
    "weighed_at {} must be a date and time, e.g. 2026-03-02T09:30:00+01:00 or 02.03.2026 09:30 "
    "(Oslo time).": (
        "weighed_at {} må være dato og klokkeslett, for eksempel 02.03.2026 09:30 (Oslo-tid) "
        "eller 2026-03-02T09:30:00+01:00."
    ),
    "weighed_at must be within years {}..{}.": "weighed_at må være innenfor årene {}–{}.",
    "fraction {} is not mapped (console: Hentinger → Koblinger) and {}.": (
        "fraksjonen {} er ikke koblet (konsollen: Hentinger → Koblinger) og {}."
    ),
    "{} is missing.": "{} mangler.",
    "{} must be 1..{} characters, without NUL.": "{} må være 1–{} tegn, uten NUL.",
    "{} must be text.": "{} må være tekst.",
    "larger than {} MB": "større enn {} MB",
    # central/console/refusals.py: FastAPI's own checks of a form's fields
    "must be an identifier like trosterud (letters, digits, . _ -)": (
        "må være en identifikator som trosterud (bokstaver, sifre, . _ -)"
    ),
    "Your role does not allow this.": "Rollen din tillater ikke dette.",
    "must be a whole number": "må være et helt tall",
    # Services a console page calls with what an address or a stale page names: feed tokens,
    # hand-over sheets, learned weights, planned events, records, revoking, update channels
    "feed token {}: none of yours in force": "datastrømnøkkel {}: ingen av dine som er i bruk",
    "pickup {} is not held here.": "hentingen {} finnes ikke her.",
    "category: {} proposes nothing for {}.": "category: {} foreslår ingenting for {}.",
    "fraction: {} has {} periods with a ticket; a proposal needs at least {}.": (
        "fraction: {} har {} perioder med veiebevis; et forslag trenger minst {}."
    ),
    "fraction: {} is not a category or a group of them.": (
        "fraction: {} er ikke en kategori eller en gruppe av dem."
    ),
    "version: the proposal was made over catalogue version {}, and version {} is now the "
    "newest; look again.": (
        "version: forslaget ble laget over katalogversjon {}, og versjon {} er nå den nyeste; "
        "se på nytt."
    ),
    "weight_g: the proposal for {} is now {} g, not {} g; look again.": (
        "weight_g: forslaget for {} er nå {} g, ikke {} g; se på nytt."
    ),
    "event: no planned event {} here": "event: ingen planlagt arrangement {} her",
    "station: no station {}": "station: ingen stasjon {}",
    "No {} record {}.": "Ingen {}-registrering {}.",
    "after: {} is not a page mark": "after: {} er ikke et sidemerke",
    "{}: a {} record has no {}": "{}: en {}-registrering har ikke {}",
    "Device {} is not enrolled.": "Enheten {} er ikke meldt inn.",
    "No device {}.": "Ingen enhet {}.",
}
add_nb(REASONS_NB)


# A row-by-row import's report line (pickups, earlier figures): "row 3: net_kg: <reason>".
_ROW = re.compile(r"row ([0-9]+): (.*)", re.S)
_ROW_WORD = {"nb": "rad"}


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
            # A value may itself be a reason ("fraction {}." carries fraction_problem's words).
            return NB[msgid].format(*(reason_text(value, lang) for value in found.groups()))
    return None


def reason_text(message: str, lang: str) -> str:
    """``message`` (a DomainError's, a contract problem's, an import report's line) in
    ``lang``, its field path kept; English where no template matches.

    The path is whatever comes before a ": " ("seasons[0].weekly.thu[1]: ", "row 3: year: ",
    a catalogue code with spaces or "!"): the words are tried after each in turn, so no code
    can hide its reason by not looking like an identifier."""
    at = 0
    while True:
        words = _words(message[at:], lang)
        if words is not None:
            return message[:at] + words
        colon = message.find(": ", at)
        if colon < 0:
            return message
        at = colon + 2


def report_text(line: str, lang: str) -> str:
    """A line of an import's report (stored in English in its audit line) in ``lang``: the
    row's number named in ``lang`` ("rad 3: "), its reason as ``reason_text`` gives it. Only
    the report's own prefix is read as a row: a catalogue code "row 3" stays a path."""
    found = _ROW.fullmatch(line)
    if found is None:
        return reason_text(line, lang)
    return f"{_ROW_WORD.get(lang, 'row')} {found[1]}: {reason_text(found[2], lang)}"
