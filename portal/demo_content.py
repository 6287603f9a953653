"""The words of the demo site, in French and English. Facts and figures come from AIBSL's presentation
(the seed); events are invented but plausible, placed around the day the demo is loaded.

StreamField bodies are written in Wagtail's raw JSON form (`{"type": …, "value": …}`), which the field
turns into blocks on assignment.
"""


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}


def bullets(*items):
    return {"type": "paragraph", "value": "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"}


def quote(text, attribution, role=""):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution, "role": role}}


def figures(title, *pairs):
    return {
        "type": "key_figures",
        "value": {"heading": title, "figures": [{"number": n, "label": label} for n, label in pairs]},
    }


def register_figures(title, intro, note):
    """The home page's figures computed from the arrivals register: editors write only the words around."""
    return {"type": "register_figures", "value": {"heading": title, "intro": intro, "note": note}}


def call_to_action(label, text, page_id):
    return {"type": "call_to_action", "value": {"label": label, "text": text, "page": page_id, "url": ""}}


def river_map_block(image_id, language):
    texts = {
        "fr": (
            "Schéma : le fleuve Saint-Laurent s'élargit de Montréal vers l'est; Québec est à mi-chemin et Rimouski, "
            "sur la rive sud de l'estuaire, est à 550 km de Montréal.",
            "Rimouski, à 550 km de Montréal (schéma, pas à l'échelle).",
        ),
        "en": (
            "Diagram: the St. Lawrence River widens from Montréal eastward; Québec City is halfway and Rimouski, on "
            "the south shore of the estuary, is 550 km from Montréal.",
            "Rimouski, 550 km from Montréal (diagram, not to scale; labels in French).",
        ),
    }
    alt_text, caption = texts[language]
    return {"type": "image", "value": {"image": image_id, "alt_text": alt_text, "caption": caption, "credit": ""}}


HOME_BODY = {
    "fr": [
        heading("Qui nous accueillons"),
        paragraph(
            "Rimouski accueille des <b>personnes réfugiées prises en charge par l'État</b> (RPCE) : des "
            "familles sélectionnées à l'étranger, qui arrivent au Québec avec la résidence permanente. "
            "Accueil et Intégration Bas-Saint-Laurent (AIBSL) les rencontre dès leur arrivée et les "
            "accompagne pendant leur première année, avec les partenaires du milieu.",
            "Les familles viennent notamment de Colombie et de République centrafricaine; on parle chez "
            "elles l'espagnol, le sango, le français, le swahili, l'arabe ou le kinyarwanda.",
        ),
        figures(
            "Rimouski, ville d'accueil en chiffres",
            ("14e", "ville d'accueil du Québec, depuis le 11 janvier 2017"),
            ("20 ans", "de présence d'AIBSL dans la région"),
            ("49 383", "habitants (2018)"),
            ("535 km²", "de territoire"),
            ("550 km", "de Montréal"),
        ),
        register_figures(
            "Les personnes accueillies",
            "Ces chiffres viennent du registre d'accueil d'AIBSL : ils changent au fil des arrivées et des départs.",
            "L'entente-cadre avec le ministère de l'Immigration fixait une cible de 200 personnes accueillies au "
            "30 juin 2019. Aucun chiffre sous le seuil de confidentialité n'est publié.",
        ),
        heading("Savoir qui fait quoi"),
        paragraph(
            "Beaucoup d'organisations accompagnent les familles : le ministère de l'Immigration, le CISSS, "
            "le centre de services scolaire, la Ville, des organismes communautaires, des CPE, des "
            "bénévoles. Passerelle réunit leurs rôles et leurs responsabilités, leurs références d'un "
            "organisme à l'autre et leur calendrier d'activités, pour que personne ne tombe entre deux chaises."
        ),
    ],
    "en": [
        heading("Who we welcome"),
        paragraph(
            "Rimouski welcomes <b>government-assisted refugees</b>: families selected abroad who arrive in "
            "Québec as permanent residents. Accueil et Intégration Bas-Saint-Laurent (AIBSL) meets them on "
            "arrival and accompanies them through their first year, together with local partners.",
            "Families come from Colombia and the Central African Republic, among others; at home they speak "
            "Spanish, Sango, French, Swahili, Arabic or Kinyarwanda.",
        ),
        figures(
            "Rimouski, welcome city, in figures",
            ("14th", "welcome city in Québec, since 11 January 2017"),
            ("20 years", "of AIBSL in the region"),
            ("49,383", "inhabitants (2018)"),
            ("535 km²", "of territory"),
            ("550 km", "from Montréal"),
        ),
        register_figures(
            "The people welcomed",
            "These figures come from AIBSL's arrivals register: they change as families arrive and leave.",
            "The framework agreement with the immigration ministry set a target of 200 people welcomed by "
            "30 June 2019. No figure under the confidentiality threshold is published.",
        ),
        heading("Knowing who does what"),
        paragraph(
            "Many organisations support the families: the immigration ministry, the CISSS, the school service "
            "centre, the City, community organisations, daycares, volunteers. Passerelle brings together their "
            "roles and responsibilities, their referrals from one organisation to another and their calendar "
            "of activities, so that nobody falls through the cracks."
        ),
    ],
}

