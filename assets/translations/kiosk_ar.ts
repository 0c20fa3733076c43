<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar" sourcelanguage="nb_NO">
<context>
    <name>AmountStep</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="202"/>
        <source>Hvor mye?</source>
        <translation>كم الكمية؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="203"/>
        <source>Hvor mange ting?</source>
        <translation>كم عدد القطع؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="204"/>
        <source>Hvor store er de?</source>
        <translation>ما حجمها؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="205"/>
        <source>Små</source>
        <translation>صغيرة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="206"/>
        <source>Middels</source>
        <translation>متوسطة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="207"/>
        <source>Store</source>
        <translation>كبيرة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="209"/>
        <source>Færre</source>
        <extracomment>Screen-reader name of the − button: one item fewer.</extracomment>
        <translation>أقل</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="211"/>
        <source>Flere</source>
        <extracomment>Screen-reader name of the + button: one item more.</extracomment>
        <translation>أكثر</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="213"/>
        <source>Ti flere</source>
        <extracomment>Screen-reader name of the +10 button: ten items more (agreeing with the word for item).</extracomment>
        <translation>عشر قطع أخرى</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="214"/>
        <source>Neste</source>
        <translation>التالي</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="215"/>
        <source>Legg på vekten</source>
        <translation>ضعها على الميزان</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="216"/>
        <source>Tell i stedet</source>
        <translation>عُدّها بدلاً من ذلك</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="219"/>
        <source>Vekten viser %1 kg.</source>
        <translation>الميزان يُظهر %1 كغ.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="221"/>
        <source>Vekten er ikke tilkoblet. Tell tingene i stedet.</source>
        <translation>الميزان غير متصل. عُدّ الأغراض بدلاً من ذلك.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/amount_step.py" line="224"/>
        <source>Legg tingene på vekten og vent til tallet står stille.</source>
        <translation>ضع الأغراض على الميزان وانتظر حتى يثبت الرقم.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="123"/>
        <source>Ombruk: registrer det du legger igjen eller tar med deg.</source>
        <translation>إعادة الاستخدام: سجّل ما تتركه هنا أو ما تأخذه معك.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="124"/>
        <source>Jeg legger igjen ting</source>
        <translation>أترك أغراضًا</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="125"/>
        <source>Jeg tar med meg ting</source>
        <translation>آخذ أغراضًا</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="130"/>
        <source>Et øyeblikk …</source>
        <extracomment>On the big choice a resident tapped, while the kiosk is still starting.</extracomment>
        <translation>لحظة من فضلك …</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="134"/>
        <source>Avfall og farlig avfall registreres ikke her: spør veilederen eller bruk skapet for farlig avfall.</source>
        <translation>لا تُسجَّل النفايات والنفايات الخطرة هنا: اسأل موظفي المحطة أو استخدم خزانة النفايات الخطرة.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/attract.py" line="140"/>
        <source>Veileder</source>
        <extracomment>Screen-reader name of the staff button. Veileder: the person working at the station, never a tour guide.</extracomment>
        <translation>موظفو المحطة</translation>
    </message>
</context>
<context>
    <name>AudienceToggle</name>
    <message>
        <location filename="../../kiosk/ui/audience_toggle.py" line="19"/>
        <source>For innbyggere (offentlig)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/audience_toggle.py" line="20"/>
        <source>Internt (kurs for ansatte)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/audience_toggle.py" line="25"/>
        <source>For innbyggere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/audience_toggle.py" line="26"/>
        <source>Internt</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CategoryGrid</name>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="179"/>
        <source>Avfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="181"/>
        <source>Farlig avfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="182"/>
        <source>Ombruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="280"/>
        <source>Ut er på: bare ombruk kan leveres ut. Slå av «Ut» under Ombruk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CategoryStep</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/category_step.py" line="67"/>
        <source>Hva legger du igjen?</source>
        <translation>ماذا تترك؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/category_step.py" line="69"/>
        <source>Hva tar du med deg?</source>
        <translation>ماذا تأخذ؟</translation>
    </message>
