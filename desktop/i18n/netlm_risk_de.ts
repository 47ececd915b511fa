<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>CounsellingView</name>
    <message>
        <source>Time after surgery:</source>
        <translation>Zeit nach der Operation:</translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n Jahr</numerusform>
            <numerusform>%n Jahre</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %n years after surgery</source>
        <translation>
            <numerusform>%n Jahr nach der Operation zeigen</numerusform>
            <numerusform>%n Jahre nach der Operation zeigen</numerusform>
        </translation>
    </message>
    <message>
        <source>Show if the cancer has grown or come back</source>
        <translation>Wachstum oder Rückkehr des Krebses zeigen</translation>
    </message>
    <message>
        <source>Enter the patient&apos;s details first</source>
        <translation>Bitte zuerst die Angaben zum Patienten eingeben</translation>
    </message>
    <message>
        <source>Time from today:</source>
        <translation>Zeit ab heute:</translation>
    </message>
    <message>
        <source>Picture of 100 people</source>
        <translation>Bild von 100 Menschen</translation>
    </message>
</context>
<context>
    <name>FollowUpWords</name>
    <message numerus="yes">
        <source>%n months</source>
        <translation>
            <numerusform>%n Monat</numerusform>
            <numerusform>%n Monate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n Jahr</numerusform>
            <numerusform>%n Jahre</numerusform>
        </translation>
    </message>
    <message>
        <source>{years} and {months}</source>
        <translation>{years} und {months}</translation>
    </message>
    <message numerus="yes">
        <source>%n years from now</source>
        <translation>
            <numerusform>in %n Jahr</numerusform>
            <numerusform>in %n Jahren</numerusform>
        </translation>
    </message>
    <message>
        <source>Out of 100 people like you who are alive {since} after surgery, with no sign of the cancer growing or coming back, {when}:</source>
        <translation>Von 100 Menschen wie Ihnen, die {since} nach der Operation leben, ohne Anzeichen, dass der Krebs gewachsen oder zurückgekehrt ist, {when}:</translation>
    </message>
    <message>
        <source>Out of 100 people like you who are alive {since} after surgery, {when}:</source>
        <translation>Von 100 Menschen wie Ihnen, die {since} nach der Operation leben, {when}:</translation>
    </message>
    <message>
        <source>{sentence}.</source>
        <translation>{sentence}.</translation>
    </message>
    <message>
        <source>{sentence}; the range is {low} to {high}.</source>
        <translation>{sentence}; der Bereich reicht von {low} bis {high}.</translation>
    </message>
    <message>
        <source>These numbers are only about being alive: the study cannot say how likely the cancer is to grow or come back from here.</source>
        <translation>Diese Zahlen sagen nur etwas über das Überleben: Die Studie kann nicht sagen, wie wahrscheinlich der Krebs von jetzt an wächst oder zurückkehrt.</translation>
    </message>
    <message>
        <source>Somewhere between {low} and {high} are alive (the paler people)</source>
        <translation>Zwischen {low} und {high} leben (hellere Figuren)</translation>
    </message>
    <message>
        <source>Show the range in the picture</source>
        <translation>Bereich im Bild zeigen</translation>
    </message>
    <message>
        <source>Best/worst case</source>
        <translation>Bester/schlimmster Fall</translation>
    </message>
    <message>
        <source>more than {time}</source>
        <translation>mehr als {time}</translation>
    </message>
    <message>
        <source>{time} from now</source>
        <translation>{time} ab heute</translation>
    </message>
    <message>
        <source>{time} after surgery</source>
        <translation>{time} nach der Operation</translation>
    </message>
    <message>
        <source>Range: {low} to {high}.</source>
        <translation>Bereich: {low} bis {high}.</translation>
    </message>
    <message>
        <source>Worst case: fewer than 1 in 10 people like you die within {time}.</source>
        <translation>Schlimmster Fall: Weniger als 1 von 10 Menschen wie Ihnen stirbt in der Zeit bis {time}.</translation>
    </message>
    <message>
        <source>Worst case: about 1 in 10 people like you die within {time}.</source>
        <translation>Schlimmster Fall: Etwa 1 von 10 Menschen wie Ihnen stirbt in der Zeit bis {time}.</translation>
    </message>
    <message>
        <source>Typical: most people like you are still alive {time}.</source>
        <translation>Typisch: Die meisten Menschen wie Sie leben {time} noch.</translation>
    </message>
    <message>
        <source>Typical: half of people like you live between {low} and {high}.</source>
        <translation>Typisch: Die Hälfte der Menschen wie Sie lebt zwischen {low} und {high}.</translation>
    </message>
    <message>
        <source>Best case: more than 1 in 10 people like you are still alive {time}.</source>
        <translation>Bester Fall: Mehr als 1 von 10 Menschen wie Ihnen lebt {time} noch.</translation>
    </message>
    <message>
        <source>Best case: about 1 in 10 people like you live longer than {time}.</source>
        <translation>Bester Fall: Etwa 1 von 10 Menschen wie Ihnen lebt länger als {time}.</translation>
    </message>