CITY = {
    "fr": {
        "title": "La ville",
        "slug": "la-ville",
        "search_description": "Rimouski, 14e ville d'accueil : une ville au bord du fleuve, métropole régionale.",
        "intro": "Rimouski, métropole régionale au bord du fleuve Saint-Laurent, est devenue le 11 janvier 2017 "
        "la 14e ville d'accueil du Québec.",
        "body": [
            figures(
                "",
                ("49 383", "habitants (2018)"),
                ("535 km²", "de territoire"),
                ("550 km", "de Montréal"),
                ("2013", "« Ville du bonheur »"),
            ),
            heading("Une métropole régionale au bord du fleuve"),
            paragraph(
                "Située en bordure du fleuve Saint-Laurent, Rimouski offre les commerces, les services "
                "personnels et professionnels, les établissements d'enseignement et de santé d'une métropole "
                "régionale. Sa vocation maritime (sciences et techniques de la mer) et une nature omniprésente "
                "la distinguent.",
                "Les acteurs du milieu y travaillent en concertation : l'essor économique et l'enrichissement "
                "social vont de pair avec l'accueil de personnes déracinées qui aspirent à un avenir meilleur.",
            ),
            heading("Ce que les familles découvrent"),
            bullets(
                "les saisons, et surtout le premier hiver;",
                "le fleuve, la pêche blanche et les sports de glisse;",
                "les parcs de la ville et les services de proximité;",
                "un tour de ville pour connaître son quartier et « le marchand comme chez eux ».",
            ),
            paragraph(
                "Une ville sécuritaire, où il fait bon vivre et idéale pour les familles, avec un centre "
                "hospitalier, une université, un cégep, des écoles, des entreprises et des commerces."
            ),
        ],
    },
    "en": {
        "title": "The city",
        "slug": "the-city",
        "search_description": "Rimouski, 14th welcome city: a regional hub on the St. Lawrence River.",
        "intro": "Rimouski, a regional hub on the St. Lawrence River, became Québec's 14th welcome city on "
        "11 January 2017.",
        "body": [
            figures(
                "",
                ("49,383", "inhabitants (2018)"),
                ("535 km²", "of territory"),
                ("550 km", "from Montréal"),
                ("2013", "“City of happiness”"),
            ),
            heading("A regional hub on the river"),
            paragraph(
                "On the shore of the St. Lawrence, Rimouski offers the shops, personal and professional "
                "services, schools, colleges and health care of a regional hub. Its maritime vocation (marine "
                "science and technology) and nature everywhere set it apart.",
                "Local actors work together: economic growth and social enrichment go hand in hand with welcoming "
                "uprooted people who hope for a better future.",
            ),
            heading("What families discover"),
            bullets(
                "the seasons, above all the first winter;",
                "the river, ice fishing and winter sliding sports;",
                "the city's parks and local services;",
                "a city tour to get to know their neighbourhood and shop “as if at home”.",
            ),
            paragraph(
                "A safe city, good to live in and ideal for families, with a hospital, a university, a college, "
                "schools, businesses and shops."
            ),
        ],
    },
}

