"""The default questionnaire: the regional questionnaire of 2020 (seed 000).

Questions a–d are asked about the objectives: once per thematic area in a
regional cycle (as in 2020), once per objective in an IMRF cycle (as the
national reports of seed 001 are written). 6 is the guiding-principles table
and 7–10 are asked once per review; each of them has its place in the IMRF
report's structure. A new cycle starts from these or copies the
questionnaire of an earlier cycle.
"""

GUIDANCE_ES = (
    "Alrededor de 500 palabras. Base la respuesta en datos estadísticos y cualitativos, con "
    "enfoque de género y niñez, visibilizando a los grupos más vulnerables (incluidos migrantes "
    "de pueblos indígenas y afrodescendientes). Adjunte o enlace los documentos de política "
    "pertinentes y señale cualquier política o práctica innovadora."
)
GUIDANCE_EN = (
    "About 500 words. Base the answer on statistical and qualitative data, with a gender and "
    "child perspective, giving visibility to the most vulnerable groups (including indigenous "
    "and Afro-descendant migrants). Attach or link the relevant policy documents and point out "
    "any innovative policy or practice."
)

OBJECTIVE_QUESTIONS = [
    (
        "a",
        "¿Cuál de estos objetivos es de particular importancia en el contexto nacional? "
        "Explique por qué.",
        "Which of these objectives is of particular importance in the national context? "
        "Explain why.",
    ),
    (
        "b",
        "¿Qué estrategias, políticas, programas y acciones ha llevado a cabo su país en los "
        "últimos años para avanzar en estos objetivos? (en particular, desde la adopción del PMM "
        "el 10 de diciembre de 2018)",
        "What strategies, policies, programmes and actions has your country carried out in recent "
        "years to advance these objectives? (in particular since the adoption of the GCM on "
        "10 December 2018)",
    ),
    (
        "c",
        "Explicite algunos de los resultados de estas acciones, medidas que han sido efectivas, "
        "mejores prácticas y lecciones aprendidas en la implementación de estos objetivos.",
        "Describe some results of these actions, measures that have been effective, good "
        "practices and lessons learned in implementing these objectives.",
    ),
    (
        "d",
        "¿Cuáles son las principales dificultades y desafíos que ha encontrado para abordar "
        "estos objetivos?",
        "What are the main difficulties and challenges you have met in addressing these "
        "objectives?",
    ),
]

# The same questions when each form is about one objective (IMRF cycles): "this
# objective", never "which of these objectives" on a one-objective page.
PER_OBJECTIVE_QUESTIONS = [
    (
        "a",
        "¿Qué importancia tiene este objetivo en el contexto nacional? Explique por qué.",
        "How important is this objective in the national context? Explain why.",
    ),
    (
        "b",
        "¿Qué estrategias, políticas, programas y acciones ha llevado a cabo su país en los "
        "últimos años para avanzar en este objetivo? (en particular, desde la adopción del PMM "
        "el 10 de diciembre de 2018)",
        "What strategies, policies, programmes and actions has your country carried out in recent "
        "years to advance this objective? (in particular since the adoption of the GCM on "
        "10 December 2018)",
    ),
    (
        "c",
        "Explicite algunos de los resultados de estas acciones, medidas que han sido efectivas, "
        "mejores prácticas y lecciones aprendidas en la implementación de este objetivo.",
        "Describe some results of these actions, measures that have been effective, good "
        "practices and lessons learned in implementing this objective.",
    ),
    (
        "d",
        "¿Cuáles son las principales dificultades y desafíos que ha encontrado para abordar "
        "este objetivo?",
        "What are the main difficulties and challenges you have met in addressing this objective?",
    ),
]

# code, Spanish, English, answer format, place in the IMRF report, asked to the institutions
CROSS_CUTTING_QUESTIONS = [
    (
        "6",
        "¿Qué medidas se han tomado para integrar la visión y los principios rectores "
        "transversales e interdependientes del Pacto Mundial en su implementación? ¿Cómo se logró?",
        "What measures have been taken to integrate the vision and the cross-cutting and "
        "interdependent guiding principles of the Global Compact into its implementation? "
        "How was this achieved?",
        "principles",
        "policy",
        False,
    ),
    (
        "7",
        "¿Qué desafíos de contexto se han identificado en la aplicación del Pacto Mundial en el "
        "período examinado (por ejemplo, la pandemia de COVID-19)? ¿Qué medidas se han tomado "
        "para abordar la situación específica de las personas migrantes y sus familias?",
        "What challenges of context have been identified in implementing the Global Compact in "
        "the period under review (for example the COVID-19 pandemic)? What measures have been "
        "taken to address the specific situation of migrants and their families?",
        "text",
        "policy",
        True,
    ),
    (
        "8",
        "¿Qué se ha hecho para integrar la aplicación de los objetivos del Pacto Mundial en la "
        "aplicación de los ODS? ¿Considera que el seguimiento del Consenso de Montevideo sobre "
        "Población y Desarrollo es pertinente para el Pacto?",
        "What has been done to integrate the implementation of the Global Compact's objectives "
        "into the implementation of the SDGs? Do you consider the follow-up of the Montevideo "
        "Consensus on Population and Development relevant to the Compact?",
        "text",
        "policy",
        True,
    ),
    (
        "9",
        "¿Qué metodología se adoptó para cumplimentar esta revisión voluntaria del Pacto "
        "Mundial? ¿Cómo se logró la participación de los diversos niveles de la estructura de "
        "gobierno? ¿Qué mecanismos se utilizaron para informar e involucrar a la sociedad civil y "
        "otros interesados pertinentes? ¿Se incluyeron organizaciones regionales? ¿Participaron "
        "los coordinadores residentes y los equipos de país de las Naciones Unidas?",
        "What methodology was adopted to prepare this voluntary review of the Global Compact? "
        "How were the different levels of government involved? What mechanisms were used to "
        "inform and involve civil society and other relevant stakeholders? Were regional "
        "organizations included? Did the resident coordinators and the UN country teams take "
        "part?",
        "text",
        "methodology",
        False,
    ),
    (
        "10",
        "¿Qué dificultades ha enfrentado el proceso de aplicación del Pacto Mundial? ¿Qué "
        "recursos adicionales se necesitan (financiamiento, creación de capacidad, datos e "
        "información, tecnología, alianzas con otros interesados pertinentes)? ¿Qué pasos se "
        "planean para mejorar la aplicación del Pacto Mundial?",
        "What difficulties has the implementation of the Global Compact faced? What additional "
        "resources are needed (financing, capacity building, data and information, technology, "
        "partnerships with other relevant stakeholders)? What steps are planned to improve the "
        "implementation of the Global Compact?",
        "text",
        "means",
        True,
    ),
]
