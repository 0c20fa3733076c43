<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar" sourcelanguage="nb_NO">
<context>
    <name>AmountStep</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="180"/>
        <source>Hvor mye?</source>
        <translation>كم الكمية؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="181"/>
        <source>Hvor mange ting?</source>
        <translation>كم عدد الأغراض؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="182"/>
        <source>Hvor store er de?</source>
        <translation>ما حجمها؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="183"/>
        <source>Små</source>
        <translation>صغيرة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="184"/>
        <source>Middels</source>
        <translation>متوسطة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="185"/>
        <source>Store</source>
        <translation>كبيرة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="186"/>
        <source>Færre</source>
        <translation>أقل</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="187"/>
        <source>Flere</source>
        <translation>أكثر</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="188"/>
        <source>Ti flere</source>
        <translation>عشرة أخرى</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="189"/>
        <source>Neste</source>
        <translation>التالي</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="190"/>
        <source>Legg på vekten</source>
        <translation>ضعها على الميزان</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="191"/>
        <source>Tell i stedet</source>
        <translation>عُدّها بدلاً من ذلك</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="194"/>
        <source>Vekten viser %1 kg.</source>
        <translation>الميزان يُظهر %1 كغ.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="196"/>
        <source>Vekten er ikke tilkoblet. Tell tingene i stedet.</source>
        <translation>الميزان غير متصل. عُدّ الأغراض بدلاً من ذلك.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="199"/>
        <source>Legg tingene på vekten og vent til tallet står stille.</source>
        <translation>ضع الأغراض على الميزان وانتظر حتى يثبت الرقم.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="61"/>
        <source>Ombruk: registrer det du legger igjen eller tar med deg.</source>
        <translation>إعادة الاستخدام: سجّل ما تتركه هنا أو ما تأخذه معك.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="62"/>
        <source>Jeg legger igjen ting</source>
        <translation>أترك أغراضًا</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="63"/>
        <source>Jeg tar med meg ting</source>
        <translation>آخذ أغراضًا</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="66"/>
        <source>Avfall og farlig avfall registreres ikke her: spør veilederen eller bruk skapet for farlig avfall.</source>
        <translation>لا تُسجَّل النفايات والنفايات الخطرة هنا: اسأل موظفي المحطة أو استخدم خزانة النفايات الخطرة.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="70"/>
        <source>Veileder</source>
        <translation>موظفو المحطة</translation>
    </message>
</context>
<context>
    <name>CategoryStep</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/category_step.py" line="58"/>
        <source>Hva legger du igjen?</source>
        <translation>ماذا تترك؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/category_step.py" line="60"/>
        <source>Hva tar du med deg?</source>
        <translation>ماذا تأخذ؟</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="74"/>
        <source>Teknisk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="91"/>
        <location filename="../../kiosk/ui/guide_screen.py" line="153"/>
        <location filename="../../kiosk/ui/guide_screen.py" line="207"/>
        <source>1. Velg kategori</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="92"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="177"/>
        <source>Velg en kategori først.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="210"/>
        <source>Lagret: %1 %2 kg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="229"/>
        <source>Noe gikk galt, og ingenting ble lagret. Prøv igjen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="237"/>
        <source>Angret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../../kiosk/ui/header.py" line="51"/>
        <source>Åpen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="51"/>
        <source>Stengt</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="59"/>
        <source>Ikke synkronisert: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="63"/>
        <source>eldste %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="65"/>
        <source>Synkroniserer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="67"/>
        <source>Aldri synkronisert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="72"/>
        <source>Sist synkronisert %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="82"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="84"/>
        <source>%1 t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="85"/>
        <source>%1 døgn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="133"/>
        <source>Lås</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../kiosk/ui/lock.py" line="106"/>
        <source>Feil PIN.</source>
        <translation>رمز PIN خاطئ.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/lock.py" line="118"/>
        <source>For mange feil. Prøv igjen om %n sekunder.</source>
        <translation>
            <numerusform>محاولات خاطئة كثيرة. حاول مرة أخرى بعد %n ثانية.</numerusform>
            <numerusform>محاولات خاطئة كثيرة. حاول مرة أخرى بعد ثانية واحدة.</numerusform>
            <numerusform>محاولات خاطئة كثيرة. حاول مرة أخرى بعد ثانيتين.</numerusform>
            <numerusform>محاولات خاطئة كثيرة. حاول مرة أخرى بعد %n ثوانٍ.</numerusform>
            <numerusform>محاولات خاطئة كثيرة. حاول مرة أخرى بعد %n ثانية.</numerusform>
            <numerusform>محاولات خاطئة كثيرة. حاول مرة أخرى بعد %n ثانية.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lock.py" line="130"/>
        <source>Veilederens PIN</source>
        <translation>رمز PIN لموظفي المحطة</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="18"/>
        <source>Stabil – trykk her</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="19"/>
        <source>I bevegelse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="20"/>
        <source>Overbelastet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="21"/>
        <source>Under null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="22"/>
        <source>Vekten er frakoblet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="23"/>
        <source>Feil fra vekten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="40"/>
        <source>Venter på vekten …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="48"/>
        <source>Null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="49"/>
        <source>Tara</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/widgets.py" line="134"/>
        <source>Tilbake</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="97"/>
        <source>Er du der fortsatt?</source>
        <translation>هل ما زلت هنا؟</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="99"/>
        <source>Vi begynner på nytt om %n sekunder.</source>
        <translation>
            <numerusform>سنبدأ من جديد بعد %n ثانية.</numerusform>
            <numerusform>سنبدأ من جديد بعد ثانية واحدة.</numerusform>
            <numerusform>سنبدأ من جديد بعد ثانيتين.</numerusform>
            <numerusform>سنبدأ من جديد بعد %n ثوانٍ.</numerusform>
            <numerusform>سنبدأ من جديد بعد %n ثانية.</numerusform>
            <numerusform>سنبدأ من جديد بعد %n ثانية.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="101"/>
        <source>Ja, fortsett</source>
        <translation>نعم، تابِع</translation>
    </message>
