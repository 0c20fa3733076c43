"""The console's two languages: Bokmål first, English second, gettext-style (msgid is English)."""

from collections.abc import Callable

LANGUAGES = ("nb", "en")

NB = {
    "Overview": "Oversikt",
    "Effect report (XLSX)": "Effektrapport (XLSX)",
    "Devices": "Enheter",
    "Catalogue": "Katalog",
    "Audit": "Revisjonslogg",
    "Station": "Stasjon",
    "Sign in": "Logg inn",
    "Sign out": "Logg ut",
    "Username": "Brukernavn",
    "Password": "Passord",
    "Wrong username or password.": "Feil brukernavn eller passord.",
    "Sign in with Oslo kommune": "Logg inn med Oslo kommune",
    "Sign-in with Oslo kommune was refused. Ask REG for access if you should have it.": (
        "Innlogging med Oslo kommune ble avvist. Be REG om tilgang hvis du skal ha det."
    ),
    "Too many attempts from here or with this name. Please wait a moment and try again.": (
        "For mange forsøk herfra eller med dette navnet. Vent litt og prøv igjen."
    ),
    "Alarms": "Alarmer",
    "Updates": "Oppdateringer",
    "staged, waits for a closed hour": "klar, venter på stengt tid",
    "switched, starting on trial": "byttet, starter på prøve",
    "running": "kjører",
    "rolled back": "rullet tilbake",
    "refused": "avvist",
    "failed its self-test": "feilet selvtesten",
    "Channel changed": "Kanal endret",
    "Versions in use": "Versjoner i bruk",
    "Kiosks": "Kiosker",
    "No kiosks yet.": "Ingen kiosker ennå.",
    "Rolled back": "Rullet tilbake",
    "Channel": "Kanal",
    "Running": "Kjører",
    "Staged": "Klar til bytte",
    "Last update": "Siste oppdatering",
    "as the station": "som stasjonen",
    "Channel per station": "Kanal per stasjon",
    "The pilot channel also takes release candidates. See docs/updates.md.": (
        "Pilotkanalen tar også utgivelseskandidater. Se docs/updates.md."
    ),
    "No alarms.": "Ingen alarmer.",
    "Stations": "Stasjoner",
    "Device": "Enhet",
    "Last contact": "Siste kontakt",
    "never": "aldri",
    "App version": "App-versjon",
    "Clock offset": "Klokkeavvik",
    "Pending": "Venter",
    "Oldest pending": "Eldste ventende",
    "Quarantined": "I karantene",
    # How far central holds a kiosk's numbered records: "8 / 12" said nothing by itself.
    "Records received (the kiosk numbers them 1, 2, 3…)": (
        "Poster mottatt (kiosken nummererer dem 1, 2, 3 …)"
    ),
    "without gaps to no. {contiguous} of {highest}": "uten hull til nr. {contiguous} av {highest}",
    "without gaps to no. {contiguous}": "uten hull til nr. {contiguous}",
    "Records received": "Poster mottatt",
    "Missing": "Mangler",
    "no. {first}": "nr. {first}",
    "no. {first}–{last}": "nr. {first}–{last}",
    "nothing, to no. {highest}": "ingenting, til nr. {highest}",
    "and {count} more gaps": "og {count} hull til",
    "(the kiosk numbers them 1, 2, 3…)": "(kiosken nummererer dem 1, 2, 3 …)",
    "all, to no. {highest}": "alle, til nr. {highest}",
    "Status": "Status",
    "revoked": "tilbakekalt",
    "active": "aktiv",
    "No devices.": "Ingen enheter.",
    "No stations yet: add one on the Devices page.": (
        "Ingen stasjoner ennå: legg til en under Enheter."
    ),
    "Silent for {hours} hours": "Stille i {hours} timer",
    "Silent for {minutes} minutes": "Stille i {minutes} minutter",
    "Clock off by {seconds} s": "Klokka går feil med {seconds} s",
    "{count} records quarantined on the kiosk": "{count} poster i karantene på kiosken",
    "Records missing after seq {after} (highest {highest})": (
        "Poster mangler etter sekvens {after} (høyeste {highest})"
    ),
    "Revoke": "Tilbakekall",
    "Revoke device {device}?": "Tilbakekalle enhet {device}?",
    "Issue enrolment code": "Lag innmeldingskode",
    "Issue code": "Lag kode",
    "Enrolment code for {station}": "Innmeldingskode for {station}",
    "Shown once. Valid until {expires}.": "Vises bare én gang. Gyldig til {expires}.",
    "Add station": "Legg til stasjon",
    "Station id": "Stasjons-id",
    "Name": "Navn",
    "Save": "Lagre",
    "Publish version {version}": "Publiser versjon {version}",
    "Current version: {version}": "Gjeldende versjon: {version}",
    "Code": "Kode",
    "Kind": "Type",
    (
        "A published code keeps its kind: the reports count its records by it. A new code "
        "chooses its kind here; to move a code to another kind, with every report restated, "
        "use the command line: kiosk-central reclassify CODE KIND --note WHY."
    ): (
        "En publisert kode beholder typen sin: rapportene teller postene dens etter den. En ny "
        "kode velger type her; for å flytte en kode til en annen type, med alle rapporter "
        "regnet om, bruk kommandolinjen: kiosk-central reclassify KODE TYPE --note HVORFOR."
    ),
    "Name (Bokmål)": "Navn (bokmål)",
    "Name (English)": "Navn (engelsk)",
    "Name (Arabic)": "Navn (arabisk)",
    "Name (Polish)": "Navn (polsk)",
    "Name (Somali)": "Navn (somali)",
    "Name (Urdu)": "Navn (urdu)",
    "Name ({language})": "Navn ({language})",
    "Default weight (g)": "Standardvekt (g)",
    "EWC codes": "EAL-koder",
    "Waste substance no.": "Avfallsstoffnr.",
    "Active": "Aktiv",
    "New category (leave code empty to skip)": "Ny kategori (la koden stå tom for å hoppe over)",
    "Refused: {reason}": "Avvist: {reason}",
    "Catalogue version {version} published.": "Katalogversjon {version} er publisert.",
    "When": "Når",
    "Who": "Hvem",
    "What": "Hva",
    "Target": "Gjelder",
    "Detail": "Detaljer",
    "Category": "Kategori",
    "Direction": "Retning",
    "in": "inn",
    "out": "ut",
    "Today (kg)": "I dag (kg)",
    "This week (kg)": "Denne uka (kg)",
    "This year (kg)": "I år (kg)",
    "No records this year.": "Ingen registreringer i år.",
    "Download CSV": "Last ned CSV",
    "Download XLSX": "Last ned XLSX",
    # The station page's effect report (pages/effect.py)
    "Effect report": "Effektrapport",
    "From year": "Fra år",
    "To year": "Til år",
    "Cut-off day (optional)": "Til og med dag (valgfritt)",
    "By month": "Per måned",
    "As of (optional)": "Slik det var mottatt per (valgfritt)",
    "as received by {moment}": "slik det var mottatt per {moment}",
    "Show effect report": "Vis effektrapport",
    "Effect report (CSV)": "Effektrapport (CSV)",
    "All stations": "Alle stasjoner",
    "from another agency": "fra en annen etat",
    "Notes on business waste": "Merknader om næringsavfall",
    "* entered by an admin, not registered at a kiosk:": (
        "* innført av en administrator, ikke registrert på en kiosk:"
    ),
    "Oslo calendar days": "Kalenderdager i Oslo",
    "to {day}": "t.o.m. {day}",
    "{count} records with a flagged kiosk clock are not counted.": (
        "{count} registreringer med flagget kioskklokke er ikke talt med."
    ),
    # Earlier figures no kiosk recorded (pages/history.py)
    "Earlier figures": "Tidligere tall",
    "Figures no kiosk recorded (for example the pilot years), per report row and year or month, "
    "each with its source. The effect report shows them marked as entered, apart from registered "
    "figures.": (
        "Tall som ingen kiosk har registrert (for eksempel pilotårene), per rad i rapporten og "
        "per år eller måned, hvert med sin kilde. Effektrapporten viser dem merket som innført, "
        "adskilt fra registrerte tall."
    ),
    "Saved: {what}": "Lagret: {what}",
    "Import: {summary}": "Import: {summary}",
    "Period": "Periode",
    "Value": "Verdi",
    "of which from another agency": "herav fra en annen etat",
    "Source": "Kilde",
    "Entered by": "Innført av",
    "replaced": "erstattet",
    "No earlier figures entered.": "Ingen tidligere tall er innført.",
    "Enter a figure": "Legg inn et tall",
    "Row": "Rad",
    "Year": "År",
    "Month (empty: the whole year)": "Måned (tom: hele året)",
    "Value (kg, or a count)": "Verdi (kg, eller et antall)",
    "of which from another agency (kg)": "herav fra en annen etat (kg)",
    "Import a CSV file": "Importer en CSV-fil",
    "Columns: station;row;year;month;value;other_agency_kg;source (see docs/effect-history.md). "
    "Bad rows are refused by number; good rows are kept.": (
        "Kolonner: station;row;year;month;value;other_agency_kg;source (se "
        "docs/effect-history.md). Feil rader avvises med nummer; gode rader beholdes."
    ),
    "File": "Fil",
    "Import": "Importer",
    # Opening hours and use by hour of week (pages/hours.py)
    "Opening hours": "Åpningstider",
    "Use by hour of week": "Bruk per time i uka",
    "Opening hours version {version} published. Kiosks take them at their next sync.": (
        "Åpningstider versjon {version} er publisert. Kioskene henter dem ved neste synkronisering."
    ),
    "Published version: {version}": "Publisert versjon: {version}",
    "No opening hours published yet: kiosks use their own settings file.": (
        "Ingen åpningstider er publisert ennå: kioskene bruker sin egen innstillingsfil."
    ),
    "Oslo time, like 11:00-16:00; commas separate spans; an empty day is closed.": (
        "Oslo-tid, som 11:00-16:00; komma skiller perioder; en tom dag er stengt."
    ),
    "Outside opening hours, the kiosk": "Utenfor åpningstid skal kiosken",
    "shows closed and the next opening": "vise stengt og neste åpning",
    "stays usable (self-service station)": "være i bruk (selvbetjent stasjon)",
    "Now": "Nå",
    "open until {time}": "åpent til {time}",
    "closed; opens {day} {time}": "stengt; åpner {day} {time}",
    "closed; no opening in the coming year": "stengt; ingen åpning det neste året",
    "Weekly hours": "Ukentlige åpningstider",
    "Seasons": "Sesonger",
    "A season replaces the whole weekly pattern; an exception replaces both that day.": (
        "En sesong erstatter hele ukemønsteret; et unntak erstatter begge den dagen."
    ),
    "Season": "Sesong",
    (
        "A season recurs every year from day to day, like 01.11 to 31.03 (it may span New "
        "Year); give a year, like 01.11.2027, for that year only."
    ): (
        "En sesong gjentas hvert år fra dag til dag, som 01.11 til 31.03 (den kan gå over "
        "nyttår); skriv et årstall, som 01.11.2027, for bare det året."
    ),
    "From": "Fra",
    "To": "Til",
    "Exceptions": "Unntak",
    "Exception": "Unntak",
    "Date": "Dato",
    "Reason": "Årsak",
    "Note": "Merknad",
    "Hours (only for changed)": "Tider (bare ved endret)",
    "holiday": "helligdag",
    "closed": "stengt",
    "changed": "endrede tider",
    "open": "åpent",
    "Mon": "Man",
    "Tue": "Tir",
    "Wed": "Ons",
    "Thu": "Tor",
    "Fri": "Fre",
    "Sat": "Lør",
    "Sun": "Søn",
    "Day": "Dag",
    "Show": "Vis",
    (
        "Oslo time. A framed cell is an opening hour: open, for any part of the hour, on at "
        "least half of that weekday's days in the period, each day by the hours in force on it "
        "(its exception, else its season, else the weekly hours)."
    ): (
        "Oslo-tid. En celle med ramme er åpningstid: åpen, i hele eller deler av timen, minst "
        "halvparten av periodens dager med denne ukedagen, hver dag etter åpningstidene som "
        "gjaldt den dagen (unntaket, ellers sesongen, ellers ukens åpningstider)."
    ),
    "Door openings": "Døråpninger",
    "Visits with a registration": "Besøk med registrering",
    "Registrations": "Registreringer",
    "Registrations with no door opening in the {minutes} minutes before": (
        "Registreringer uten døråpning de {minutes} minuttene før"
    ),
    "No opening hours published for this station: nothing is drawn over the map.": (
        "Ingen åpningstider er publisert for stasjonen: ingenting er tegnet over kartet."
    ),
    "Door openings by hour of week": "Døråpninger per time i uka",
    "Registrations by hour of week": "Registreringer per time i uka",
    "Most use outside opening hours": "Mest bruk utenfor åpningstid",
    "Least-used opening hours": "Minst brukte åpningstimer",
    # Label then number: no "1 åpninger" (the console has no plural forms).
    "openings {openings}, registrations {registrations}": (
        "åpninger {openings}, registreringer {registrations}"
    ),
    "No use outside opening hours.": "Ingen bruk utenfor åpningstid.",
    "No opening hours published.": "Ingen åpningstider publisert.",
    # The chart plots what came in; the table below has both directions.
    "Received this year by category (kg; direction in only)": (
        "Mottatt i år per kategori (kg; bare retning inn)"
    ),
    "You do not have the right to do this.": "Du har ikke rettigheter til dette.",
    "The form had expired; please try again.": "Skjemaet var utløpt; prøv igjen.",
    "Main menu": "Hovedmeny",
    "Skip to main content": "Hopp til hovedinnholdet",
    "Signed in as {user} ({role})": "Logget inn som {user} ({role})",
    "Language": "Språk",
    "Device {device} revoked.": "Enhet {device} er tilbakekalt.",
    "Station {station} saved.": "Stasjon {station} er lagret.",
    "API documentation": "API-dokumentasjon",
    "recycling": "materialgjenvinning",
    "hazardous": "farlig avfall",
    "residual": "energigjenvinning (restavfall)",
    "reuse": "ombruk",
    # The Feed page (central/console/pages/feed.py).
    "Feed": "Datastrøm",
    "Feed for Excel and Power BI": "Datastrøm for Excel og Power BI",
    "Excel (Data → Get Data → From OData Feed) and Power BI read the figures, events and "
    "records from this address. Sign in with Basic: any user name, a feed token as the "
    "password.": (
        "Excel (Data → Hent data → Fra OData-feed) og Power BI leser tallene, arrangementene og "
        "registreringene fra denne adressen. Logg inn med Basic: hvilket som helst brukernavn, "
        "en token som passord."
    ),
    "Your new feed token. Copy it now: it is shown only this once.": (
        "Din nye token. Kopier den nå: den vises bare denne ene gangen."
    ),
    "Feed token {id} revoked.": "Token {id} er tilbakekalt.",
    "Your feed tokens": "Dine tokener",
    "Created": "Laget",
    "Last used": "Sist brukt",
    "No feed tokens yet.": "Ingen tokener ennå.",
    "New feed token": "Ny token",
    'Name (for example "Power BI, effect dashboard")': (
        "Navn (for eksempel «Power BI, effektdashbord»)"
    ),
    "Create token": "Lag token",
    # People (pages/people.py)
    "People": "Brukere",
    "Add user": "Legg til bruker",
    "Role": "Rolle",
    "viewer": "leser",
    "operator": "operatør",
    "admin": "administrator",
    "Initial password": "Første passord",
    "Password again": "Passord en gang til",
    "Last sign-in": "Siste innlogging",
    "New password": "Nytt passord",
    "Role of {user}": "Rollen til {user}",
    "Save role of {user}": "Lagre rollen til {user}",
    "disabled": "deaktivert",
    "Enable": "Aktiver",
    "Enable {user}": "Aktiver {user}",
    "Disable": "Deaktiver",
    "Disable {user}": "Deaktiver {user}",
    "Disable {user}? Their sessions end at once.": (
        "Deaktivere {user}? Øktene deres avsluttes med en gang."
    ),
    "city's sign-in": "kommunens innlogging",
    "New password for {user}": "Nytt passord for {user}",
    "Set new password for {user}": "Sett nytt passord for {user}",
    "Set": "Sett",
    "User {user} added.": "Brukeren {user} er lagt til.",
    "User {user} disabled; every session of theirs has ended.": (
        "Brukeren {user} er deaktivert; alle øktene deres er avsluttet."
    ),
    "User {user} enabled again.": "Brukeren {user} er aktivert igjen.",
    "New password set for {user}.": "Nytt passord er satt for {user}.",
    "Role of {user} changed.": "Rollen til {user} er endret.",
    "No such user.": "Brukeren finnes ikke.",
    "The two passwords differ.": "De to passordene er ulike.",
    "A password needs at least {count} characters.": "Et passord må ha minst {count} tegn.",
    "user: you cannot disable yourself ({user}); ask another admin.": (
        "user: du kan ikke deaktivere deg selv ({user}); be en annen administrator."
    ),
    "role: you cannot take your own role away ({user}); ask another admin.": (
        "role: du kan ikke ta fra deg din egen rolle ({user}); be en annen administrator."
    ),
    "(you)": "(deg)",
    "{user} is the last active admin: make another admin first.": (
        "{user} er den siste aktive administratoren: gjør en annen til administrator først."
    ),
    "A user needs a username.": "En bruker må ha et brukernavn.",
    "Names starting with {prefix} are kept for the city's sign-in.": (
        "Navn som begynner med {prefix} er holdt av til kommunens innlogging."
    ),
    "Unknown role.": "Ukjent rolle.",
    "There is already a user named {user}.": "Det finnes allerede en bruker som heter {user}.",
    "{user} signs in through the city's sign-in and has no password here.": (
        "{user} logger inn med kommunens innlogging og har ikke passord her."
    ),
    # One device's page (pages/devices.py)
    "Label saved.": "Navnet er lagret.",
    "Label": "Navn på enheten",
    "like Trosterud counter": "for eksempel Trosterud disk",
    "As last reported": "Som sist rapportert",
    "Status report": "Statusrapport",
    "Last batch": "Siste sending",
    "Last error": "Siste feil",
    "Update {version}: {outcome}": "Oppdatering {version}: {outcome}",
    "None reported.": "Ingen rapportert.",
    "Contact history": "Kontakthistorikk",
    "No contact yet.": "Ingen kontakt ennå.",
    "Batch received": "Sending mottatt",
    "{count} records, seq {first}–{last}": "{count} registreringer, sekvens {first}–{last}",
    "Enrolled": "Innmeldt",
    "from {client}; central held seq {seq}": "fra {client}; sentralen hadde sekvens {seq}",
    "Taken over (kiosk reinstalled)": "Overtatt (kiosken installert på nytt)",
    "Last status report": "Siste statusrapport",
    # The audit log (pages/audit.py)
    "Cannot read the filter {field}.": "Kan ikke lese filteret {field}.",
    "Everything": "Alt",
    "Nothing matches.": "Ingenting passer.",
    "Older": "Eldre",
    "Signed in": "Logget inn",
    "Signed out": "Logget ut",
    "Sign-in refused": "Innlogging avvist",
    "Sign-in slowed down": "Innlogging bremset",
    "Added a user": "La til en bruker",
    "Disabled a user": "Deaktiverte en bruker",
    "Enabled a user": "Aktiverte en bruker",
    "Set a new password": "Satte nytt passord",
    "Changed a role": "Endret en rolle",
    "Saved a station": "Lagret en stasjon",
    "Issued an enrolment code": "Laget en innmeldingskode",
    "Revoked a device": "Tilbakekalte en enhet",
    "Named a device": "Ga en enhet navn",
    "Published the catalogue": "Publiserte katalogen",
    "Published opening hours": "Publiserte åpningstider",
    "Planned an event": "Planla et arrangement",
    "Changed a planned event": "Endret et planlagt arrangement",
    "Cancelled a planned event": "Avlyste et planlagt arrangement",
    "Changed an update channel": "Endret oppdateringskanal",
    "Issued a feed token": "Laget en token for datastrømmen",
    "Revoked a feed token": "Tilbakekalte en token for datastrømmen",
    "Entered earlier figures": "Førte inn tidligere tall",
    "Imported earlier figures": "Importerte tidligere tall",
    "Chose a station's report source": "Valgte en stasjons rapportkilde",
    "Mapped a name in the pickup files": "Koblet et navn i hentefilene",
    "Removed a pickup mapping": "Fjernet en kobling for hentinger",
    "Imported weighbridge tickets": "Importerte veiebevis",
    "Accepted a learned default weight": "Godtok en lært standardvekt",
    "Gave a category a new kind": "Ga en kategori ny type",
    "Kiosk enrolled": "Kiosk meldt inn",
    "Kiosk taken over (reinstalled)": "Kiosk overtatt (installert på nytt)",
    # Residents' one-tap answers on the station page (services/feedback.py)
    "Residents' answers": "Innbyggernes svar",
    "Month": "Måned",
    "Good": "Bra",
    "So-so": "Sånn passe",
    "Bad": "Dårlig",
    "Resident registrations": "Registreringer av innbyggere",
    "No answers this year.": "Ingen svar i år.",
}

_CATALOGUES = {"nb": NB, "en": {}}


def add_nb(words: dict[str, str]) -> None:
    """A page's own Bokmål words, into the one catalogue. One msgid has one meaning: a msgid
    already translated otherwise ("Change" as a noun on one page, a verb on another) is
    refused at import, where the pages' words would otherwise overwrite each other."""
    clash = {k: (NB[k], v) for k, v in words.items() if k in NB and NB[k] != v}
    if clash:
        raise ValueError(f"msgids already translated otherwise: {clash}")
    NB.update(words)


def translator(lang: str) -> Callable[..., str]:
    """A ``_(msgid, **values)`` for ``lang``; unknown text falls back to the English msgid."""
    table = _CATALOGUES.get(lang, NB)

    def _(msgid: str, **values: object) -> str:
        text = table.get(msgid, msgid)
        return text.format(**values) if values else text

    return _
