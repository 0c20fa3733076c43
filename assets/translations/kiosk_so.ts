<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="so" sourcelanguage="nb_NO">
<context>
    <name>AmountStep</name>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="163"/>
        <source>Hvor mye?</source>
        <translation>Intee le&apos;eg?</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="164"/>
        <source>Hvor mange ting?</source>
        <translation>Immisa shay?</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="165"/>
        <source>Hvor store er de?</source>
        <translation>Intee bay le&apos;eg yihiin?</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="166"/>
        <source>Små</source>
        <translation>Yar</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="167"/>
        <source>Middels</source>
        <translation>Dhexdhexaad</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="168"/>
        <source>Store</source>
        <translation>Weyn</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="169"/>
        <source>Færre</source>
        <translation>Yaree</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="170"/>
        <source>Flere</source>
        <translation>Kordhi</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="171"/>
        <source>Neste</source>
        <translation>Sii wad</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="172"/>
        <source>Legg på vekten</source>
        <translation>Saar miisaanka</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="173"/>
        <source>Tell i stedet</source>
        <translation>Tiri beddelkeeda</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="176"/>
        <source>Vekten viser %1 kg.</source>
        <translation>Miisaanku wuxuu muujinayaa %1 kg.</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="178"/>
        <source>Vekten er ikke tilkoblet. Tell tingene i stedet.</source>
        <translation>Miisaanku kuma xirna. Tiri alaabta beddelkeeda.</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="181"/>
        <source>Legg tingene på vekten og vent til tallet står stille.</source>
        <translation>Alaabta saar miisaanka oo sug inta lambarku ka joogsanayo.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="66"/>
        <source>Ombruk: registrer det du legger igjen eller tar med deg.</source>
        <translation>Dib u isticmaal: diiwaangeli waxaad halkan dhigayso ama waxaad qaadanayso.</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="67"/>
        <source>Jeg legger igjen ting</source>
        <translation>Waxyaabo ayaan dhigayaa</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="68"/>
        <source>Jeg tar med meg ting</source>
        <translation>Waxyaabo ayaan qaadanayaa</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="71"/>
        <source>Avfall og farlig avfall registreres ikke her: spør veilederen eller bruk skapet for farlig avfall.</source>
        <translation>Qashinka iyo qashinka khatarta ah halkan laguma diiwaangeliyo: weydii hagaha ama isticmaal armaajada qashinka khatarta ah.</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="75"/>
        <source>Veileder</source>
        <translation>Hagaha</translation>
    </message>
</context>
<context>
    <name>CategoryStep</name>
    <message>
        <location filename="../../ui/selfservice/category_step.py" line="54"/>
        <source>Hva legger du igjen?</source>
        <translation>Maxaad dhigaysaa?</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/category_step.py" line="56"/>
        <source>Hva tar du med deg?</source>
        <translation>Maxaad qaadanaysaa?</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../../ui/guide_screen.py" line="65"/>
        <source>Teknisk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guide_screen.py" line="81"/>
        <location filename="../../ui/guide_screen.py" line="175"/>
        <source>1. Velg kategori</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guide_screen.py" line="82"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guide_screen.py" line="154"/>
        <source>Velg en kategori først.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guide_screen.py" line="178"/>
        <source>Lagret: %1 %2 kg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guide_screen.py" line="196"/>
        <source>Angret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../../ui/header.py" line="46"/>
        <source>Åpen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="46"/>
        <source>Stengt</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/header.py" line="54"/>
        <source>Ikke synkronisert: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="58"/>
        <source>eldste %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="60"/>
        <source>Synkroniserer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="62"/>
        <source>Aldri synkronisert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="67"/>
        <source>Sist synkronisert %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="77"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="79"/>
        <source>%1 t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/header.py" line="80"/>
        <source>%1 døgn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Lås</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpeningBanner</name>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpent nå, til %1</source>
        <translation>Hadda waa furan yahay, ilaa %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Stengt nå</source>
        <translation>Hadda waa xiran yahay</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Stengt i dag: helligdag</source>
        <translation>Maanta waa xiran yahay: fasax dadweyne</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpner i dag kl. %1</source>
        <translation>Maanta wuxuu furmayaa %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpner i morgen kl. %1</source>
        <translation>Berri wuxuu furmayaa %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpner %1 kl. %2</source>
        <translation>Wuxuu furmayaa %1 saacadda %2</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../ui/lock.py" line="106"/>
        <source>Feil PIN.</source>
        <translation>PIN khaldan.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="119"/>
        <source>For mange feil. Prøv igjen om %1 s.</source>
        <translation>Isku day khaldan oo badan. Mar kale isku day %1 ilbiriqsi kadib.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="137"/>
        <source>Veilederens PIN</source>
        <translation>PIN-ka hagaha</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../ui/scale_panel.py" line="18"/>
        <source>Stabil – trykk her</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="19"/>
        <source>I bevegelse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="20"/>
        <source>Overbelastet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="21"/>
        <source>Under null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="22"/>
        <source>Vekten er frakoblet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="23"/>
        <source>Feil fra vekten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="40"/>
        <source>Venter på vekten …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="48"/>
        <source>Null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/scale_panel.py" line="49"/>
        <source>Tara</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <location filename="../../ui/selfservice/widgets.py" line="126"/>
        <source>Tilbake</source>
        <translation>Dib u noqo</translation>
    </message>
