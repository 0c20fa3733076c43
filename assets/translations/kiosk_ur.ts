<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur" sourcelanguage="nb_NO">
<context>
    <name>AmountStep</name>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="163"/>
        <source>Hvor mye?</source>
        <translation>کتنا؟</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="164"/>
        <source>Hvor mange ting?</source>
        <translation>کتنی چیزیں؟</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="165"/>
        <source>Hvor store er de?</source>
        <translation>یہ کتنی بڑی ہیں؟</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="166"/>
        <source>Små</source>
        <translation>چھوٹی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="167"/>
        <source>Middels</source>
        <translation>درمیانی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="168"/>
        <source>Store</source>
        <translation>بڑی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="169"/>
        <source>Færre</source>
        <translation>کم</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="170"/>
        <source>Flere</source>
        <translation>زیادہ</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="171"/>
        <source>Neste</source>
        <translation>آگے</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="172"/>
        <source>Legg på vekten</source>
        <translation>ترازو پر رکھیں</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="173"/>
        <source>Tell i stedet</source>
        <translation>اس کے بجائے گنیں</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="176"/>
        <source>Vekten viser %1 kg.</source>
        <translation>ترازو %1 کلو دکھا رہا ہے۔</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="178"/>
        <source>Vekten er ikke tilkoblet. Tell tingene i stedet.</source>
        <translation>ترازو منسلک نہیں ہے۔ اس کے بجائے چیزیں گنیں۔</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/amount_step.py" line="181"/>
        <source>Legg tingene på vekten og vent til tallet står stille.</source>
        <translation>چیزیں ترازو پر رکھیں اور نمبر رکنے تک انتظار کریں۔</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="66"/>
        <source>Ombruk: registrer det du legger igjen eller tar med deg.</source>
        <translation>دوبارہ استعمال: جو چیزیں آپ یہاں چھوڑیں یا ساتھ لے جائیں، انہیں درج کریں۔</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="67"/>
        <source>Jeg legger igjen ting</source>
        <translation>چیزیں چھوڑیں</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="68"/>
        <source>Jeg tar med meg ting</source>
        <translation>چیزیں لے جائیں</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="71"/>
        <source>Avfall og farlig avfall registreres ikke her: spør veilederen eller bruk skapet for farlig avfall.</source>
        <translation>کچرا اور خطرناک کچرا یہاں درج نہیں ہوتا: گائیڈ سے پوچھیں یا خطرناک کچرے کی الماری استعمال کریں۔</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/attract.py" line="75"/>
        <source>Veileder</source>
        <translation>گائیڈ</translation>
    </message>
</context>
<context>
    <name>CategoryStep</name>
    <message>
        <location filename="../../ui/selfservice/category_step.py" line="54"/>
        <source>Hva legger du igjen?</source>
        <translation>آپ کیا چھوڑ رہے ہیں؟</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/category_step.py" line="56"/>
        <source>Hva tar du med deg?</source>
        <translation>آپ کیا لے جا رہے ہیں؟</translation>
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
        <translation>ابھی کھلا ہے، %1 تک</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Stengt nå</source>
        <translation>ابھی بند ہے</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Stengt i dag: helligdag</source>
        <translation>آج بند ہے: سرکاری چھٹی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpner i dag kl. %1</source>
        <translation>آج %1 بجے کھلے گا</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpner i morgen kl. %1</source>
        <translation>کل %1 بجے کھلے گا</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/opening_banner.py" line="0"/>
        <source>Åpner %1 kl. %2</source>
        <translation>%1 کو %2 بجے کھلے گا</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../ui/lock.py" line="106"/>
        <source>Feil PIN.</source>
        <translation>غلط PIN۔</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="119"/>
        <source>For mange feil. Prøv igjen om %1 s.</source>
        <translation>بہت زیادہ غلط کوششیں۔ %1 سیکنڈ بعد دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="137"/>
        <source>Veilederens PIN</source>
        <translation>گائیڈ کا PIN</translation>
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
        <translation>واپس</translation>
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
        <translation>کیا یہ درست ہے؟</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="76"/>
        <source>Ja, registrer</source>
        <translation>جی ہاں، درج کریں</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="83"/>
        <source>Du legger igjen: %1</source>
        <translation>آپ چھوڑ رہے ہیں: %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="85"/>
        <source>Du tar med deg: %1</source>
        <translation>آپ لے جا رہے ہیں: %1</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="88"/>
        <source>Vekt: %1 kg</source>
        <translation>وزن: %1 کلو</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="90"/>
        <source>små</source>
        <translation>چھوٹی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="90"/>
        <source>middels</source>
        <translation>درمیانی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="91"/>
        <source>store</source>
        <translation>بڑی</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/summary_step.py" line="93"/>
        <source>%1 stk., %2, omtrent %3 kg</source>
        <translation>%1 عدد، %2، تقریباً %3 کلو</translation>
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
        <translation type="unfinished">واپس</translation>
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
        <translation>شکریہ!</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="64"/>
        <source>Ferdig</source>
        <translation>ختم</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="71"/>
        <source>Du har gitt %1 kg videre til nye eiere.</source>
        <translation>آپ نے %1 کلو نئے مالکان کو دے دیا۔</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="73"/>
        <source>Du tar med deg %1 kg som blir brukt igjen.</source>
        <translation>آپ %1 کلو ساتھ لے جا رہے ہیں جو دوبارہ استعمال ہوگا۔</translation>
    </message>
    <message>
        <location filename="../../ui/selfservice/thanks.py" line="76"/>
        <source>I dag har stasjonen holdt %1 kg i bruk.</source>
        <translation>آج اس اسٹیشن نے %1 کلو استعمال میں رکھا۔</translation>
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