APPROACH = {
    "fr": {
        "title": "Notre démarche",
        "slug": "notre-demarche",
        "search_description": "Un modèle d'intervention concerté, ses défis et le temps de prendre le temps.",
        "intro": "Accueillir en région des personnes réfugiées, c'est co-construire un modèle d'intervention "
        "concerté et complémentaire, et prendre le temps qu'il faut.",
        "body": [
            heading("Une entente entre partenaires"),
            paragraph(
                "En janvier 2017, une entente-cadre avec le ministère de l'Immigration (le MIDI, aujourd'hui "
                "le MIFI) a fixé une cible de 200 personnes accueillies en juin 2019. Elle lie AIBSL, le CISSS "
                "du Bas-Saint-Laurent, la Commission scolaire des Phares (aujourd'hui centre de services "
                "scolaire) et la Ville de Rimouski, et comporte un cahier de charges. La première cohorte est "
                "arrivée en avril 2017.",
            ),
            figures(
                "Deux années d'accueil",
                ("71", "personnes accueillies de janvier 2017 au 20 juin 2018, par une équipe de 2 personnes"),
                ("11", "départs (famille, études)"),
                ("80", "personnes accueillies de juin 2018 à juin 2019"),
                ("4", "postes après la restructuration : coordination, 2 intervenantes interculturelles, jumelage"),
            ),
            heading("Les défis, en six dimensions (analyse PESTEL)"),
            bullets(
                "<b>Politique</b> : chaque milieu doit envisager ses pratiques sous un autre angle, avec son "
                "propre contexte organisationnel.",
                "<b>Économique</b> : un financement lié à la cible; le besoin d'un pignon sur rue (locaux, milieu "
                "de vie, friperie, halte-garderie).",
                "<b>Sociologique</b> : collaboration et concertation, certes, mais un peu « guerre de "
                "territoire »; méconnaissance des rôles et responsabilités de chacune des parties prenantes.",
                "<b>Technologique</b> : une équipe virtuelle, une base de données, un espace de partage virtuel, "
                "un calendrier d'activités; les familles doivent apprendre de nouvelles technologies.",
                "<b>Environnemental</b> : un environnement organisationnel parfois instable, où des parties "
                "prenantes aux intérêts divergents s'affrontent.",
                "<b>Légal</b> : l'entente avec le ministère, le protocole avec le CISSS, le référentiel de gestion "
                "des bénévoles.",
            ),
            heading("Le temps de prendre le temps"),
            paragraph(
                "Le rapport au temps des personnes accueillies est différent du nôtre, comme leur vision du "
                "monde. Il faut le temps pour la confiance, et le temps pour s'apprendre les uns les autres.",
            ),
            quote("Le temps de prendre le temps.", "Accueil et Intégration Bas-Saint-Laurent"),
        ],
    },
    "en": {
        "title": "Our approach",
        "slug": "our-approach",
        "search_description": "A concerted model of support, its challenges, and taking the time it takes.",
        "intro": "Welcoming refugees in a region means building, together, a concerted and complementary model "
        "of support, and taking the time it takes.",
        "body": [
            heading("An agreement between partners"),
            paragraph(
                "In January 2017, a framework agreement with the immigration ministry (then MIDI, now MIFI) set "
                "a target of 200 people welcomed by June 2019. It binds AIBSL, the CISSS du Bas-Saint-Laurent, "
                "the Commission scolaire des Phares (now a school service centre) and the City of Rimouski, and "
                "comes with a specification. The first cohort arrived in April 2017.",
            ),
            figures(
                "Two years of welcome",
                ("71", "people welcomed from January 2017 to 20 June 2018, by a team of 2"),
                ("11", "departures (family, studies)"),
                ("80", "people welcomed from June 2018 to June 2019"),
                ("4", "positions after the reorganisation: coordination, 2 intercultural workers, twinning"),
            ),
            heading("The challenges, in six dimensions (PESTEL analysis)"),
            bullets(
                "<b>Political</b>: each organisation has to look at its practices from a new angle, within its "
                "own organisational context.",
                "<b>Economic</b>: funding tied to the target; the need for a storefront (offices, a community "
                "space, a thrift shop, a drop-in daycare).",
                "<b>Social</b>: collaboration and concertation, yes, but some “turf wars”; partners do not know "
                "each other's roles and responsibilities.",
                "<b>Technological</b>: a virtual team, a database, a shared virtual space, an activity calendar; "
                "families need to learn new technologies.",
                "<b>Environmental</b>: an organisational environment that can be unstable, where stakeholders "
                "with diverging interests clash.",
                "<b>Legal</b>: the agreement with the ministry, the protocol with the CISSS, the volunteer "
                "management framework.",
            ),
            heading("Taking the time it takes"),
            paragraph(
                "The people we welcome relate to time differently, as they see the world differently. Trust "
                "takes time, and so does learning about one another.",
            ),
            quote(
                "Le temps de prendre le temps — taking the time it takes.", "Accueil et Intégration Bas-Saint-Laurent"
            ),
        ],
    },
}

PRACTICES_INDEX = {
    "fr": {
        "title": "Pratiques gagnantes",
        "slug": "pratiques-gagnantes",
        "search_description": "Ce qui fonctionne pour accueillir les familles réfugiées à Rimouski.",
        "intro": "Ce que les partenaires de Rimouski ont appris en accueillant les premières cohortes : des "
        "stratégies simples, qui reposent sur la concertation et sur la communauté.",
    },
    "en": {
        "title": "Winning practices",
        "slug": "winning-practices",
        "search_description": "What works when welcoming refugee families in Rimouski.",
        "intro": "What Rimouski's partners learned while welcoming the first cohorts: simple strategies that "
        "rest on concertation and on the community.",
    },
}

THEMES = [
    # slug, French, English
    ("arrivee", "Arrivée et installation", "Arrival and settling in"),
    ("communaute", "Engagement de la communauté", "Community engagement"),
    ("concertation", "Concertation et partenariat", "Concertation and partnership"),
    ("formation", "Formation des intervenants", "Training local actors"),
    ("sante", "Santé", "Health"),
    ("francisation", "Francisation", "Learning French"),
]

