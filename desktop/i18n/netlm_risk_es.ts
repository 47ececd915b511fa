<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>CounsellingView</name>
    <message>
        <source>Time after surgery:</source>
        <translation>Tiempo después de la operación:</translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n año</numerusform>
            <numerusform>%n años</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %n years after surgery</source>
        <translation>
            <numerusform>Mostrar %n año después de la operación</numerusform>
            <numerusform>Mostrar %n años después de la operación</numerusform>
        </translation>
    </message>
    <message>
        <source>Show if the cancer has grown or come back</source>
        <translation>Mostrar si el cáncer creció o volvió</translation>
    </message>
    <message>
        <source>Enter the patient&apos;s details first</source>
        <translation>Primero hay que introducir los datos del paciente</translation>
    </message>
    <message>
        <source>Time from today:</source>
        <translation>Tiempo desde hoy:</translation>
    </message>
    <message>
        <source>Picture of 100 people</source>
        <translation>Imagen de 100 personas</translation>
    </message>
</context>
<context>
    <name>FollowUpWords</name>
    <message numerus="yes">
        <source>%n months</source>
        <translation>
            <numerusform>%n mes</numerusform>
            <numerusform>%n meses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n año</numerusform>
            <numerusform>%n años</numerusform>
        </translation>
    </message>
    <message>
        <source>{years} and {months}</source>
        <translation>{years} y {months}</translation>
    </message>
    <message numerus="yes">
        <source>%n years from now</source>
        <translation>
            <numerusform>dentro de %n año</numerusform>
            <numerusform>dentro de %n años</numerusform>
        </translation>
    </message>
    <message>
        <source>Out of 100 people like you who are alive {since} after surgery, with no sign of the cancer growing or coming back, {when}:</source>
        <translation>De cada 100 personas como usted que siguen vivas {since} después de la operación, sin señales de que el cáncer haya crecido o vuelto, {when}:</translation>
    </message>
    <message>
        <source>Out of 100 people like you who are alive {since} after surgery, {when}:</source>
        <translation>De cada 100 personas como usted que siguen vivas {since} después de la operación, {when}:</translation>
    </message>
    <message>
        <source>{sentence}.</source>
        <translation>{sentence}.</translation>
    </message>
    <message>
        <source>{sentence}; the range is {low} to {high}.</source>
        <translation>{sentence}; el margen va de {low} a {high}.</translation>
    </message>
    <message>
        <source>These numbers are only about being alive: the study cannot say how likely the cancer is to grow or come back from here.</source>
        <translation>Estas cifras solo hablan de seguir con vida: el estudio no puede decir qué probabilidad hay de que el cáncer crezca o vuelva a partir de ahora.</translation>
    </message>
    <message>
        <source>Somewhere between {low} and {high} are alive (the paler people)</source>
        <translation>Entre {low} y {high} de ellas siguen vivas (las figuras más claras)</translation>
    </message>
    <message>
        <source>Show the range in the picture</source>
        <translation>Mostrar el margen en el dibujo</translation>
    </message>
    <message>
        <source>Best/worst case</source>
        <translation>Mejor/peor caso</translation>
    </message>
    <message>
        <source>more than {time}</source>
        <translation>más de {time}</translation>
    </message>
    <message>
        <source>{time} from now</source>
        <translation>{time} a partir de hoy</translation>
    </message>
    <message>
        <source>{time} after surgery</source>
        <translation>{time} después de la operación</translation>
    </message>
    <message>
        <source>Range: {low} to {high}.</source>
        <translation>Margen: de {low} a {high}.</translation>
    </message>
    <message>
        <source>Worst case: fewer than 1 in 10 people like you die within {time}.</source>
        <translation>En el peor caso: menos de 1 de cada 10 personas como usted muere en el plazo de {time}.</translation>
    </message>
    <message>
        <source>Worst case: about 1 in 10 people like you die within {time}.</source>
        <translation>En el peor caso: alrededor de 1 de cada 10 personas como usted muere en el plazo de {time}.</translation>
    </message>
    <message>
        <source>Typical: most people like you are still alive {time}.</source>
        <translation>Lo habitual: la mayoría de las personas como usted sigue con vida {time}.</translation>
    </message>
    <message>
        <source>Typical: half of people like you live between {low} and {high}.</source>
        <translation>Lo habitual: la mitad de las personas como usted vive entre {low} y {high}.</translation>
    </message>
    <message>
        <source>Best case: more than 1 in 10 people like you are still alive {time}.</source>
        <translation>En el mejor caso: más de 1 de cada 10 personas como usted sigue con vida {time}.</translation>
    </message>
    <message>
        <source>Best case: about 1 in 10 people like you live longer than {time}.</source>
        <translation>En el mejor caso: alrededor de 1 de cada 10 personas como usted vive más de {time}.</translation>
    </message>
