<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CounsellingView</name>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %n years after surgery</source>
        <translation>
            <numerusform>Show %n year after surgery</numerusform>
            <numerusform>Show %n years after surgery</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FollowUpWords</name>
    <message numerus="yes">
        <source>%n months</source>
        <translation>
            <numerusform>%n month</numerusform>
            <numerusform>%n months</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years from now</source>
        <translation>
            <numerusform>%n year from now</numerusform>
            <numerusform>%n years from now</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatientSheet</name>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n spots</source>
        <translation>
            <numerusform>%n spot</numerusform>
            <numerusform>%n spots</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlainWords</name>
    <message numerus="yes">
        <source>%n years after surgery</source>
        <translation>
            <numerusform>%n year after surgery</numerusform>
            <numerusform>%n years after surgery</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Of 100 people like this, about %n are alive {when}</source>
        <translation>
            <numerusform>Of 100 people like this, about %n is alive {when}</numerusform>
            <numerusform>Of 100 people like this, about %n are alive {when}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Of 100 people like this, about %n are alive without the cancer growing or coming back {when}</source>
        <translation>
            <numerusform>Of 100 people like this, about %n is alive without the cancer growing or coming back {when}</numerusform>
            <numerusform>Of 100 people like this, about %n are alive without the cancer growing or coming back {when}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive, with no sign of the cancer growing or coming back</source>
        <translation>
            <numerusform>%n person is alive, with no sign of the cancer growing or coming back</numerusform>
            <numerusform>%n people are alive, with no sign of the cancer growing or coming back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive, but the cancer has grown or come back</source>
        <translation>
            <numerusform>%n person is alive, but the cancer has grown or come back</numerusform>
            <numerusform>%n people are alive, but the cancer has grown or come back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive</source>
        <translation>
            <numerusform>%n person is alive</numerusform>
            <numerusform>%n people are alive</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people have died</source>
        <translation>
            <numerusform>%n person has died</numerusform>
            <numerusform>%n people have died</numerusform>
        </translation>
    </message>
</context>
</TS>