</context>
<context>
    <name>StorageErrorScreen</name>
    <message>
        <location filename="../../ui/storage_error.py" line="19"/>
        <source>Lagringen virker ikke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/storage_error.py" line="22"/>
        <source>Prøv igjen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/storage_error.py" line="36"/>
        <source>Teknisk: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryStep</name>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="75"/>
        <source>Stemmer dette?</source>
        <translation>Tani ma sax baa?</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="76"/>
        <source>Ja, registrer</source>
        <translation>Haa, diiwaangeli</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="83"/>
        <source>Du legger igjen: %1</source>
        <translation>Waxaad dhigaysaa: %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="85"/>
        <source>Du tar med deg: %1</source>
        <translation>Waxaad qaadanaysaa: %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="88"/>
        <source>Vekt: %1 kg</source>
        <translation>Miisaan: %1 kg</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="90"/>
        <source>små</source>
        <translation>yar</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="90"/>
        <source>middels</source>
        <translation>dhexdhexaad</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="91"/>
        <source>store</source>
        <translation>weyn</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="93"/>
        <source>%1 stk., %2, omtrent %3 kg</source>
        <translation>%1 shay, %2, qiyaastii %3 kg</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../../ui/technician_screen.py" line="57"/>
        <source>Teknisk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="58"/>
        <source>Tilbake</source>
        <translation type="unfinished">Dib u noqo</translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="60"/>
        <source>Oppdater logg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="66"/>
        <source>Sett inn en USB-pinne, eller skriv en mappe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="68"/>
        <source>Eksporter til mappe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="90"/>
        <source>(loggen er tom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="102"/>
        <source>Velg eller skriv inn en mappe først.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="106"/>
        <source>Eksporterer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="127"/>
        <source>Eksporten feilet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/technician_screen.py" line="130"/>
        <source>Eksportert og kontrollert: %1 registreringer til %2. Sjekksum %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="63"/>
        <source>Takk!</source>
        <translation>Mahadsanid!</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="64"/>
        <source>Ferdig</source>
        <translation>Waa dhammaatay</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="71"/>
        <source>Du har gitt %1 kg videre til nye eiere.</source>
        <translation>Waxaad %1 kg u gudbisay milkiilayaal cusub.</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="73"/>
        <source>Du tar med deg %1 kg som blir brukt igjen.</source>
        <translation>Waxaad qaadanaysaa %1 kg oo dib loo isticmaali doono.</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="76"/>
        <source>I dag har stasjonen holdt %1 kg i bruk.</source>
        <translation>Maanta saldhiggani wuxuu %1 kg ku hayay isticmaal.</translation>
    </message>
</context>
<context>
    <name>TodayList</name>
    <message>
        <location filename="../../ui/today_list.py" line="63"/>
        <source>Angre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/today_list.py" line="65"/>
        <source>Behold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/today_list.py" line="92"/>
        <source>I dag – trykk for å angre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/today_list.py" line="139"/>
        <source>(angret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/today_list.py" line="145"/>
        <source>Angre «%1»?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Totals</name>
    <message>
        <location filename="../../ui/totals.py" line="11"/>
        <source>Gjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/totals.py" line="12"/>
        <source>Farlig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/totals.py" line="13"/>
        <source>Ombruk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinds</name>
    <message>
        <location filename="../../ui/category_grid.py" line="24"/>
        <source>Materialgjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/category_grid.py" line="25"/>
        <source>Farlig avfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/category_grid.py" line="26"/>
        <source>Ombruk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <location filename="../../db/errors.py" line="31"/>
        <source>Disken er full. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/errors.py" line="35"/>
        <source>Databasen kan bare leses, ikke skrives. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/errors.py" line="40"/>
        <source>Lagringen svarte med en lese- eller skrivefeil. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/errors.py" line="45"/>
        <source>Databasen er opptatt. Prøv igjen om et øyeblikk; ingenting er tapt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/errors.py" line="48"/>
        <source>Databasefilen er skadet. Kiosken skriver ikke mer til den, så det som finnes, kan reddes. Kontakt teknisk support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/errors.py" line="53"/>
        <source>Databasefilen kan ikke åpnes. Sjekk at mappen finnes og kan skrives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/errors.py" line="56"/>
        <source>Databasen er laget av en nyere versjon av kiosken (skjema {found}); denne versjonen kjenner skjema til og med {known}. Oppdater programmet. Dataene er ikke endret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>validation</name>
    <message>
        <location filename="../../db/deposits.py" line="146"/>
        <source>Denne registreringen er allerede angret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../db/deposits.py" line="151"/>
        <source>Fant ingen registrering å angre (en angring kan ikke angres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/catalogue.py" line="98"/>
        <source>Ukjent kategori «{value}». Velg en kategori fra listen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/catalogue.py" line="106"/>
        <source>Kategorien «{value}» er ikke lenger i bruk. Velg en annen kategori.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/catalogue.py" line="115"/>
        <source>Bare ombruksgjenstander kan tas med ut, ikke «{value}».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="9"/>
        <source>{value} kg er over grensen for én registrering ({min}–{max} kg). Del den opp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="32"/>
        <source>«{value}» er ikke en vekt i hele gram.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="38"/>
        <source>Vekten kan ikke være 0 kg. Tillatt er {min}–{max} kg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="46"/>
        <source>Vekten kan ikke være negativ ({value} kg). Tillatt er {min}–{max} kg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="73"/>
        <source>Skriv inn vekten i kg ({min}–{max} kg).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="83"/>
        <source>«{value}» er ikke et tall. Skriv vekten i kg, for eksempel 2,5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../domain/weights.py" line="91"/>
        <source>«{value}» kg har for mange desimaler. Bruk høyst tre (hele gram), og {min}–{max} kg.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