</context>
<context>
    <name>PatientSheet</name>
    <message>
        <source>After liver surgery for a neuroendocrine tumour: what the numbers say</source>
        <translation>Tras la operación de hígado por un tumor neuroendocrino: lo que dicen los números</translation>
    </message>
    <message>
        <source>This sheet shows how people in a study did after an operation to take neuroendocrine tumours out of the liver. It uses these details:</source>
        <translation>Esta hoja muestra cómo les fue a las personas de un estudio tras una operación para quitar tumores neuroendocrinos del hígado. Usa estos datos:</translation>
    </message>
    <message>
        <source>the small bowel</source>
        <translation>el intestino delgado</translation>
    </message>
    <message>
        <source>the pancreas</source>
        <translation>el páncreas</translation>
    </message>
    <message>
        <source>another place</source>
        <translation>otro lugar</translation>
    </message>
    <message>
        <source>all the tumour that could be seen</source>
        <translation>todo el tumor que se podía ver</translation>
    </message>
    <message>
        <source>more than 90 out of 100 parts of the tumour</source>
        <translation>más de 90 de cada 100 partes del tumor</translation>
    </message>
    <message>
        <source>less than 90 out of 100 parts of the tumour</source>
        <translation>menos de 90 de cada 100 partes del tumor</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>aún no se sabe</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>no se sabe</translation>
    </message>
    <message>
        <source>{value} out of 100 cells</source>
        <translation>{value} de cada 100 células</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message numerus="yes">
        <source>%n years</source>
        <translation>
            <numerusform>%n año</numerusform>
            <numerusform>%n años</numerusform>
        </translation>
    </message>
    <message>
        <source>Where the tumour started</source>
        <translation>Dónde empezó el tumor</translation>
    </message>
    <message>
        <source>Ki-67 (how fast the tumour cells divide)</source>
        <translation>Ki-67 (qué tan rápido se dividen las células del tumor)</translation>
    </message>
    <message>
        <source>Spots of tumour in the liver</source>
        <translation>Manchas de tumor en el hígado</translation>
    </message>
    <message numerus="yes">
        <source>%n spots</source>
        <translation>
            <numerusform>%n mancha</numerusform>
            <numerusform>%n manchas</numerusform>
        </translation>
    </message>
    <message>
        <source>Size of the largest spot</source>
        <translation>Tamaño de la mancha más grande</translation>
    </message>
    <message>
        <source>{value} mm across</source>
        <translation>{value} mm de ancho</translation>
    </message>
    <message>
        <source>Tumour outside the liver</source>
        <translation>Tumor fuera del hígado</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>How much of the tumour the operation took out</source>
        <translation>Cuánto del tumor quitó la operación</translation>
    </message>
    <message>
        <source>How the tumour cells look</source>
        <translation>Cómo se ven las células del tumor</translation>
    </message>
    <message>
        <source>close to normal cells (well differentiated)</source>
        <translation>parecidas a las células normales (bien diferenciado)</translation>
    </message>
    <message>
        <source>poorly differentiated</source>
        <translation>poco diferenciado</translation>
    </message>
    <message>
        <source>Alive today, after the operation</source>
        <translation>Con vida hoy, tras la operación</translation>
    </message>
    <message>
        <source>Cancer grown or come back since</source>
        <translation>El cáncer ha crecido o vuelto desde entonces</translation>
    </message>
    <message>
        <source>This sheet gives no estimate.</source>
        <translation>Esta hoja no da ninguna estimación.</translation>
    </message>
    <message>
        <source>The study followed people for {years} years after their operation. One year from today is later than that, so the study cannot say how the coming years will go.</source>
        <translation>El estudio siguió a las personas durante {years} años después de su operación. Dentro de un año ya es más tarde, así que el estudio no puede decir cómo irán los próximos años.</translation>
    </message>
    <message>
        <source>Please ask your care team what this means for you.</source>
        <translation>Pregunte a su equipo médico qué significa esto para usted.</translation>
    </message>
    <message>
        <source>The study only included people whose tumour cells look close to normal cells (well differentiated). This tumour is poorly differentiated, so the study&apos;s numbers do not fit it.</source>
        <translation>El estudio solo incluyó a personas cuyas células tumorales se parecen a las células normales (bien diferenciadas). Este tumor es poco diferenciado, así que los números del estudio no le corresponden.</translation>
    </message>
    <message>
        <source>Please ask your care team what is known for your kind of tumour.</source>
        <translation>Pregunte a su equipo médico qué se sabe sobre su tipo de tumor.</translation>
    </message>
    <message>
        <source>Best, typical and worst case</source>
        <translation>El mejor caso, el caso típico y el peor caso</translation>
    </message>
    <message>
        <source>What these numbers cannot tell you</source>
        <translation>Lo que estos números no pueden decirle</translation>
    </message>
    <message>
        <source>Questions to ask at your next visit</source>
        <translation>Preguntas para su próxima cita</translation>
    </message>
    <message>
        <source>What do these numbers mean for me?</source>
        <translation>¿Qué significan estos números para mí?</translation>
    </message>
    <message>
        <source>How often will I have scans and check-ups?</source>
        <translation>¿Cada cuánto tendré escáneres y revisiones?</translation>
    </message>
    <message>
        <source>Which signs should make me call the clinic?</source>
        <translation>¿Qué señales deben hacer que llame a la clínica?</translation>
    </message>
    <message>
        <source>What other treatments could help me, now or later?</source>
        <translation>¿Qué otros tratamientos podrían ayudarme, ahora o más adelante?</translation>
    </message>
    <message>
        <source>Made on {date} by the clinic with netlm-risk {version}. Based on a study from Mayo Clinic (published in 2023).</source>
        <translation>Hecho el {date} por la clínica con netlm-risk {version}. Basado en un estudio de Mayo Clinic (publicado en 2023).</translation>
    </message>
    <message>
        <source>For: {label}</source>
        <translation>Para: {label}</translation>
    </message>