TWIN_QUOTE_FR = (
    "Le jumelage, c'est être présent à soi et à l'autre, être dans la rencontre, la transmission, le plaisir, "
    "rire, partager les bons moments et être là aussi dans les moins bons. Ça nourrit l'âme."
)
TWIN_QUOTE_EN = (
    "Twinning is being present to yourself and to the other, being in the encounter, passing things on, "
    "having fun, laughing, sharing the good times and being there in the harder ones too. It feeds the soul."
)


def practice(themes, fr, en):
    return {"themes": themes, "fr": fr, "en": en}


PRACTICES = [
    practice(
        ["arrivee"],
        {
            "slug": "routine-d-arrivee",
            "title": "La routine d'arrivée",
            "summary": "Les mêmes gestes, dans le même ordre, pour chaque famille qui arrive : personne n'est "
            "oublié et chacun sait ce qui vient ensuite.",
            "body": [
                paragraph(
                    "Dès l'annonce d'une arrivée, l'équipe d'AIBSL suit une routine connue de tous les "
                    "partenaires : accueil à l'arrivée, logement temporaire, premières courses, démarches "
                    "essentielles (assurance maladie, numéro d'assurance sociale, allocations familiales), "
                    "puis inscription à l'école et à la francisation.",
                    "Une routine partagée évite les oublis et rassure les familles, qui voient d'avance les "
                    "prochaines étapes.",
                ),
            ],
        },
        {
            "slug": "arrival-routine",
            "title": "The arrival routine",
            "summary": "The same steps, in the same order, for every family that arrives: nobody is forgotten "
            "and everyone knows what comes next.",
            "body": [
                paragraph(
                    "As soon as an arrival is announced, AIBSL's team follows a routine every partner knows: "
                    "welcome on arrival, temporary housing, first groceries, essential paperwork (health "
                    "insurance, social insurance number, family allowances), then school and French classes.",
                    "A shared routine avoids gaps and reassures families, who can see the next steps ahead.",
                ),
            ],
        },
    ),
    practice(
        ["arrivee", "concertation"],
        {
            "slug": "rencontre-statutaire-equipe-terrain",
            "title": "La rencontre statutaire de l'équipe terrain",
            "summary": "Une rencontre régulière de l'équipe sur la trajectoire migratoire de chaque famille, "
            "pour adapter l'intervention.",
            "body": [
                paragraph(
                    "L'équipe terrain se réunit à date fixe pour revoir la situation de chaque famille à la "
                    "lumière de sa trajectoire migratoire : le pays d'origine, les années dans un camp ou une "
                    "ville de transit, les séparations vécues.",
                    "Comprendre d'où vient une famille permet d'ajuster l'accompagnement plutôt que "
                    "d'appliquer la même recette à tous.",
                ),
            ],
        },
        {
            "slug": "standing-field-team-meeting",
            "title": "The standing field-team meeting",
            "summary": "A regular team meeting on each family's migration trajectory, to adapt the support.",
            "body": [
                paragraph(
                    "The field team meets on a fixed schedule to review each family's situation in the light "
                    "of its migration trajectory: the country of origin, the years in a camp or a transit city, "
                    "the separations lived through.",
                    "Understanding where a family comes from lets the team adjust its support instead of "
                    "applying the same recipe to everyone.",
                ),
            ],
        },
    ),
    practice(
        ["arrivee", "communaute"],
        {
            "slug": "accueil-a-l-autobus",
            "title": "L'accueil à l'autobus",
            "summary": "Les familles arrivent en autobus; des membres de leur communauté d'origine sont là "
            "pour les accueillir.",
            "body": [
                paragraph(
                    "Après un long voyage, les familles descendent de l'autobus à Rimouski. Des personnes de "
                    "leur communauté d'origine, arrivées avant elles, les attendent avec l'équipe d'AIBSL : un "
                    "visage connu, une langue partagée, dès la première minute.",
                    "L'engagement de la communauté d'origine fait de l'arrivée une rencontre plutôt qu'une "
                    "formalité.",
                ),
            ],
        },
        {
            "slug": "welcome-at-the-bus",
            "title": "Welcome at the bus",
            "summary": "Families arrive by bus; members of their community of origin are there to welcome them.",
            "body": [
                paragraph(
                    "After a long journey, families step off the bus in Rimouski. People from their community "
                    "of origin, who arrived before them, wait with AIBSL's team: a familiar face and a shared "
                    "language from the very first minute.",
                    "The community of origin's commitment turns the arrival into an encounter rather than a "
                    "formality.",
                ),
            ],
        },
    ),
    practice(
        ["communaute"],
        {
            "slug": "soeurs-du-saint-rosaire",
            "title": "Les Sœurs du Saint-Rosaire",
            "summary": "Une communauté religieuse fondée à Rimouski, engagée auprès des nouveaux arrivants.",
            "body": [
                paragraph(
                    "Les Sœurs du Saint-Rosaire, congrégation fondée à Rimouski, soutiennent l'accueil des "
                    "familles : présence, écoute, aide concrète aux premiers pas dans la ville.",
                ),
            ],
        },
        {
            "slug": "soeurs-du-saint-rosaire",
            "title": "The Sœurs du Saint-Rosaire",
            "summary": "A religious congregation founded in Rimouski, committed to welcoming newcomers.",
            "body": [
                paragraph(
                    "The Sœurs du Saint-Rosaire, a congregation founded in Rimouski, support the welcome of "
                    "families: presence, listening, practical help with the first steps in the city.",
                ),
            ],
        },
    ),
    practice(
        ["communaute"],
        {
            "slug": "jumelage",
            "title": "Le jumelage",
            "summary": "Une famille nouvellement arrivée et des citoyens de Rimouski apprennent à se connaître, "
            "au rythme de chacun.",
            "body": [
                paragraph(
                    "Une intervenante en jumelage met en relation des familles réfugiées et des bénévoles "
                    "de Rimouski. Une famille colombienne s'est ainsi familiarisée avec son milieu de vie et se "
                    "l'est approprié; une famille centrafricaine a organisé une fête pour « redonner ce qu'elle "
                    "avait reçu ».",
                ),
                quote(TWIN_QUOTE_FR, "Un jumeau", "bénévole en jumelage"),
            ],
        },
        {
            "slug": "twinning",
            "title": "Twinning",
            "summary": "A newly arrived family and Rimouski residents get to know each other, at everyone's pace.",
            "body": [
                paragraph(
                    "A twinning worker matches refugee families with Rimouski volunteers. A Colombian family "
                    "thus got to know its new surroundings and made them its own; a Central African family "
                    "threw a party to “give back what it had received”.",
                ),
                quote(TWIN_QUOTE_EN, "A twin", "twinning volunteer (quote translated from French)"),
            ],
        },
    ),
    practice(
        ["communaute"],
        {
            "slug": "collectif-trait-d-union",
            "title": "Le Collectif Trait d'Union",
            "summary": "Le collectif d'AIBSL qui engage la communauté locale dans l'accueil.",
            "body": [
                paragraph(
                    "Le Collectif Trait d'Union rassemble des citoyennes et des citoyens de Rimouski autour "
                    "d'AIBSL. Il mobilise la communauté locale : activités, collectes, accompagnement.",
                ),
            ],
        },
        {
            "slug": "collectif-trait-d-union",
            "title": "The Collectif Trait d'Union",
            "summary": "AIBSL's collective that engages the local community in the welcome.",
            "body": [
                paragraph(
                    "The Collectif Trait d'Union gathers Rimouski residents around AIBSL. It mobilises the local "
                    "community: activities, collections, accompaniment.",
                ),
            ],
        },
    ),
    practice(
        ["formation", "concertation"],
        {
            "slug": "formation-tcri",
            "title": "La formation de la TCRI",
            "summary": "Une formation commune pour tous les acteurs du milieu, donnée par la TCRI.",
            "body": [
                paragraph(
                    "La Table de concertation des organismes au service des personnes réfugiées et immigrantes "
                    "(TCRI) a formé l'ensemble des acteurs du milieu. Une même formation pour tous crée un "
                    "langage commun et mobilise chacun autour de l'accueil.",
                ),
            ],
        },
        {
            "slug": "tcri-training",
            "title": "TCRI training",
            "summary": "One training for every local actor, given by the TCRI.",
            "body": [
                paragraph(
                    "The TCRI, Québec's umbrella of organisations serving refugees and immigrants, trained all "
                    "local actors. The same training for everyone builds a shared language and rallies each "
                    "organisation around the welcome.",
                ),
            ],
        },
    ),
    practice(
        ["sante", "concertation"],
        {
            "slug": "rencontre-clinique-des-refugies",
            "title": "La rencontre avec la clinique des réfugiés",
            "summary": "AIBSL et la clinique des réfugiés du CISSS se rencontrent pour coordonner "
            "l'évaluation de santé des familles.",
            "body": [
                paragraph(
                    "La clinique des réfugiés du CISSS du Bas-Saint-Laurent fait l'évaluation de santé des "
                    "nouveaux arrivants. Des rencontres régulières avec AIBSL coordonnent les rendez-vous et "
                    "préparent les soignants à des maladies tropicales ou infectieuses peu connues ici.",
                ),
            ],
        },
        {
            "slug": "refugee-clinic-meeting",
            "title": "The refugee clinic meeting",
            "summary": "AIBSL and the CISSS refugee clinic meet to coordinate the families' health assessment.",
            "body": [
                paragraph(
                    "The CISSS du Bas-Saint-Laurent's refugee clinic does the newcomers' health assessment. "
                    "Regular meetings with AIBSL coordinate appointments and prepare the care teams for tropical "
                    "or infectious diseases that are rarely seen here.",
                ),
            ],
        },
    ),
    practice(
        ["francisation", "concertation"],
        {
            "slug": "equipe-de-francisation",
            "title": "La rencontre avec l'équipe de francisation",
            "summary": "Se parler pour sortir d'une impasse : adapter la francisation aux familles réfugiées.",
            "body": [
                paragraph(
                    "Apprendre le français est la clé de l'intégration, mais les classes ne convenaient pas "
                    "toujours à des adultes peu scolarisés ou à des parents de jeunes enfants. Des rencontres "
                    "avec l'équipe de la francisation ont permis de sortir peu à peu de l'impasse.",
                ),
            ],
        },
        {
            "slug": "francisation-team",
            "title": "Meeting the francisation team",
            "summary": "Talking to get out of a deadlock: adapting French classes to refugee families.",
            "body": [
                paragraph(
                    "Learning French is the key to integration, but classes did not always suit adults with "
                    "little schooling or parents of young children. Meetings with the francisation team are "
                    "gradually getting things out of the deadlock.",
                ),
            ],
        },
    ),
    practice(
        ["concertation", "communaute"],
        {
            "slug": "partenariat-organismes-du-milieu",
            "title": "Le partenariat avec les organismes du milieu",
            "summary": "Une complicité avec les organismes communautaires de Rimouski.",
            "body": [
                paragraph(
                    "Maison des familles, Centre de femmes, Accueil Maternité, Centre de pédiatrie sociale, "
                    "La Débrouille, CALACS, Moisson Rimouski-Neigette : chacun apporte son expertise. Le "
                    "partenariat, fait de complicité plus que de conventions, permet de diriger chaque famille "
                    "vers le bon organisme.",
                ),
            ],
        },
        {
            "slug": "partnership-with-local-organisations",
            "title": "Partnership with local organisations",
            "summary": "A close working relationship with Rimouski's community organisations.",
            "body": [
                paragraph(
                    "Maison des familles, Centre de femmes, Accueil Maternité, Centre de pédiatrie sociale, "
                    "La Débrouille, CALACS, Moisson Rimouski-Neigette: each brings its expertise. A partnership "
                    "built on trust more than on contracts sends each family to the right organisation.",
                ),
            ],
        },
    ),
    practice(
        ["concertation"],
        {
            "slug": "antenne-du-ministere",
            "title": "L'antenne régionale du ministère",
            "summary": "Un bureau du ministère de l'Immigration (MIDI, aujourd'hui MIFI) dans la région.",
            "body": [
                paragraph(
                    "La présence d'une antenne du ministère de l'Immigration à proximité facilite le suivi de "
                    "l'entente et le règlement rapide des situations particulières.",
                ),
            ],
        },
        {
            "slug": "ministry-office",
            "title": "The ministry's regional office",
            "summary": "An office of Québec's immigration ministry (then MIDI, now MIFI) in the region.",
            "body": [
                paragraph(
                    "Having an office of the immigration ministry nearby makes it easier to follow the agreement "
                    "and to settle particular situations quickly.",
                ),
            ],
        },
    ),
    practice(
        ["concertation"],
        {
            "slug": "table-de-concertation",
            "title": "La Table de concertation en immigration Rimouski-Neigette",
            "summary": "Les partenaires de l'accueil se réunissent autour de la Ville de Rimouski.",
            "body": [
                paragraph(
                    "La Table de concertation en immigration Rimouski-Neigette, animée avec la Ville de "
                    "Rimouski, réunit régulièrement les partenaires : on y clarifie les rôles, on y partage "
                    "l'information et on y règle les chevauchements avant qu'ils ne deviennent des conflits.",
                ),
            ],
        },
        {
            "slug": "table-de-concertation",
            "title": "The Table de concertation en immigration Rimouski-Neigette",
            "summary": "The welcome partners meet regularly around the City of Rimouski.",
            "body": [
                paragraph(
                    "The Table de concertation en immigration Rimouski-Neigette, run with the City of Rimouski, "
                    "brings the partners together regularly: roles get clarified, information is shared, and "
                    "overlaps are settled before they turn into conflicts.",
                ),
            ],
        },
    ),
]

