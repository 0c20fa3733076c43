"""The console's two languages: Bokmål first, English second, gettext-style (msgid is English)."""

LANGUAGES = ("nb", "en")

NB = {
    "Overview": "Oversikt",
    "Devices": "Enheter",
    "Catalogue": "Katalog",
    "Audit": "Revisjonslogg",
    "Station": "Stasjon",
    "Sign in": "Logg inn",
    "Sign out": "Logg ut",
    "Username": "Brukernavn",
    "Password": "Passord",
    "Wrong username or password.": "Feil brukernavn eller passord.",
    "Too many failed attempts: the account is locked for a while.": (
        "For mange mislykkede forsøk: kontoen er låst en stund."
    ),
    "Alarms": "Alarmer",
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
    "Sequence": "Sekvens",
    "Status": "Status",
    "revoked": "tilbakekalt",
    "active": "aktiv",
    "No devices.": "Ingen enheter.",
    "Silent for {hours} hours": "Stille i {hours} timer",
    "Clock off by {seconds} s": "Klokka går feil med {seconds} s",
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
    "Name (Bokmål)": "Navn (bokmål)",
    "Name (English)": "Navn (engelsk)",
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
    "This year by category (kg)": "I år per kategori (kg)",
    "You do not have the right to do this.": "Du har ikke rettigheter til dette.",
    "The form had expired; please try again.": "Skjemaet var utløpt; prøv igjen.",
    "Main menu": "Hovedmeny",
    "Signed in as {user} ({role})": "Logget inn som {user} ({role})",
    "Language": "Språk",
    "Device {device} revoked.": "Enhet {device} er tilbakekalt.",
    "Station {station} saved.": "Stasjon {station} er lagret.",
    "API documentation": "API-dokumentasjon",
    "recycling": "materialgjenvinning",
    "hazardous": "farlig avfall",
    "reuse": "ombruk",
}

_CATALOGUES = {"nb": NB, "en": {}}


def translator(lang: str):
    """A ``_(msgid, **values)`` for ``lang``; unknown text falls back to the English msgid."""
    table = _CATALOGUES.get(lang, NB)

    def _(msgid: str, **values: object) -> str:
        text = table.get(msgid, msgid)
        return text.format(**values) if values else text

    return _