</context>
<context>
    <name>PatientSheet</name>
    <message>
        <source>After liver surgery for a neuroendocrine tumour: what the numbers say</source>
        <translation>Nach der Leberoperation bei einem neuroendokrinen Tumor: was die Zahlen sagen</translation>
    </message>
    <message>
        <source>This sheet shows how people in a study did after an operation to take neuroendocrine tumours out of the liver. It uses these details:</source>
        <translation>Dieses Blatt zeigt, wie es Menschen in einer Studie nach einer Operation ging, bei der neuroendokrine Tumoren aus der Leber entfernt wurden. Es beruht auf diesen Angaben:</translation>
    </message>
    <message>
        <source>the small bowel</source>
        <translation>im Dünndarm</translation>
    </message>
    <message>
        <source>the pancreas</source>
        <translation>in der Bauchspeicheldrüse</translation>
    </message>
    <message>
        <source>another place</source>
        <translation>an einer anderen Stelle</translation>
    </message>
    <message>
        <source>all the tumour that could be seen</source>
        <translation>der ganze sichtbare Tumor</translation>
    </message>
    <message>
        <source>more than 90 out of 100 parts of the tumour</source>
        <translation>mehr als 90 von 100 Teilen des Tumors</translation>
    </message>
    <message>
        <source>less than 90 out of 100 parts of the tumour</source>
        <translation>weniger als 90 von 100 Teilen des Tumors</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>noch nicht bekannt</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>nicht bekannt</translation>
    </message>
    <message>
        <source>{value} out of 100 cells</source>
        <translation>{value} von 100 Zellen</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n Jahr</numerusform>
            <numerusform>%n Jahre</numerusform>
        </translation>
    </message>
    <message>
        <source>Where the tumour started</source>
        <translation>Wo der Tumor begonnen hat</translation>
    </message>
    <message>
        <source>Ki-67 (how fast the tumour cells divide)</source>
        <translation>Ki-67 (wie schnell sich die Tumorzellen teilen)</translation>
    </message>
    <message>
        <source>Spots of tumour in the liver</source>
        <translation>Tumorherde in der Leber</translation>
    </message>
    <message numerus="yes">
        <source>%n spots</source>
        <translation>
            <numerusform>%n Herd</numerusform>
            <numerusform>%n Herde</numerusform>
        </translation>
    </message>
    <message>
        <source>Size of the largest spot</source>
        <translation>Größe des größten Herdes</translation>
    </message>
    <message>
        <source>{value} mm across</source>
        <translation>{value} mm Durchmesser</translation>
    </message>
    <message>
        <source>Tumour outside the liver</source>
        <translation>Tumor außerhalb der Leber</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>How much of the tumour the operation took out</source>
        <translation>Wie viel vom Tumor die Operation entfernt hat</translation>
    </message>
    <message>
        <source>How the tumour cells look</source>
        <translation>Wie die Tumorzellen aussehen</translation>
    </message>
    <message>
        <source>close to normal cells (well differentiated)</source>
        <translation>ähnlich wie normale Zellen (gut differenziert)</translation>
    </message>
    <message>
        <source>poorly differentiated</source>
        <translation>schlecht differenziert</translation>
    </message>
    <message>
        <source>Alive today, after the operation</source>
        <translation>Heute am Leben, nach der Operation</translation>
    </message>
    <message>
        <source>Cancer grown or come back since</source>
        <translation>Krebs seitdem gewachsen oder zurückgekehrt</translation>
    </message>
    <message>
        <source>This sheet gives no estimate.</source>
        <translation>Dieses Blatt enthält keine Schätzung.</translation>
    </message>
    <message>
        <source>The study followed people for {years} years after their operation. One year from today is later than that, so the study cannot say how the coming years will go.</source>
        <translation>Die Studie hat Menschen {years} Jahre lang nach ihrer Operation begleitet. Ein Jahr ab heute liegt später, daher kann die Studie nicht sagen, wie die kommenden Jahre verlaufen.</translation>
    </message>
    <message>
        <source>Please ask your care team what this means for you.</source>
        <translation>Bitte fragen Sie Ihr Behandlungsteam, was das für Sie bedeutet.</translation>
    </message>
    <message>
        <source>The study only included people whose tumour cells look close to normal cells (well differentiated). This tumour is poorly differentiated, so the study&apos;s numbers do not fit it.</source>
        <translation>Die Studie hat nur Menschen eingeschlossen, deren Tumorzellen normalen Zellen ähneln (gut differenziert). Dieser Tumor ist schlecht differenziert, daher passen die Zahlen der Studie nicht zu ihm.</translation>
    </message>
    <message>
        <source>Please ask your care team what is known for your kind of tumour.</source>
        <translation>Bitte fragen Sie Ihr Behandlungsteam, was über Ihre Art von Tumor bekannt ist.</translation>
    </message>
    <message>
        <source>Best, typical and worst case</source>
        <translation>Bester, typischer und schlechtester Fall</translation>
    </message>
    <message>
        <source>What these numbers cannot tell you</source>
        <translation>Was diese Zahlen nicht sagen können</translation>
    </message>
    <message>
        <source>Questions to ask at your next visit</source>
        <translation>Fragen für Ihren nächsten Termin</translation>
    </message>
    <message>
        <source>What do these numbers mean for me?</source>
        <translation>Was bedeuten diese Zahlen für mich?</translation>
    </message>
    <message>
        <source>How often will I have scans and check-ups?</source>
        <translation>Wie oft brauche ich Kontrollen und Scans?</translation>
    </message>
    <message>
        <source>Which signs should make me call the clinic?</source>
        <translation>Bei welchen Anzeichen soll ich die Klinik anrufen?</translation>
    </message>
    <message>
        <source>What other treatments could help me, now or later?</source>
        <translation>Welche anderen Behandlungen könnten mir helfen, jetzt oder später?</translation>
    </message>
    <message>
        <source>Made on {date} by the clinic with netlm-risk {version}. Based on a study from Mayo Clinic (published in 2023).</source>
        <translation>Erstellt am {date} von der Klinik mit netlm-risk {version}. Beruht auf einer Studie der Mayo Clinic (veröffentlicht 2023).</translation>
    </message>
    <message>
        <source>For: {label}</source>
        <translation>Für: {label}</translation>
    </message>