CALENDAR = {
    "fr": {
        "title": "Calendrier d'activités",
        "slug": "calendrier",
        "search_description": "Rencontres, formations et fêtes de la ville d'accueil; abonnez-vous au calendrier.",
        "intro": "Les activités des partenaires de l'accueil et de la communauté : rencontres de concertation, "
        "formations, soirées de jumelage et fêtes.",
    },
    "en": {
        "title": "Events calendar",
        "slug": "calendar",
        "search_description": "Meetings, training sessions and celebrations of the welcome city; subscribe.",
        "intro": "Activities of the welcome partners and the community: concertation meetings, training "
        "sessions, twinning evenings and celebrations.",
    },
}


def event(slug_fr, slug_en, *, day, start, end=None, last_day=None, audience="everyone", organizer="", fr, en):
    """`day` is an offset in days from the day the demo is loaded; `start`/`end` are "HH:MM" or None (all day)."""
    return {
        "day": day,
        "last_day": last_day,
        "start": start,
        "end": end,
        "audience": audience,
        "organizer": organizer,
        "fr": {"slug": slug_fr, **fr},
        "en": {"slug": slug_en, **en},
    }


EVENTS = [
    event(
        "formation-tcri-automne", "tcri-training-fall", day=-40, start=None, audience="partners", organizer="TCRI",
        fr={"title": "Formation TCRI : intervenir auprès des personnes réfugiées", "place": "Locaux d'AIBSL, Rimouski",
            "summary": "Une journée de formation pour les intervenantes et intervenants de tous les organismes."},
        en={"title": "TCRI training: working with refugees", "place": "AIBSL offices, Rimouski",
            "summary": "A day of training for caseworkers from every organisation."},
    ),
    event(
        "table-de-concertation-automne", "table-de-concertation-fall", day=-21, start="13:30", end="16:00",
        audience="partners", organizer="Table de concertation",
        fr={"title": "Table de concertation en immigration : rencontre d'automne",
            "place": "Hôtel de ville de Rimouski",
            "summary": "Bilan des arrivées de l'été et répartition des rôles pour l'hiver."},
        en={"title": "Table de concertation: fall meeting", "place": "Rimouski City Hall",
            "summary": "Review of the summer's arrivals and sharing of roles for the winter."},
    ),
    event(
        "fete-centrafricaine", "central-african-celebration", day=-12, start="17:00", end="21:00",
        organizer="AIBSL",
        fr={"title": "Fête centrafricaine", "place": "Salle communautaire, Rimouski",
            "summary": "Une famille centrafricaine invite la communauté pour « redonner ce qu'elle a reçu » : "
            "musique, danse et repas partagé."},
        en={"title": "Central African celebration", "place": "Community hall, Rimouski",
            "summary": "A Central African family invites the community to “give back what it received”: music, "
            "dance and a shared meal."},
    ),
    event(
        "portes-ouvertes-francisation", "francisation-open-house", day=-5, start="15:00", end="19:00",
        audience="newcomers",
        fr={"title": "Portes ouvertes de la francisation", "place": "Centre de formation des adultes, Rimouski",
            "summary": "Découvrir les cours de français à temps plein et à temps partiel, et s'y inscrire."},
        en={"title": "Francisation open house", "place": "Adult education centre, Rimouski",
            "summary": "Discover full-time and part-time French classes, and sign up."},
    ),
    event(
        "collecte-vetements-hiver", "winter-clothing-drive", day=3, last_day=5, start=None,
        organizer="Collectif Trait d'Union",
        fr={"title": "Collecte de vêtements d'hiver", "place": "Friperie d'AIBSL, Rimouski",
            "summary": "Manteaux, bottes, mitaines et tuques pour les familles qui vivent leur premier hiver."},
        en={"title": "Winter clothing drive", "place": "AIBSL thrift shop, Rimouski",
            "summary": "Coats, boots, mittens and toques for families facing their first winter."},
    ),
    event(
        "soiree-de-jumelage", "twinning-evening", day=8, start="18:30", end="21:00", audience="volunteers",
        organizer="AIBSL",
        fr={"title": "Soirée de jumelage", "place": "Locaux d'AIBSL, Rimouski",
            "summary": "Rencontre entre familles et bénévoles jumeaux; information pour les nouveaux bénévoles."},
        en={"title": "Twinning evening", "place": "AIBSL offices, Rimouski",
            "summary": "Families meet their volunteer twins; information for new volunteers."},
    ),
    event(
        "atelier-hiver", "winter-workshop", day=11, start="13:00", end="15:00", audience="newcomers",
        organizer="AIBSL",
        fr={"title": "Atelier : bien vivre l'hiver à Rimouski", "place": "Bibliothèque Lisette-Morin, Rimouski",
            "summary": "S'habiller, chauffer son logement, se déplacer et profiter de la neige."},
        en={"title": "Workshop: enjoying winter in Rimouski", "place": "Lisette-Morin library, Rimouski",
            "summary": "Dressing warmly, heating your home, getting around and enjoying the snow."},
    ),
    event(
        "table-de-concertation-decembre", "table-de-concertation-december", day=15, start="13:30", end="16:00",
        audience="partners", organizer="Table de concertation",
        fr={"title": "Table de concertation en immigration : rencontre de décembre",
            "place": "Hôtel de ville de Rimouski",
            "summary": "Qui fait quoi à l'arrivée d'une famille : mise à jour de la matrice des responsabilités."},
        en={"title": "Table de concertation: December meeting", "place": "Rimouski City Hall",
            "summary": "Who does what when a family arrives: updating the responsibility matrix."},
    ),
    event(
        "souper-interculturel-des-fetes", "intercultural-holiday-dinner", day=24, start="17:30", end="21:30",
        organizer="Collectif Trait d'Union",
        fr={"title": "Souper interculturel des Fêtes", "place": "Salle communautaire, Rimouski",
            "summary": "Chaque famille apporte un plat de son pays; les bénévoles s'occupent du dessert."},
        en={"title": "Intercultural holiday dinner", "place": "Community hall, Rimouski",
            "summary": "Each family brings a dish from home; volunteers take care of dessert."},
    ),
    event(
        "journee-plein-air-hiver", "winter-outdoor-day", day=52, start="09:30", end="15:00",
        fr={"title": "Journée plein air : glissade et pêche blanche", "place": "Parc Beauséjour, Rimouski",
            "summary": "Découvrir la glissade et la pêche blanche avec les familles jumelées."},
        en={"title": "Outdoor day: sliding and ice fishing", "place": "Parc Beauséjour, Rimouski",
            "summary": "Try sliding and ice fishing with twinned families."},
    ),
    event(
        "formation-tcri-hiver", "tcri-training-winter", day=60, start=None, audience="partners", organizer="TCRI",
        fr={"title": "Formation TCRI : trajectoires migratoires et deuil", "place": "Locaux d'AIBSL, Rimouski",
            "summary": "Deuxième journée de formation pour les intervenantes et intervenants du milieu."},
        en={"title": "TCRI training: migration trajectories and grief", "place": "AIBSL offices, Rimouski",
            "summary": "Second day of training for local caseworkers."},
    ),
    event(
        "table-de-concertation-fevrier", "table-de-concertation-february", day=78, start="13:30", end="16:00",
        audience="partners", organizer="Table de concertation",
        fr={"title": "Table de concertation en immigration : rencontre de février",
            "place": "Hôtel de ville de Rimouski",
            "summary": "Préparer les arrivées du printemps."},
        en={"title": "Table de concertation: February meeting", "place": "Rimouski City Hall",
            "summary": "Getting ready for the spring arrivals."},
    ),
]