</context>
<context>
    <name>PlainWords</name>
    <message numerus="yes">
        <source>%n years after surgery</source>
        <translation>
            <numerusform>%n año después de la operación</numerusform>
            <numerusform>%n años después de la operación</numerusform>
        </translation>
    </message>
    <message>
        <source>Of 100 people like this, fewer than 1 is alive {when}</source>
        <translation>De cada 100 personas en esta situación, menos de 1 sigue viva {when}</translation>
    </message>
    <message>
        <source>Of 100 people like this, almost all are alive {when}</source>
        <translation>De cada 100 personas en esta situación, casi todas siguen vivas {when}</translation>
    </message>
    <message numerus="yes">
        <source>Of 100 people like this, about %n are alive {when}</source>
        <translation>
            <numerusform>De cada 100 personas en esta situación, alrededor de %n sigue viva {when}</numerusform>
            <numerusform>De cada 100 personas en esta situación, unas %n siguen vivas {when}</numerusform>
        </translation>
    </message>
    <message>
        <source>Of 100 people like this, fewer than 1 is alive without the cancer growing or coming back {when}</source>
        <translation>De cada 100 personas en esta situación, menos de 1 sigue viva sin que el cáncer haya crecido ni vuelto {when}</translation>
    </message>
    <message>
        <source>Of 100 people like this, almost all are alive without the cancer growing or coming back {when}</source>
        <translation>De cada 100 personas en esta situación, casi todas siguen vivas sin que el cáncer haya crecido ni vuelto {when}</translation>
    </message>
    <message numerus="yes">
        <source>Of 100 people like this, about %n are alive without the cancer growing or coming back {when}</source>
        <translation>
            <numerusform>De cada 100 personas en esta situación, alrededor de %n sigue viva sin que el cáncer haya crecido ni vuelto {when}</numerusform>
            <numerusform>De cada 100 personas en esta situación, unas %n siguen vivas sin que el cáncer haya crecido ni vuelto {when}</numerusform>
        </translation>
    </message>
    <message>
        <source>{sentence}; the range is {low} to {high}.</source>
        <translation>{sentence}; el margen va de {low} a {high}.</translation>
    </message>
    <message>
        <source>{sentence}.</source>
        <translation>{sentence}.</translation>
    </message>
    <message>
        <source>The study did not follow people this long, so this number is an extrapolation (a careful guess).</source>
        <translation>El estudio no siguió a las personas tanto tiempo, así que este número es una extrapolación (una estimación cuidadosa).</translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive, with no sign of the cancer growing or coming back</source>
        <translation>
            <numerusform>%n persona está viva, sin señales de que el cáncer haya crecido o vuelto</numerusform>
            <numerusform>%n personas están vivas, sin señales de que el cáncer haya crecido o vuelto</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive, but the cancer has grown or come back</source>
        <translation>
            <numerusform>%n persona está viva, pero el cáncer ha crecido o ha vuelto</numerusform>
            <numerusform>%n personas están vivas, pero el cáncer ha crecido o ha vuelto</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people are alive</source>
        <translation>
            <numerusform>%n persona está viva</numerusform>
            <numerusform>%n personas están vivas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people have died</source>
        <translation>
            <numerusform>%n persona ha fallecido</numerusform>
            <numerusform>%n personas han fallecido</numerusform>
        </translation>
    </message>
    <message>
        <source>Out of 100 people like you, {when}:</source>
        <translation>De cada 100 personas como usted, {when}:</translation>
    </message>
    <message>
        <source>The range shows how sure the estimate is: the true number is likely to lie between these values.</source>
        <translation>El margen muestra cuán segura es la estimación: es probable que el número real esté entre estos valores.</translation>
    </message>
    <message>
        <source>These numbers come from {cohort} people who had this operation at one hospital (Mayo Clinic).</source>
        <translation>Estos números vienen de {cohort} personas que tuvieron esta operación en un solo hospital (Mayo Clinic).</translation>
    </message>
    <message>
        <source>They describe a group of people, not what will happen to any one person.</source>
        <translation>Describen a un grupo de personas, no lo que le pasará a una persona en concreto.</translation>
    </message>
    <message>
        <source>Treatment has improved since then, so people treated today may do better.</source>
        <translation>Los tratamientos han mejorado desde entonces, así que a quienes se tratan hoy les puede ir mejor.</translation>
    </message>
    <message>
        <source>How much of the cancer the operation removes is not known yet; the numbers average over the possible results.</source>
        <translation>Aún no se sabe cuánto del cáncer quitará la operación; los números son un promedio de los resultados posibles.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Translation not yet reviewed by a clinician</source>
        <translation>Traducción aún no revisada por un profesional médico</translation>
    </message>
</context>
</TS>