</context>
<context>
    <name>StorageErrorScreen</name>
    <message>
        <location filename="../../kiosk/ui/storage_error.py" line="47"/>
        <source>Lagringen virker ikke</source>
        <translation>الحفظ لا يعمل</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/storage_error.py" line="48"/>
        <source>Prøv igjen</source>
        <translation>حاول مرة أخرى</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/storage_error.py" line="53"/>
        <source>Teknisk: %1</source>
        <translation>تقني: %1</translation>
    </message>
</context>
<context>
    <name>SummaryStep</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="69"/>
        <source>Stemmer dette?</source>
        <translation>هل هذا صحيح؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="70"/>
        <source>Ja, registrer</source>
        <translation>نعم، سجّل</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="77"/>
        <source>Du legger igjen: %1</source>
        <translation>تترك: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="79"/>
        <source>Du tar med deg: %1</source>
        <translation>تأخذ: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="82"/>
        <source>Vekt: %1 kg</source>
        <translation>الوزن: %1 كغ</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="85"/>
        <source>%n små ting</source>
        <translation>
            <numerusform>%n قطعة صغيرة</numerusform>
            <numerusform>قطعة صغيرة واحدة</numerusform>
            <numerusform>قطعتان صغيرتان</numerusform>
            <numerusform>%n قطع صغيرة</numerusform>
            <numerusform>%n قطعة صغيرة</numerusform>
            <numerusform>%n قطعة صغيرة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="86"/>
        <source>%n middels store ting</source>
        <translation>
            <numerusform>%n قطعة متوسطة الحجم</numerusform>
            <numerusform>قطعة متوسطة الحجم واحدة</numerusform>
            <numerusform>قطعتان متوسطتا الحجم</numerusform>
            <numerusform>%n قطع متوسطة الحجم</numerusform>
            <numerusform>%n قطعة متوسطة الحجم</numerusform>
            <numerusform>%n قطعة متوسطة الحجم</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="87"/>
        <source>%n store ting</source>
        <translation>
            <numerusform>%n قطعة كبيرة</numerusform>
            <numerusform>قطعة كبيرة واحدة</numerusform>
            <numerusform>قطعتان كبيرتان</numerusform>
            <numerusform>%n قطع كبيرة</numerusform>
            <numerusform>%n قطعة كبيرة</numerusform>
            <numerusform>%n قطعة كبيرة</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="88"/>
        <source>%1, omtrent %2 kg</source>
        <translation>%1، حوالي %2 كغ</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="56"/>
        <source>Teknisk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="57"/>
        <source>Tilbake</source>
        <translation type="unfinished">رجوع</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="59"/>
        <source>Oppdater logg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="65"/>
        <source>Sett inn en USB-pinne, eller skriv en mappe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="67"/>
        <source>Eksporter til mappe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="88"/>
        <source>(loggen er tom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="100"/>
        <source>Velg eller skriv inn en mappe først.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="104"/>
        <source>Eksporterer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="121"/>
        <source>Eksporten feilet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="126"/>
        <source>Eksportert og kontrollert: %1 registreringer til %2. Sjekksum %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="58"/>
        <source>Takk!</source>
        <translation>شكرًا!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="59"/>
        <source>Ferdig</source>
        <translation>تم</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="67"/>
        <source>Du tar med deg %1 kg brukte ting. Det er ombruk!</source>
        <translation>تأخذ معك %1 كغ من الأغراض المستعملة. هذه هي إعادة الاستخدام!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="69"/>
        <source>Du har levert %1 kg til ombruk. Nå kan noen andre få glede av det.</source>
        <translation>تركتَ %1 كغ لإعادة الاستخدام. الآن يستطيع شخص آخر أن يستفيد منها.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="72"/>
        <source>I dag er %1 kg ombruksting registrert på stasjonen.</source>
        <translation>سُجِّل اليوم في المحطة %1 كغ من أغراض إعادة الاستخدام.</translation>
    </message>
</context>
<context>
    <name>TodayList</name>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="63"/>
        <source>Angre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="65"/>
        <source>Behold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="96"/>
        <source>I dag – trykk for å angre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="143"/>
        <source>(angret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="149"/>
        <source>Angre «%1»?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Totals</name>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="11"/>
        <source>Gjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="12"/>
        <source>Farlig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="13"/>
        <source>Ombruk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinds</name>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="24"/>
        <source>Materialgjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="25"/>
        <source>Farlig avfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="26"/>
        <source>Ombruk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <location filename="../../kiosk/db/errors.py" line="31"/>
        <source>Disken er full. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation>القرص ممتلئ. لم يُحفظ هذا التسجيل؛ كل ما حُفظ من قبل آمن.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="35"/>
        <source>Databasen kan bare leses, ikke skrives. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation>قاعدة البيانات للقراءة فقط ولا يمكن الكتابة فيها. لم يُحفظ هذا التسجيل؛ كل ما حُفظ من قبل آمن.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="40"/>
        <source>Lagringen svarte med en lese- eller skrivefeil. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation>حدث خطأ في القراءة أو الكتابة في وحدة التخزين. لم يُحفظ هذا التسجيل؛ كل ما حُفظ من قبل آمن.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="45"/>
        <source>Databasen er opptatt. Prøv igjen om et øyeblikk; ingenting er tapt.</source>
        <translation>قاعدة البيانات مشغولة. حاول مرة أخرى بعد لحظة؛ لم يضِع شيء.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="48"/>
        <source>Databasefilen er skadet. Kiosken skriver ikke mer til den, så det som finnes, kan reddes. Kontakt teknisk support.</source>
        <translation>ملف قاعدة البيانات تالف. لم يعد الجهاز يكتب فيه، حتى يمكن إنقاذ ما فيه. اتصل بالدعم الفني.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="53"/>
        <source>Databasefilen kan ikke åpnes. Sjekk at mappen finnes og kan skrives.</source>
        <translation>لا يمكن فتح ملف قاعدة البيانات. تأكد من وجود المجلد ومن إمكانية الكتابة فيه.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="56"/>
        <source>Databasen er laget av en nyere versjon av kiosken (skjema {found}); denne versjonen kjenner skjema til og med {known}. Oppdater programmet. Dataene er ikke endret.</source>
        <translation>أُنشئت قاعدة البيانات بإصدار أحدث من الجهاز (المخطط {found})؛ هذا الإصدار يعرف المخططات حتى {known}. حدّث البرنامج. لم تتغير البيانات.</translation>
    </message>
</context>
<context>
    <name>validation</name>
    <message>
        <location filename="../../kiosk/db/deposits.py" line="157"/>
        <source>Denne registreringen er allerede angret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/deposits.py" line="162"/>
        <source>Fant ingen registrering å angre (en angring kan ikke angres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/catalogue.py" line="88"/>
        <source>Ukjent kategori «{value}». Velg en kategori fra listen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/catalogue.py" line="96"/>
        <source>Kategorien «{value}» er ikke lenger i bruk. Velg en annen kategori.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/catalogue.py" line="105"/>
        <source>Bare ombruksgjenstander kan tas med ut, ikke «{value}».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="9"/>
        <source>{value} kg er over grensen for én registrering ({min}–{max} kg). Del den opp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="32"/>
        <source>«{value}» er ikke en vekt i hele gram.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="38"/>
        <source>Vekten kan ikke være 0 kg. Tillatt er {min}–{max} kg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="46"/>
        <source>Vekten kan ikke være negativ ({value} kg). Tillatt er {min}–{max} kg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="73"/>
        <source>Skriv inn vekten i kg ({min}–{max} kg).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="83"/>
        <source>«{value}» er ikke et tall. Skriv vekten i kg, for eksempel 2,5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="91"/>
        <source>«{value}» kg har for mange desimaler. Bruk høyst tre (hele gram), og {min}–{max} kg.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