</context>
<context>
    <name>PlainWords</name>
    <message numerus="yes">
        <source>%n years after surgery</source>
        <translation>
            <numerusform>%n Jahr nach der Operation</numerusform>
            <numerusform>%n Jahre nach der Operation</numerusform>
        </translation>
    </message>
    <message>
        <source>Of 100 people like this, fewer than 1 is alive {when}</source>
        <translation>Von 100 Menschen wie diesen ist {when} weniger als 1 noch am Leben</translation>
    </message>
    <message>
        <source>Of 100 people like this, almost all are alive {when}</source>
        <translation>Von 100 Menschen wie diesen sind {when} fast alle noch am Leben</translation>
    </message>
    <message numerus="yes">
        <source>Of 100 people like this, about %n are alive {when}</source>
        <translation>
            <numerusform>Von 100 Menschen wie diesen ist {when} noch etwa %n am Leben</numerusform>
            <numerusform>Von 100 Menschen wie diesen sind {when} noch etwa %n am Leben</numerusform>
        </translation>
    </message>
    <message>
        <source>Of 100 people like this, fewer than 1 is alive without the cancer growing or coming back {when}</source>
        <translation>Von 100 Menschen wie diesen ist {when} weniger als 1 noch am Leben, ohne dass der Krebs gewachsen oder zurückgekehrt ist</translation>
    </message>
    <message>
        <source>Of 100 people like this, almost all are alive without the cancer growing or coming back {when}</source>
        <translation>Von 100 Menschen wie diesen sind {when} fast alle noch am Leben, ohne dass der Krebs gewachsen oder zurückgekehrt ist</translation>
    </message>
    <message numerus="yes">
        <source>Of 100 people like this, about %n are alive without the cancer growing or coming back {when}</source>
        <translation>
            <numerusform>Von 100 Menschen wie diesen ist {when} noch etwa %n am Leben, ohne dass der Krebs gewachsen oder zurückgekehrt ist</numerusform>
            <numerusform>Von 100 Menschen wie diesen sind {when} noch etwa %n am Leben, ohne dass der Krebs gewachsen oder zurückgekehrt ist</numerusform>
        </translation>
    </message>
    <message>
        <source>{sentence}; the range is {low} to {high}.</source>
        <translation>{sentence}; der Bereich reicht von {low} bis {high}.</translation>
    </message>
    <message>
        <source>{sentence}.</source>
        <translation>{sentence}.</translation>
    </message>
    <message>
        <source>The study did not follow people this long, so this number is an extrapolation (a careful guess).</source>
        <translation>Die Studie hat die Menschen nicht so lange begleitet, deshalb ist diese Zahl eine Hochrechnung (eine vorsichtige Schätzung).</translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive, with no sign of the cancer growing or coming back</source>
        <translation>
            <numerusform>%n Mensch lebt ohne Anzeichen, dass der Krebs gewachsen oder zurückgekehrt ist</numerusform>
            <numerusform>%n Menschen leben ohne Anzeichen, dass der Krebs gewachsen oder zurückgekehrt ist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive, but the cancer has grown or come back</source>
        <translation>
            <numerusform>%n Mensch lebt, aber der Krebs ist gewachsen oder zurückgekehrt</numerusform>
            <numerusform>%n Menschen leben, aber der Krebs ist gewachsen oder zurückgekehrt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive</source>
        <translation>
            <numerusform>%n Mensch lebt</numerusform>
            <numerusform>%n Menschen leben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people have died</source>
        <translation>
            <numerusform>%n Mensch ist gestorben</numerusform>
            <numerusform>%n Menschen sind gestorben</numerusform>
        </translation>
    </message>
    <message>
        <source>Out of 100 people like you, {when}:</source>
        <translation>Von 100 Menschen wie Ihnen, {when}:</translation>
    </message>
    <message>
        <source>The range shows how sure the estimate is: the true number is likely to lie between these values.</source>
        <translation>Der Bereich zeigt, wie sicher die Schätzung ist: Die wahre Zahl liegt wahrscheinlich zwischen diesen Werten.</translation>
    </message>
    <message>
        <source>These numbers come from {cohort} people who had this operation at one hospital (Mayo Clinic).</source>
        <translation>Diese Zahlen stammen von {cohort} Menschen, die diese Operation in einem einzigen Krankenhaus (Mayo Clinic) hatten.</translation>
    </message>
    <message>
        <source>They describe a group of people, not what will happen to any one person.</source>
        <translation>Sie beschreiben eine Gruppe von Menschen, nicht, was mit einem einzelnen Menschen geschehen wird.</translation>
    </message>
    <message>
        <source>Treatment has improved since then, so people treated today may do better.</source>
        <translation>Die Behandlung ist seitdem besser geworden; wer heute behandelt wird, hat vielleicht bessere Aussichten.</translation>
    </message>
    <message>
        <source>How much of the cancer the operation removes is not known yet; the numbers average over the possible results.</source>
        <translation>Wie viel vom Krebs die Operation entfernt, ist noch nicht bekannt; die Zahlen sind ein Mittelwert über die möglichen Ergebnisse.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Translation not yet reviewed by a clinician</source>
        <translation>Übersetzung noch nicht ärztlich geprüft</translation>
    </message>
</context>
</TS>