FOOTER = {
    "about_fr": "Passerelle est la plateforme de coordination des partenaires de l'accueil des personnes réfugiées "
    "à Rimouski, animée par Accueil et Intégration Bas-Saint-Laurent (AIBSL). Site de démonstration.",
    "about_en": "Passerelle is the coordination platform of the partners who welcome refugees in Rimouski, run by "
    "Accueil et Intégration Bas-Saint-Laurent (AIBSL). Demonstration site.",
    "address": "Accueil et Intégration Bas-Saint-Laurent\nRimouski (Québec)",
    "email": "info@passerelle.example",
    "phone": "",
}


# The person in charge of personal information (Law 25): an invented person at the settlement agency.
PRIVACY = {
    "officer_name": "Geneviève Exemple (personne fictive)",
    "officer_title": "Responsable de la protection des renseignements personnels, AIBSL",
    "officer_email": "confidentialite@example.org",
    "officer_phone": "418 555-0142",
    "policy_fr": (
        "<h2>Ce qui est recueilli et pourquoi</h2><p>Les pages publiques ne recueillent rien sur les visiteurs. "
        "Pour une référence entre organismes, l'intervenante consigne seulement ce dont l'organisme receveur a "
        "besoin : nom, année de naissance, langues, un moyen de joindre la personne, le motif et son "
        "consentement.</p><h2>Qui les reçoit</h2><p>Seuls les deux organismes parties à la référence. Chaque "
        "consultation est inscrite au journal des accès.</p><h2>Pour combien de temps</h2><p>Un an après la fin "
        "de la référence, puis effacement.</p><h2>Vos droits</h2><p>Vous pouvez demander à voir vos "
        "renseignements et les faire corriger auprès de l'organisme ou de la responsable ci-dessus. Vous pouvez "
        "porter plainte à la <a href=\"https://www.cai.gouv.qc.ca/\">Commission d'accès à l'information</a>.</p>"
    ),
    "policy_en": (
        "<h2>What is collected and why</h2><p>Public pages collect nothing about visitors. For a referral "
        "between organisations, the caseworker records only what the receiving organisation needs: name, year of "
        "birth, languages, a way to reach the person, the reason and their consent.</p><h2>Who receives it</h2>"
        "<p>Only the two organisations party to the referral. Every reading is written in the access log.</p>"
        "<h2>For how long</h2><p>One year after the referral ends, then erased.</p><h2>Your rights</h2><p>You may "
        "ask to see your information and have it corrected by the organisation or the person in charge above. "
        "You may complain to the <a href=\"https://www.cai.gouv.qc.ca/\">Commission d'accès à "
        "l'information</a>.</p>"
    ),
}
