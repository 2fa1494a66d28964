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
GUIDANCE_FR = (
    "Environ 500 mots. Fondez la réponse sur des données statistiques et qualitatives, en tenant "
    "compte du genre et de l'enfance et en rendant visibles les groupes les plus vulnérables (y "
    "compris les migrants autochtones et d'ascendance africaine). Joignez ou liez les documents "
    "de politique pertinents et signalez toute politique ou pratique innovante."
)
GUIDANCE_PT = (
    "Cerca de 500 palavras. Baseie a resposta em dados estatísticos e qualitativos, com enfoque "
    "de gênero e de infância, dando visibilidade aos grupos mais vulneráveis (incluindo migrantes "
    "indígenas e afrodescendentes). Anexe ou indique o link dos documentos de política "
    "pertinentes e aponte qualquer política ou prática inovadora."
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

# French and Portuguese of the questions above, by code.
OBJECTIVE_QUESTIONS_FR_PT = {
    "a": (
        "Lequel de ces objectifs revêt une importance particulière dans le contexte national ? "
        "Expliquez pourquoi.",
        "Qual destes objetivos é de particular importância no contexto nacional? Explique por quê.",
    ),
    "b": (
        "Quelles stratégies, politiques, programmes et actions votre pays a-t-il menés ces "
        "dernières années pour progresser vers ces objectifs ? (en particulier depuis l'adoption "
        "du Pacte mondial le 10 décembre 2018)",
        "Que estratégias, políticas, programas e ações seu país realizou nos últimos anos para "
        "avançar nestes objetivos? (em particular desde a adoção do Pacto Global em "
        "10 de dezembro de 2018)",
    ),
    "c": (
        "Décrivez certains résultats de ces actions, les mesures qui se sont révélées efficaces, "
        "les bonnes pratiques et les enseignements tirés de la mise en œuvre de ces objectifs.",
        "Descreva alguns resultados dessas ações, medidas que foram eficazes, boas práticas e "
        "lições aprendidas na implementação destes objetivos.",
    ),
    "d": (
        "Quelles sont les principales difficultés et les principaux défis que vous avez "
        "rencontrés pour atteindre ces objectifs ?",
        "Quais são as principais dificuldades e desafios que vocês encontraram para abordar "
        "estes objetivos?",
    ),
}

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

PER_OBJECTIVE_QUESTIONS_FR_PT = {
    "a": (
        "Quelle importance cet objectif revêt-il dans le contexte national ? Expliquez pourquoi.",
        "Qual é a importância deste objetivo no contexto nacional? Explique por quê.",
    ),
    "b": (
        "Quelles stratégies, politiques, programmes et actions votre pays a-t-il menés ces "
        "dernières années pour progresser vers cet objectif ? (en particulier depuis l'adoption "
        "du Pacte mondial le 10 décembre 2018)",
        "Que estratégias, políticas, programas e ações seu país realizou nos últimos anos para "
        "avançar neste objetivo? (em particular desde a adoção do Pacto Global em "
        "10 de dezembro de 2018)",
    ),
    "c": (
        "Décrivez certains résultats de ces actions, les mesures qui se sont révélées efficaces, "
        "les bonnes pratiques et les enseignements tirés de la mise en œuvre de cet objectif.",
        "Descreva alguns resultados dessas ações, medidas que foram eficazes, boas práticas e "
        "lições aprendidas na implementação deste objetivo.",
    ),
    "d": (
        "Quelles sont les principales difficultés et les principaux défis que vous avez "
        "rencontrés pour atteindre cet objectif ?",
        "Quais são as principais dificuldades e desafios que vocês encontraram para abordar "
        "este objetivo?",
    ),
}

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

CROSS_CUTTING_QUESTIONS_FR_PT = {
    "6": (
        "Quelles mesures ont été prises pour intégrer la vision et les principes directeurs "
        "transversaux et interdépendants du Pacte mondial dans sa mise en œuvre ? Comment y "
        "est-on parvenu ?",
        "Que medidas foram tomadas para integrar a visão e os princípios orientadores "
        "transversais e interdependentes do Pacto Global em sua implementação? Como isso foi "
        "alcançado?",
    ),
    "7": (
        "Quels défis liés au contexte ont été recensés dans la mise en œuvre du Pacte mondial "
        "au cours de la période examinée (par exemple la pandémie de COVID-19) ? Quelles mesures "
        "ont été prises pour répondre à la situation particulière des personnes migrantes et de "
        "leur famille ?",
        "Que desafios de contexto foram identificados na implementação do Pacto Global no "
        "período examinado (por exemplo, a pandemia de COVID-19)? Que medidas foram tomadas "
        "para abordar a situação específica das pessoas migrantes e de suas famílias?",
    ),
    "8": (
        "Qu'a-t-on fait pour intégrer la mise en œuvre des objectifs du Pacte mondial dans celle "
        "des ODD ? Estimez-vous que le suivi du Consensus de Montevideo sur la population et le "
        "développement est pertinent pour le Pacte ?",
        "O que foi feito para integrar a implementação dos objetivos do Pacto Global à "
        "implementação dos ODS? Considera que o acompanhamento do Consenso de Montevidéu sobre "
        "População e Desenvolvimento é pertinente para o Pacto?",
    ),
    "9": (
        "Quelle méthode a été adoptée pour mener cet examen volontaire du Pacte mondial ? "
        "Comment les différents niveaux de l'administration y ont-ils été associés ? Quels "
        "mécanismes ont servi à informer et à associer la société civile et les autres parties "
        "prenantes concernées ? Des organisations régionales y ont-elles pris part ? Les "
        "coordonnateurs résidents et les équipes de pays des Nations Unies y ont-ils participé ?",
        "Que metodologia foi adotada para realizar esta revisão voluntária do Pacto Global? Como "
        "se obteve a participação dos diversos níveis da estrutura de governo? Que mecanismos "
        "foram utilizados para informar e envolver a sociedade civil e outras partes interessadas "
        "pertinentes? Foram incluídas organizações regionais? Os coordenadores residentes e as "
        "equipes de país das Nações Unidas participaram?",
    ),
    "10": (
        "Quelles difficultés la mise en œuvre du Pacte mondial a-t-elle rencontrées ? De quelles "
        "ressources supplémentaires a-t-on besoin (financement, renforcement des capacités, "
        "données et informations, technologie, partenariats avec d'autres parties prenantes "
        "concernées) ? Quelles mesures sont prévues pour améliorer la mise en œuvre du Pacte "
        "mondial ?",
        "Que dificuldades o processo de implementação do Pacto Global enfrentou? Que recursos "
        "adicionais são necessários (financiamento, desenvolvimento de capacidades, dados e "
        "informações, tecnologia, parcerias com outras partes interessadas pertinentes)? Que "
        "passos estão previstos para melhorar a implementação do Pacto Global?",
    ),
}


def translations(code: str, *, per_objective: bool = False) -> dict:
    """A question's French and Portuguese texts, as its ``translations``.

    Questions a–d carry the guidance too; ``per_objective`` picks their wording
    about one objective (IMRF cycles) rather than a group of them.
    """
    if code in CROSS_CUTTING_QUESTIONS_FR_PT:
        french, portuguese = CROSS_CUTTING_QUESTIONS_FR_PT[code]
        return {"fr": {"text": french}, "pt": {"text": portuguese}}
    texts = PER_OBJECTIVE_QUESTIONS_FR_PT if per_objective else OBJECTIVE_QUESTIONS_FR_PT
    french, portuguese = texts[code]
    return {
        "fr": {"text": french, "help_text": GUIDANCE_FR},
        "pt": {"text": portuguese, "help_text": GUIDANCE_PT},
    }