</context>
<context>
    <name>EventAfterwards</name>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="51"/>
        <source>mandag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="52"/>
        <source>tirsdag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="53"/>
        <source>onsdag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="54"/>
        <source>torsdag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="55"/>
        <source>fredag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="56"/>
        <source>lørdag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="57"/>
        <source>søndag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="61"/>
        <source>Start</source>
        <extracomment>The time the event began (a noun on a time button), not a command to start it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="63"/>
        <source>Slutt</source>
        <extracomment>The time the event ended (a noun on a time button), not a command to end it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="64"/>
        <source>Deltakere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="65"/>
        <source>Besøkende</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="67"/>
        <source>Til ombruk</source>
        <extracomment>The kg that went to reuse at the event (the glossary&apos;s &quot;reuse&quot;), on a number button.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="137"/>
        <source>Tilbake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="140"/>
        <source>Registrer et arrangement i etterkant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="209"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="241"/>
        <location filename="../../kiosk/ui/event_afterwards.py" line="262"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="243"/>
        <location filename="../../kiosk/ui/event_afterwards.py" line="264"/>
        <source>Avbryt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="318"/>
        <source>i dag</source>
        <extracomment>The day the event was held: today (&quot;i går&quot; yesterday).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="320"/>
        <source>i går</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="337"/>
        <source>Dagen kan ikke være senere enn i dag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="357"/>
        <source>%1: velg time og minutter</source>
        <extracomment>%1 is &quot;Start&quot; or &quot;Slutt&quot;: the time the event began or ended.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="382"/>
        <source>Hvor mange kg gikk til ombruk? (tomt: ingen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="385"/>
        <source>%1: skriv antallet</source>
        <extracomment>%1 is &quot;Deltakere&quot; or &quot;Besøkende&quot;: the count of participants or visitors.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="408"/>
        <source>Skriv et helt tall, for eksempel 350.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="427"/>
        <source>Velg hva slags arrangement det var.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/event_afterwards.py" line="459"/>
        <source>Lagret i etterkant: %1 %2.</source>
        <extracomment>%1 the kind, %2 its date and times. &quot;i etterkant&quot;: entered after it was held.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventsScreen</name>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="65"/>
        <source>Sykkelverksted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="66"/>
        <source>Tekstilreparasjon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="67"/>
        <source>Klesbytte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="68"/>
        <source>Treverksted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="69"/>
        <source>Marked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="70"/>
        <source>Kurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="71"/>
        <location filename="../../kiosk/ui/events_screen.py" line="80"/>
        <source>Annet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="75"/>
        <source>Sykkel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="76"/>
        <source>Klær og tekstil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="77"/>
        <source>Elektronikk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="78"/>
        <source>Møbel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="79"/>
        <source>Leke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="83"/>
        <source>Reparert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="84"/>
        <source>Kan repareres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="85"/>
        <source>Ikke reparerbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="88"/>
        <source>Deltakere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="89"/>
        <source>Besøkende</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="118"/>
        <source>Tilbake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="121"/>
        <location filename="../../kiosk/ui/events_screen.py" line="403"/>
        <source>Arrangementer og ombruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="125"/>
        <source>Registrer kg ombruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="133"/>
        <source>Angre siste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="298"/>
        <source>Arrangement i etterkant</source>
        <extracomment>Enter an event that has already been held (&quot;i etterkant&quot;: afterwards), with its real date and times. One line on the button.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="303"/>
        <source>Registrer et arrangement i etterkant</source>
        <extracomment>The same button&apos;s screen-reader name, on one line.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="372"/>
        <source>Start et arrangement:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="373"/>
        <source>Sted, hvis ikke her på stasjonen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="191"/>
        <source>Skriv antall: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="213"/>
        <source>Avslutt arrangementet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="220"/>
        <source>Hva ble reparert?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="222"/>
        <source>Hvordan gikk det?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="232"/>
        <source>Avslutt nå</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="234"/>
        <source>Fortsett</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="249"/>
        <source>Hvor mange kg gikk til ombruk? (tomt: ingen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="262"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="264"/>
        <source>Avbryt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="285"/>
        <source>Stasjonen så langt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="377"/>
        <source>Planlagt i dag: %1 %2</source>
        <extracomment>%1 is the planned event&apos;s kind, %2 its hours (17–19).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="382"/>
        <source>%1 (planlagt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="410"/>
        <source>%1, startet %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="455"/>
        <source>Arrangementet er startet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="480"/>
        <source>Velg først hva som ble reparert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="512"/>
        <source>Angret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="520"/>
        <source>Lagret: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="544"/>
        <source>%1: skriv antallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="556"/>
        <source>Skriv et helt tall, for eksempel 350.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/events_screen.py" line="597"/>
        <source>Arrangementet er avsluttet: %1 deltakere, %2 kg til ombruk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeedbackLine</name>
    <message>
        <location filename="../../kiosk/ui/activity_widgets.py" line="164"/>
        <source>Noe gikk galt, og ingenting ble lagret. Prøv igjen.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeedbackQuestion</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/feedback.py" line="112"/>
        <source>Takk for svaret!</source>
        <extracomment>Shown in place of the question once the resident tapped a face.</extracomment>
        <translation>شكرًا على إجابتك!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/feedback.py" line="115"/>
        <source>Fant du det du lette etter?</source>
        <extracomment>Asked on the thank-you screen after a resident took items home.</extracomment>
        <translation>هل وجدت ما كنت تبحث عنه؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/feedback.py" line="118"/>
        <source>Hvordan var det?</source>
        <extracomment>Asked on the thank-you screen after a resident left items for reuse.</extracomment>
        <translation>كيف كانت التجربة؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/feedback.py" line="120"/>
        <source>Bra</source>
        <extracomment>Screen-reader name of the smiling face button (the answer &quot;good&quot;).</extracomment>
        <translation>جيد</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/feedback.py" line="122"/>
        <source>Sånn passe</source>
        <extracomment>Screen-reader name of the neutral face button (the answer &quot;so-so&quot;).</extracomment>
        <translation>مقبول</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/feedback.py" line="124"/>
        <source>Dårlig</source>
        <extracomment>Screen-reader name of the frowning face button (the answer &quot;bad&quot;).</extracomment>
        <translation>سيئ</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="126"/>
        <source>Teknisk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="146"/>
        <location filename="../../kiosk/ui/guide_screen.py" line="302"/>
        <source>Velg kategori. Angre: trykk en rad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="147"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="186"/>
        <source>⚠ Standard-PIN %1 er i bruk. Bytt den med «kiosk set-pin».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="206"/>
        <source>Mer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="280"/>
        <source>↑ Ut: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="300"/>
        <source>↑ Ut: velg det som gikk ut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="317"/>
        <source>Velg en kategori først.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="352"/>
        <source>Lagret ut: %1 %2 kg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="354"/>
        <source>Lagret: %1 %2 kg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="382"/>
        <source>Noe gikk galt, og ingenting ble lagret. Prøv igjen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/guide_screen.py" line="390"/>
        <source>Angret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoutToggle</name>
    <message>
        <location filename="../../kiosk/ui/handout.py" line="28"/>
        <source>✓ Ut: på</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/handout.py" line="28"/>
        <source>↑ Ut: levert ut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/handout.py" line="29"/>
        <source>Ut: ombruk levert ut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/handout.py" line="20"/>
        <source>Ombruksgjenstand levert ut</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../../kiosk/ui/header.py" line="201"/>
        <location filename="../../kiosk/ui/header.py" line="202"/>
        <source>Åpen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="202"/>
        <source>til %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="204"/>
        <location filename="../../kiosk/ui/header.py" line="213"/>
        <source>Stengt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="213"/>
        <source>åpner %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="217"/>
        <source>man</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="218"/>
        <source>tir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="219"/>
        <source>ons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="220"/>
        <source>tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="221"/>
        <source>fre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="222"/>
        <source>lør</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="223"/>
        <source>søn</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="236"/>
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
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="237"/>
        <source>%n venter</source>
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
        <location filename="../../kiosk/ui/header.py" line="241"/>
        <source>eldste %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="244"/>
        <source>Tilbakekalt: meld inn på nytt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="246"/>
        <source>Ukjent for sentralen: meld inn på nytt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="248"/>
        <source>Synkroniserer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="251"/>
        <source>Frakoblet siden %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="252"/>
        <source>Frakoblet %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="254"/>
        <source>Aldri synkronisert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="255"/>
        <source>Aldri synk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="258"/>
        <source>Sist synkronisert %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="259"/>
        <source>Synk. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="264"/>
        <source>%n i karantene</source>
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
        <location filename="../../kiosk/ui/header.py" line="285"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="287"/>
        <source>%1 t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/header.py" line="288"/>
        <source>%1 døgn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="225"/>
        <source>Lås</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="229"/>
        <source>Arrangementer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="234"/>
        <source>Til ombrukspartner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="239"/>
        <source>Henting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialFlowScreen</name>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="41"/>
        <source>Ombruk i aktivitet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="42"/>
        <source>Næringsavfall ombrukt/redesignet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="45"/>
        <source>Til ombrukspartner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="48"/>
        <source>Fra stasjonen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="49"/>
        <source>Fra aktiviteten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="50"/>
        <source>Fra annen etat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="75"/>
        <source>Tilbake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="119"/>
        <source>Sendes til:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="143"/>
        <source>Kg ombruk utenom disken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="94"/>
        <source>Merknad (for eksempel hvilken etat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="96"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="172"/>
        <source>Velg hva det var og hvor det kom fra.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="202"/>
        <source>Velg ombrukspartneren tingene sendes til.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/material_flow_screen.py" line="224"/>
        <source>Lagret: %1 kg, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpeningBanner</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/opening_banner.py" line="69"/>
        <source>Åpent nå, til %1</source>
        <translation>مفتوح الآن حتى %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/opening_banner.py" line="72"/>
        <source>Stengt nå</source>
        <translation>مغلق الآن</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/opening_banner.py" line="71"/>
        <source>Stengt i dag: helligdag</source>
        <translation>مغلق اليوم: عطلة رسمية</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/opening_banner.py" line="100"/>
        <source>Åpner i dag kl. %1</source>
        <translation>يفتح اليوم الساعة %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/opening_banner.py" line="102"/>
        <source>Åpner i morgen kl. %1</source>
        <translation>يفتح غدًا الساعة %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/opening_banner.py" line="112"/>
        <source>Åpner %1 kl. %2</source>
        <extracomment>%1 is a weekday (an opening within a week) or a full date; %2 the time, as 10:00.</extracomment>
        <translation>يفتح %1 الساعة %2</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="64"/>
        <source>Tilbake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="66"/>
        <source>Henting: veiebevis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="76"/>
        <source>Farlig avfall-skapet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="83"/>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="85"/>
        <source>Transportør</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="87"/>
        <source>Mottaksanlegg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="89"/>
        <source>Veiebevis nr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="94"/>
        <source>Lagre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="105"/>
        <source>kg netto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="153"/>
        <source>Velg hva som ble hentet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="180"/>
        <source>Lagret: tømt, uten veiebevis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pickup_screen.py" line="183"/>
        <source>Lagret: henting %1 kg, veiebevis %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../kiosk/ui/lock.py" line="119"/>
        <source>Feil PIN.</source>
        <translation>رمز PIN خاطئ.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/lock.py" line="131"/>
        <source>For mange feil. Prøv igjen om %n sekunder.</source>
        <translation>
            <numerusform>محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد %n ثانية.</numerusform>
            <numerusform>محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.</numerusform>
            <numerusform>محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد ثانيتين.</numerusform>
            <numerusform>محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد %n ثوانٍ.</numerusform>
            <numerusform>محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد %n ثانية.</numerusform>
            <numerusform>محاولات خاطئة كثيرة جدًا. حاول مرة أخرى بعد %n ثانية.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lock.py" line="144"/>
        <source>Veilederens PIN</source>
        <extracomment>The PIN of the station&apos;s staff (veileder: a staff member, never a tour guide).</extracomment>
        <translation>رمز PIN لموظفي المحطة</translation>
    </message>
</context>
<context>
    <name>PlannedLine</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="27"/>
        <source>Sykkelverksted</source>
        <translation>ورشة إصلاح الدراجات</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="28"/>
        <source>Tekstilreparasjon</source>
        <translation>إصلاح الملابس</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="29"/>
        <source>Klesbytte</source>
        <translation>تبادل الملابس</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="30"/>
        <source>Treverksted</source>
        <translation>ورشة النجارة</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="31"/>
        <source>Marked</source>
        <translation>سوق</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="32"/>
        <source>Kurs</source>
        <translation>دورة تدريبية</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="33"/>
        <source>Arrangement</source>
        <translation>فعالية</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="92"/>
        <source>%1 %2 %3</source>
        <extracomment>%1 is the event&apos;s kind (Sykkelverksted), %2 its day (i dag, i morgen, a weekday or a date), %3 its time, as 17–19 or 17:30–19:00.</extracomment>
        <translation>%1، %2 %3</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="103"/>
        <source>i dag</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/planned_line.py" line="105"/>
        <source>i morgen</source>
        <translation>غدًا</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="19"/>
        <source>Stabil – trykk her</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="20"/>
        <source>I bevegelse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="21"/>
        <source>Overbelastet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="22"/>
        <source>Under null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="23"/>
        <source>Vekten er frakoblet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="24"/>
        <source>Feil fra vekten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="41"/>
        <source>Venter på vekten …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="49"/>
        <source>Null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/scale_panel.py" line="50"/>
        <source>Tara</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StationTotalsView</name>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="19"/>
        <source>Ombruk fra stasjonen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="20"/>
        <source>Levert til ombruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="21"/>
        <source>Ombruk i aktiviteter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="25"/>
        <source>Gjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="26"/>
        <source>Energigjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="27"/>
        <source>Farlig avfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="28"/>
        <source>Arrangementer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="29"/>
        <source>Deltakere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="32"/>
        <source>I dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/station_totals_view.py" line="33"/>
        <source>I år</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/widgets.py" line="217"/>
        <source>Tilbake</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="103"/>
        <source>Er du der fortsatt?</source>
        <translation>هل ما زلت هنا؟</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="104"/>
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
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="105"/>
        <source>Ja, fortsett</source>
        <translation>نعم، تابِع</translation>
    </message>
</context>
<context>
    <name>StorageErrorScreen</name>
    <message>
        <location filename="../../kiosk/ui/storage_error.py" line="48"/>
        <source>Lagringen virker ikke</source>
        <translation>الحفظ لا يعمل</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/storage_error.py" line="49"/>
        <source>Prøv igjen</source>
        <translation>حاول مرة أخرى</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/storage_error.py" line="54"/>
        <source>Teknisk: %1</source>
        <translation>تقني: %1</translation>
    </message>
</context>
<context>
    <name>SummaryStep</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="70"/>
        <source>Stemmer dette?</source>
        <translation>هل هذا صحيح؟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="71"/>
        <source>Ja, registrer</source>
        <translation>نعم، سجّل</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="78"/>
        <source>Du legger igjen: %1</source>
        <translation>تترك: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="80"/>
        <source>Du tar med deg: %1</source>
        <translation>تأخذ: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="83"/>
        <source>Vekt: %1 kg</source>
        <translation>الوزن: %1 كغ</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="86"/>
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
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="87"/>
        <source>%n middels store ting</source>
        <translation>
            <numerusform>%n قطعة متوسطة الحجم</numerusform>
            <numerusform>قطعة واحدة متوسطة الحجم</numerusform>
            <numerusform>قطعتان متوسطتا الحجم</numerusform>
            <numerusform>%n قطع متوسطة الحجم</numerusform>
            <numerusform>%n قطعة متوسطة الحجم</numerusform>
            <numerusform>%n قطعة متوسطة الحجم</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="88"/>
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
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="90"/>
        <source>%1, omtrent %2 kg</source>
        <translation>%1، حوالي %2 كغ</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="57"/>
        <source>Teknisk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="58"/>
        <source>Tilbake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="60"/>
        <source>Oppdater logg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="67"/>
        <source>Sett inn en USB-pinne, eller skriv en mappe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="68"/>
        <source>Eksporter til mappe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="89"/>
        <source>(loggen er tom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="101"/>
        <source>Velg eller skriv inn en mappe først.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="105"/>
        <source>Eksporterer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="124"/>
        <source>Eksporten feilet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/technician_screen.py" line="129"/>
        <source>Eksportert og kontrollert: %1 registreringer til %2. Sjekksum %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="82"/>
        <source>Takk!</source>
        <translation>شكرًا!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="83"/>
        <source>Ferdig</source>
        <translation>تم</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="91"/>
        <source>Du tar med deg %1 kg brukte ting. Det er ombruk!</source>
        <translation>تأخذ معك %1 كغ من الأغراض المستعملة. هذه هي إعادة الاستخدام!</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="93"/>
        <source>Du har levert %1 kg til ombruk. Nå kan noen andre få glede av det.</source>
        <translation>تركتَ %1 كغ لإعادة الاستخدام. الآن يستطيع شخص آخر أن يستفيد منها.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/selfservice/thanks.py" line="98"/>
        <source>I dag på stasjonen: %1 kg levert til ombruk, %2 kg ombruk fra stasjonen.</source>
        <extracomment>Today&apos;s two reuse figures at this station (docs/translations.md): %1 kg left for reuse by residents, %2 kg reused from the station (taken home, or sent on to a reuse shop). Keep it short: it must fit one or two lines at 1024x600.</extracomment>
        <translation>اليوم: %1 كغ تُركت لإعادة الاستخدام، و%2 كغ أُعيد استخدامها.</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <location filename="../../kiosk/ui/category_grid.py" line="115"/>
        <source>Ut: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayList</name>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="387"/>
        <source>Ut: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="389"/>
        <source>(angret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="390"/>
        <source>beboer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="409"/>
        <source>Angre «%1»?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Totals</name>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="23"/>
        <source>Gjenvinning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="24"/>
        <source>Farlig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="25"/>
        <source>Rest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="28"/>
        <source>Levert til ombruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/totals.py" line="29"/>
        <source>Ombruk fra stasjonen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoOverlay</name>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="243"/>
        <source>Angre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/today_list.py" line="246"/>
        <source>Behold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <location filename="../../kiosk/db/errors.py" line="29"/>
        <source>Disken er full. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation>القرص ممتلئ. لم يُحفظ هذا التسجيل؛ كل ما حُفظ من قبل آمن.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="33"/>
        <source>Databasen kan bare leses, ikke skrives. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation>قاعدة البيانات للقراءة فقط ولا يمكن الكتابة فيها. لم يُحفظ هذا التسجيل؛ كل ما حُفظ من قبل آمن.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="38"/>
        <source>Lagringen svarte med en lese- eller skrivefeil. Registreringen ble ikke lagret; alt som er lagret før, er trygt.</source>
        <translation>حدث خطأ في القراءة أو الكتابة في وحدة التخزين. لم يُحفظ هذا التسجيل؛ كل ما حُفظ من قبل آمن.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="43"/>
        <source>Databasen er opptatt. Prøv igjen om et øyeblikk; ingenting er tapt.</source>
        <translation>قاعدة البيانات مشغولة. حاول مرة أخرى بعد لحظة؛ لم يضِع شيء.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="46"/>
        <source>Databasefilen er skadet. Kiosken skriver ikke mer til den, så det som finnes, kan reddes. Kontakt teknisk support.</source>
        <translation>ملف قاعدة البيانات تالف. لم يعد الجهاز يكتب فيه، حتى يمكن إنقاذ ما فيه. اتصل بالدعم الفني.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="51"/>
        <source>Databasefilen kan ikke åpnes. Sjekk at mappen finnes og kan skrives.</source>
        <translation>لا يمكن فتح ملف قاعدة البيانات. تأكد من وجود المجلد ومن إمكانية الكتابة فيه.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="54"/>
        <source>Databasefilen finnes ikke, men kiosken er registrert hos sentralen. Kiosken lager ikke en ny database over en som er borte: legg tilbake filen, eller registrer kiosken på nytt med «kiosk enrol».</source>
        <translation>ملف قاعدة البيانات غير موجود، لكن هذا الكشك مسجَّل لدى المركز. لا ينشئ الكشك قاعدة بيانات جديدة مكان قاعدة مفقودة: أعِد الملف، أو سجِّل الكشك من جديد بالأمر «kiosk enrol».</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="60"/>
        <source>Databasefilen er tom (0 byte). Kiosken lager ikke en ny database over den; filen er ikke endret. Legg tilbake en kopi, eller kontakt teknisk support.</source>
        <translation>ملف قاعدة البيانات فارغ (0 بايت). لا ينشئ الكشك قاعدة بيانات جديدة فوقه؛ ولم يتغيّر الملف. أعِد نسخة احتياطية، أو اتصل بالدعم الفني.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="65"/>
        <source>Databasefilen er skadet eller ikke en database. Kiosken lager ikke en ny over den; filen er ikke endret, så det som finnes, kan reddes. Kontakt teknisk support.</source>
        <translation>ملف قاعدة البيانات تالف أو ليس قاعدة بيانات. لا ينشئ الكشك ملفًا جديدًا فوقه؛ ولم يتغيّر الملف، لذا يمكن إنقاذ ما فيه. اتصل بالدعم الفني.</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="70"/>
        <source>Databasen og nøkkelen fra sentralen (device_token) hører til forskjellige kiosker. Ingenting er endret. Legg tilbake riktig database, eller registrer kiosken på nytt med «kiosk enrol».</source>
        <translation>قاعدة البيانات ومفتاح المركز (device_token) يخصّان كشكين مختلفين. لم يتغيّر شيء. أعِد قاعدة البيانات الصحيحة، أو سجِّل الكشك من جديد بالأمر «kiosk enrol».</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="76"/>
        <source>Nøkkelen fra sentralen (device_token) kan ikke leses. Registreringene er trygge. Registrer kiosken på nytt med «kiosk enrol --takeover».</source>
        <translation>تعذّرت قراءة مفتاح المركز (device_token). التسجيلات محفوظة. سجِّل الكشك من جديد بالأمر «kiosk enrol --takeover».</translation>
    </message>
    <message>
        <location filename="../../kiosk/db/errors.py" line="82"/>
        <source>Databasen er laget av en nyere versjon av kiosken (skjema {found}); denne versjonen kjenner skjema til og med {known}. Oppdater programmet. Dataene er ikke endret.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation>أُنشئت قاعدة البيانات بإصدار أحدث من الجهاز (المخطط {found})؛ هذا الإصدار يعرف المخططات حتى {known}. حدّث البرنامج. لم تتغير البيانات.</translation>
    </message>
</context>
<context>
    <name>validation</name>
    <message>
        <location filename="../../kiosk/db/records.py" line="62"/>
        <source>Ugyldig verdi i {field}: {problem}</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="60"/>
        <source>Arrangementet er ikke åpent lenger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="166"/>
        <source>Tallet kan ikke bli mindre enn null.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="192"/>
        <location filename="../../kiosk/db/activities.py" line="278"/>
        <source>Skriv et tall fra 0 til 9999.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="252"/>
        <source>Slutten må være senere enn starten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="258"/>
        <source>Slutten har ikke vært ennå. Velg en tid som er passert, eller start arrangementet nå med en av flisene.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="270"/>
        <location filename="../../kiosk/ui/event_afterwards.py" line="342"/>
        <source>Velg en dag de siste {days} dagene.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="330"/>
        <source>Velg ombrukspartneren tingene sendes til.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/activities.py" line="337"/>
        <source>Vekten er for høy (høyst {max_kg} kg).</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/records.py" line="171"/>
        <source>Denne registreringen er allerede angret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/records.py" line="176"/>
        <source>Fant ingen registrering å angre (en angring kan ikke angres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/catalogue.py" line="68"/>
        <source>Ukjent kategori «{value}». Velg en kategori fra listen.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/catalogue.py" line="77"/>
        <source>Kategorien «{value}» er ikke lenger i bruk. Velg en annen kategori.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/catalogue.py" line="87"/>
        <source>Bare ombruksgjenstander kan tas med ut, ikke «{value}».</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="9"/>
        <source>{value} kg er over grensen for én registrering ({min}–{max} kg). Del den opp.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="33"/>
        <source>«{value}» er ikke en vekt i hele gram.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="41"/>
        <source>Vekten kan ikke være 0 kg. Tillatt er {min}–{max} kg.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="50"/>
        <source>Vekten kan ikke være negativ ({value} kg). Tillatt er {min}–{max} kg.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="78"/>
        <source>Skriv inn vekten i kg ({min}–{max} kg).</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="89"/>
        <source>«{value}» er ikke et tall. Skriv vekten i kg, for eksempel 2,5.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/domain/weights.py" line="98"/>
        <source>«{value}» kg har for mange desimaler. Bruk høyst tre (hele gram), og {min}–{max} kg.</source>
        <extracomment>Keep each {name} exactly, braces included: the kiosk puts the value there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/pickups.py" line="60"/>
        <source>Skriv inn nettovekten fra veiebeviset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../kiosk/db/pickups.py" line="62"/>
        <source>Skriv inn nummeret på veiebeviset.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
