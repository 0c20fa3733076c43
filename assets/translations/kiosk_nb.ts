<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO" sourcelanguage="nb_NO">
<context>
    <name>Header</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="236"/>
        <source>Ikke synkronisert: %n</source>
        <translation>
            <numerusform>Ikke synkronisert: %n</numerusform>
            <numerusform>Ikke synkronisert: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="237"/>
        <source>%n venter</source>
        <translation type="unfinished">
            <numerusform>%n venter</numerusform>
            <numerusform>%n venter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/header.py" line="264"/>
        <source>%n i karantene</source>
        <translation type="unfinished">
            <numerusform>%n i karantene</numerusform>
            <numerusform>%n i karantene</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/lock.py" line="131"/>
        <source>For mange feil. Prøv igjen om %n sekunder.</source>
        <translation>
            <numerusform>For mange feil. Prøv igjen om %n sekund.</numerusform>
            <numerusform>For mange feil. Prøv igjen om %n sekunder.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/still_there.py" line="104"/>
        <source>Vi begynner på nytt om %n sekunder.</source>
        <translation>
            <numerusform>Vi begynner på nytt om %n sekund.</numerusform>
            <numerusform>Vi begynner på nytt om %n sekunder.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryStep</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="86"/>
        <source>%n små ting</source>
        <translation>
            <numerusform>%n liten ting</numerusform>
            <numerusform>%n små ting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="87"/>
        <source>%n middels store ting</source>
        <translation>
            <numerusform>%n middels stor ting</numerusform>
            <numerusform>%n middels store ting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/selfservice/summary_step.py" line="88"/>
        <source>%n store ting</source>
        <translation>
            <numerusform>%n stor ting</numerusform>
            <numerusform>%n store ting</numerusform>
        </translation>
    </message>
</context>
</TS>
