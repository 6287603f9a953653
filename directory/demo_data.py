# ruff: noqa: E501 (a data file: long French and English sentences read better unbroken)
"""The Rimouski demo's facts: stakeholders named in the seed (today's names, former ones noted), the
integration pathway and who does what in it. Data only; directory/demo.py loads it.

Contact details are fictitious on purpose (555-01xx numbers, example.org addresses): a demo must not send
anyone to a real desk.
"""

SECTORS = [
    ("accueil", "Accueil et établissement", "Settlement"),
    ("sante", "Santé et services sociaux", "Health and social services"),
    ("education", "Éducation et francisation", "Education and French courses"),
    ("logement", "Logement", "Housing"),
    ("emploi", "Emploi et économie", "Employment and economy"),
    ("famille", "Famille et petite enfance", "Families and early childhood"),
    ("alimentation", "Aide alimentaire", "Food aid"),
    ("services-publics", "Services gouvernementaux", "Government services"),
    ("securite", "Violence et sécurité", "Violence and safety"),
    ("vie-citoyenne", "Vie citoyenne et bénévolat", "Community life and volunteering"),
    ("concertation", "Concertation", "Coordination"),
]

LANGUAGES = [
    ("fr", "Français", "French"),
    ("en", "Anglais", "English"),
    ("es", "Espagnol", "Spanish"),
    ("sg", "Sango", "Sango"),
    ("sw", "Swahili", "Swahili"),
    ("ar", "Arabe", "Arabic"),
    ("rw", "Kinyarwanda", "Kinyarwanda"),
]

# slug, name, acronym, kind, former name, sectors, languages, accepts referrals, mandate fr, mandate en, services fr
ORGANIZATIONS = [
    {
        "slug": "aibsl", "name": "Accueil et Intégration Bas-Saint-Laurent", "acronym": "AIBSL", "kind": "community",
        "sectors": ["accueil", "logement", "vie-citoyenne"], "languages": ["fr", "en", "es", "sw", "ar"], "referrals": True,
        "mandate_fr": "Organisme d'accueil implanté depuis une vingtaine d'années. Il accueille les personnes réfugiées "
        "prises en charge par l'État à Rimouski, 14e ville d'accueil depuis janvier 2017, et les accompagne pendant "
        "leur première année : arrivée, installation, démarches, jumelage.",
        "mandate_en": "Settlement agency established for some twenty years. It welcomes government-assisted refugees "
        "in Rimouski, Québec's 14th welcome city since January 2017, and accompanies them through their first "
        "year: arrival, settling in, paperwork, twinning.",
        "services_fr": "Accueil à l'autobus ou à l'aéroport\nHébergement temporaire et installation\nAccompagnement "
        "dans les démarches\nJumelage avec des bénévoles\nCollectif Trait d'Union",
        "services_en": "Welcome at the bus or airport\nTemporary housing and settling in\nHelp with paperwork\n"
        "Twinning with volunteers\nCollectif Trait d'Union",
    },
    {
        "slug": "mifi", "name": "Ministère de l'Immigration, de la Francisation et de l'Intégration", "acronym": "MIFI",
        "kind": "state", "former_name": "Ministère de l'Immigration, de la Diversité et de l'Inclusion (MIDI)",
        "sectors": ["accueil", "education", "services-publics"], "languages": ["fr", "en"], "referrals": False,
        "mandate_fr": "Ministère québécois responsable de l'immigration et de l'intégration (anciennement le MIDI). Il "
        "fixe la cible de personnes réfugiées accueillies, finance l'entente-cadre avec AIBSL, le CISSS, le centre "
        "de services scolaire et la Ville, et offre la francisation. Une antenne régionale sert Rimouski.",
        "mandate_en": "Québec's ministry of immigration and integration (formerly MIDI). It sets the number of refugees "
        "to welcome, funds the framework agreement with AIBSL, the CISSS, the school service centre and the city, "
        "and provides French courses. A regional office serves Rimouski.",
    },
    {
        "slug": "cisss-bsl", "name": "Centre intégré de santé et de services sociaux du Bas-Saint-Laurent",
        "acronym": "CISSS du Bas-Saint-Laurent", "kind": "state", "sectors": ["sante"], "languages": ["fr", "en"], "referrals": True,
        "mandate_fr": "Réseau public régional de la santé et des services sociaux : hôpital, CLSC et clinique des "
        "réfugiés, qui fait l'évaluation de santé des personnes nouvellement arrivées. Partie à l'entente-cadre.",
        "mandate_en": "The region's public health and social services network: hospital, CLSCs and the refugee clinic, "
        "which does newcomers' health assessment. Party to the framework agreement.",
        "services_fr": "Clinique des réfugiés (évaluation de santé)\nServices de CLSC\nServices sociaux",
        "services_en": "Refugee clinic (health assessment)\nCLSC services\nSocial services",
    },
    {
        "slug": "css-phares", "name": "Centre de services scolaire des Phares", "kind": "state",
        "former_name": "Commission scolaire des Phares", "sectors": ["education"], "languages": ["fr"], "referrals": True,
        "mandate_fr": "Réseau scolaire public de Rimouski-Neigette et de La Mitis (anciennement la Commission scolaire "
        "des Phares, devenue centre de services scolaire en 2020) : inscription et classes d'accueil, formation "
        "des adultes. Partie à l'entente-cadre.",
        "mandate_en": "Public school network of Rimouski-Neigette and La Mitis (formerly the Commission scolaire des "
        "Phares, a school service centre since 2020): enrolment and welcome classes, adult education. Party to "
        "the framework agreement.",
    },
    {
        "slug": "ville-rimouski", "name": "Ville de Rimouski", "kind": "state", "sectors": ["logement", "vie-citoyenne"],
        "languages": ["fr", "en"], "referrals": True,
        "mandate_fr": "Municipalité de 49 383 habitants (2018), ville d'accueil depuis le 11 janvier 2017. Partie à "
        "l'entente-cadre, elle anime la Table de concertation en immigration Rimouski-Neigette et ouvre ses "
        "services municipaux et ses loisirs aux nouveaux arrivants.",
        "mandate_en": "City of 49,383 people (2018), a welcome city since 11 January 2017. Party to the framework "
        "agreement, it runs the Table de concertation en immigration Rimouski-Neigette and opens its municipal "
        "services and recreation to newcomers.",
    },
    {
        "slug": "soper", "name": "Société de promotion économique de Rimouski", "acronym": "SOPER", "kind": "state",
        "sectors": ["emploi"], "languages": ["fr"], "referrals": False,
        "mandate_fr": "Organisme de développement économique de Rimouski : soutien aux entreprises et à l'attraction "
        "de main-d'œuvre.",
        "mandate_en": "Rimouski's economic development agency: support to businesses and to attracting workers.",
    },
    {
        "slug": "services-quebec", "name": "Services Québec", "kind": "state", "sectors": ["services-publics", "emploi"],
        "languages": ["fr", "en"], "referrals": False,
        "mandate_fr": "Comptoir des services du gouvernement du Québec : démarches pour la carte d'assurance maladie "
        "(RAMQ) et les programmes provinciaux, services d'emploi.",
        "mandate_en": "Québec government service counter: health insurance card (RAMQ) and provincial programmes, "
        "employment services.",
    },
    {
        "slug": "service-canada", "name": "Service Canada", "kind": "state", "sectors": ["services-publics"],
        "languages": ["fr", "en"], "referrals": False,
        "mandate_fr": "Comptoir des services du gouvernement du Canada : numéro d'assurance sociale et prestations "
        "fédérales, dont l'Allocation canadienne pour enfants.",
        "mandate_en": "Government of Canada service counter: social insurance number and federal benefits, including "
        "the Canada Child Benefit.",
    },
    {
        "slug": "deputes", "name": "Bureaux des députés de Rimouski", "kind": "state", "sectors": ["services-publics"],
        "languages": ["fr"], "referrals": False,
        "mandate_fr": "Bureaux de circonscription de la députée ou du député à l'Assemblée nationale et à la Chambre "
        "des communes : appui aux démarches auprès des ministères, soutien aux initiatives du milieu.",
        "mandate_en": "Constituency offices of the Rimouski members of the National Assembly and of the House of "
        "Commons: help with government departments, support to local initiatives.",
    },
    {
        "slug": "maison-familles", "name": "Maison des familles de Rimouski-Neigette", "kind": "community",
        "sectors": ["famille"], "languages": ["fr", "es"], "referrals": True,
        "mandate_fr": "Milieu de vie pour les familles : activités parents-enfants, répit, soutien à la parentalité.",
        "mandate_en": "A place for families: parent-child activities, respite, parenting support.",
    },
    {
        "slug": "centre-femmes", "name": "Centre de femmes de Rimouski", "kind": "community", "sectors": ["famille", "securite"],
        "languages": ["fr"], "referrals": False,
        "mandate_fr": "Lieu d'accueil, d'entraide et d'éducation pour les femmes, et de lutte contre l'isolement.",
        "mandate_en": "A place of welcome, mutual aid and education for women, and against isolation.",
    },
    {
        "slug": "accueil-maternite", "name": "Accueil Maternité", "kind": "community", "sectors": ["famille"], "languages": ["fr"],
        "referrals": False,
        "mandate_fr": "Soutien aux femmes enceintes et aux nouveaux parents : écoute, accompagnement, dons de matériel.",
        "mandate_en": "Support to pregnant women and new parents: listening, accompaniment, donated baby items.",
    },
    {
        "slug": "pediatrie-sociale", "name": "Centre de pédiatrie sociale de Rimouski", "kind": "community",
        "sectors": ["sante", "famille"], "languages": ["fr", "en"], "referrals": True,
        "mandate_fr": "Pédiatrie sociale en communauté : suivi global des enfants vulnérables avec leur famille et "
        "leurs milieux.",
        "mandate_en": "Community social paediatrics: overall follow-up of vulnerable children with their family and "
        "the people around them.",
    },
    {
        "slug": "la-debrouille", "name": "La Débrouille", "kind": "community", "sectors": ["securite"], "languages": ["fr"],
        "referrals": False,
        "mandate_fr": "Maison d'aide et d'hébergement pour les femmes victimes de violence conjugale et leurs enfants.",
        "mandate_en": "Shelter and support for women victims of intimate partner violence and their children.",
    },
    {
        "slug": "calacs", "name": "CALACS de Rimouski", "acronym": "CALACS", "kind": "community", "sectors": ["securite"],
        "languages": ["fr"], "referrals": False,
        "mandate_fr": "Centre d'aide et de lutte contre les agressions à caractère sexuel : aide aux victimes, "
        "prévention.",
        "mandate_en": "Sexual assault help centre: support to survivors, prevention.",
    },
    {
        "slug": "moisson", "name": "Moisson Rimouski-Neigette", "kind": "community", "sectors": ["alimentation"],
        "languages": ["fr"], "referrals": True,
        "mandate_fr": "Banque alimentaire régionale : collecte et redistribution de denrées, dépannage alimentaire.",
        "mandate_en": "The regional food bank: collects and redistributes food, emergency food aid.",
    },
    {
        "slug": "cpe", "name": "Centres de la petite enfance (CPE) de Rimouski", "acronym": "CPE", "kind": "community",
        "sectors": ["famille"], "languages": ["fr"], "referrals": True,
        "mandate_fr": "Services de garde éducatifs sans but lucratif pour les enfants de 0 à 5 ans (une fiche pour "
        "l'ensemble des CPE).",
        "mandate_en": "Non-profit educational childcare for children aged 0 to 5 (one entry for all the CPEs).",
    },
    {
        "slug": "soeurs-saint-rosaire", "name": "Sœurs du Saint-Rosaire", "kind": "community",
        "sectors": ["accueil", "logement"], "languages": ["fr", "es"], "referrals": False,
        "mandate_fr": "Congrégation religieuse fondée à Rimouski, engagée dans l'accueil des nouveaux arrivants : "
        "présence, aide matérielle, bénévolat.",
        "mandate_en": "A religious congregation founded in Rimouski, involved in welcoming newcomers: presence, "
        "material help, volunteering.",
    },
    {
        "slug": "institutions-financieres", "name": "Institutions financières (banques et caisses)", "kind": "private",
        "sectors": ["services-publics"], "languages": ["fr", "en"], "referrals": False,
        "mandate_fr": "Partenaires privés : ouverture de comptes et premiers services bancaires des nouveaux arrivants.",
        "mandate_en": "Private partners: opening accounts and first banking services for newcomers.",
    },
    {
        "slug": "employeurs", "name": "Employeurs de la région", "kind": "private", "sectors": ["emploi"], "languages": ["fr"],
        "referrals": False,
        "mandate_fr": "Entreprises de Rimouski-Neigette qui offrent stages et emplois aux personnes réfugiées.",
        "mandate_en": "Rimouski-Neigette businesses offering internships and jobs to refugees.",
    },
    {
        "slug": "proprietaires", "name": "Propriétaires immobiliers", "kind": "private", "sectors": ["logement"],
        "languages": ["fr"], "referrals": False,
        "mandate_fr": "Propriétaires qui louent des logements aux familles nouvellement arrivées.",
        "mandate_en": "Landlords who rent homes to newly arrived families.",
    },
    {
        "slug": "jumelage-benevoles", "name": "Citoyennes et citoyens bénévoles (jumelage)", "kind": "citizen",
        "sectors": ["vie-citoyenne"], "languages": ["fr", "en", "es"], "referrals": False,
        "mandate_fr": "Bénévoles jumelés à une famille pour l'accompagner dans sa découverte du milieu.",
        "mandate_en": "Volunteers twinned with a family to accompany it as it discovers its new home.",
    },
    {
        "slug": "trait-union", "name": "Collectif Trait d'Union", "kind": "citizen", "sectors": ["vie-citoyenne"],
        "languages": ["fr", "sg", "sw", "rw", "ar", "es"], "referrals": False,
        "mandate_fr": "Collectif d'AIBSL qui engage la communauté locale et les communautés d'origine dans l'accueil, "
        "dont l'accueil à l'autobus.",
        "mandate_en": "AIBSL's collective engaging the local community and communities of origin in the welcome, "
        "including at the bus.",
    },
    {
        "slug": "table-immigration", "name": "Table de concertation en immigration Rimouski-Neigette",
        "kind": "concertation", "sectors": ["concertation"], "languages": ["fr"], "referrals": False,
        "mandate_fr": "Lieu de concertation des partenaires de l'immigration de Rimouski-Neigette, animé par la Ville "
        "de Rimouski.",
        "mandate_en": "Where Rimouski-Neigette's immigration partners coordinate, run by the City of Rimouski.",
    },
    {
        "slug": "tcri", "name": "Table de concertation des organismes au service des personnes réfugiées et immigrantes",
        "acronym": "TCRI", "kind": "concertation", "sectors": ["concertation"], "languages": ["fr", "en"], "referrals": False,
        "mandate_fr": "Regroupement québécois des organismes au service des personnes réfugiées et immigrantes ; il "
        "forme les acteurs locaux.",
        "mandate_en": "Québec-wide umbrella of organisations serving refugees and immigrants; it trains local actors.",
    },
]

# slug, stage, order, name fr, name en, description fr, description en
STEPS = [
    ("accueil-arrivee", "arrival", 10, "Accueil à l'autobus ou à l'aéroport", "Welcome at the bus or airport",
     "Accueil à la descente de l'autobus, avec des membres de la communauté d'origine.",
     "Welcome off the bus, with members of the community of origin."),
    ("hebergement-temporaire", "arrival", 20, "Hébergement temporaire", "Temporary housing",
     "Un toit pour les premiers jours, le temps de trouver un logement.", "A roof for the first days, until a home is found."),
    ("routine-arrivee", "arrival", 30, "Routine d'arrivée", "Arrival routine",
     "Premiers achats, tour de ville, repères dans le quartier.", "First purchases, a tour of the city, finding one's way around."),
    ("bilan-sante", "first_weeks", 40, "Évaluation de santé à la clinique des réfugiés",
     "Health assessment at the refugee clinic", "", ""),
    ("ramq", "first_weeks", 50, "Carte d'assurance maladie (RAMQ)", "Health insurance card (RAMQ)", "", ""),
    ("nas", "first_weeks", 60, "Numéro d'assurance sociale", "Social insurance number", "", ""),
    ("allocations-familiales", "first_weeks", 70, "Allocations familiales", "Family allowances", "", ""),
    ("compte-bancaire", "first_weeks", 80, "Ouverture d'un compte bancaire", "Opening a bank account", "", ""),
    ("logement-permanent", "first_weeks", 90, "Recherche de logement et bail", "Housing search and lease",
     "Trouver un logement permanent et signer un bail.", "Finding a permanent home and signing a lease."),
    ("inscription-scolaire", "first_weeks", 100, "Inscription à l'école", "School enrolment", "", ""),
    ("francisation", "first_months", 110, "Francisation des adultes", "French courses for adults", "", ""),
    ("garderie", "first_months", 120, "Place en garderie", "Daycare", "", ""),
    ("aide-alimentaire", "first_months", 130, "Aide alimentaire", "Food aid", "", ""),
    ("jumelage", "first_months", 140, "Jumelage avec des bénévoles", "Twinning with volunteers", "", ""),
    ("soutien-familles", "first_months", 150, "Soutien aux familles et aux mères", "Support for families and mothers",
     "", ""),
    ("suivi-pediatrique", "first_months", 160, "Suivi pédiatrique social", "Social paediatric follow-up", "", ""),
    ("aide-violence", "first_months", 170, "Aide en cas de violence", "Help in case of violence", "", ""),
    ("emploi", "first_year", 180, "Recherche d'emploi", "Job search", "", ""),
    ("vie-citoyenne", "first_year", 190, "Loisirs et vie citoyenne", "Recreation and community life", "", ""),
    ("transport", "first_year", 200, "Transport et permis de conduire", "Transportation and driver's licence",
     "Aucun partenaire n'a encore pris cette étape en charge.", "No partner has taken this step on yet."),
    ("concertation", "first_year", 210, "Concertation des partenaires", "Partners' coordination",
     "Le suivi commun de la trajectoire de chaque famille.", "Following each family's pathway together."),
    ("formation-intervenants", "first_year", 220, "Formation interculturelle des intervenants",
     "Intercultural training for caseworkers", "", ""),
]

# step, organisation, level, note fr, note en. Demo facts: "logement-permanent" and "francisation" have two
# leads (overlaps the partners argue about); "garderie" has no lead (a gap); "transport" has no one at all.
RESPONSIBILITIES = [
    ("accueil-arrivee", "aibsl", "lead", "", ""),
    ("accueil-arrivee", "trait-union", "support", "Membres de la communauté d'origine présents.",
     "Members of the community of origin are there."),
    ("accueil-arrivee", "ville-rimouski", "informed", "", ""),
    ("hebergement-temporaire", "aibsl", "lead", "", ""),
    ("hebergement-temporaire", "soeurs-saint-rosaire", "support", "", ""),
    ("routine-arrivee", "aibsl", "lead", "", ""),
    ("routine-arrivee", "moisson", "support", "Panier d'accueil.", "Welcome food basket."),
    ("bilan-sante", "cisss-bsl", "lead", "Clinique des réfugiés.", "Refugee clinic."),
    ("bilan-sante", "aibsl", "support", "Prise de rendez-vous et interprétariat.", "Appointments and interpreting."),
    ("ramq", "services-quebec", "lead", "", ""),
    ("ramq", "aibsl", "support", "", ""),
    ("ramq", "cisss-bsl", "informed", "", ""),
    ("nas", "service-canada", "lead", "", ""),
    ("nas", "aibsl", "support", "", ""),
    ("allocations-familiales", "service-canada", "lead", "Allocation canadienne pour enfants.",
     "Canada Child Benefit."),
    ("allocations-familiales", "services-quebec", "support", "", ""),
    ("allocations-familiales", "aibsl", "support", "", ""),
    ("compte-bancaire", "institutions-financieres", "lead", "", ""),
    ("compte-bancaire", "aibsl", "support", "", ""),
    ("logement-permanent", "aibsl", "lead", "Selon l'entente-cadre.", "Under the framework agreement."),
    ("logement-permanent", "ville-rimouski", "lead", "Par l'office municipal d'habitation.",
     "Through the municipal housing office."),
    ("logement-permanent", "proprietaires", "consulted", "", ""),
    ("logement-permanent", "soeurs-saint-rosaire", "support", "", ""),
    ("inscription-scolaire", "css-phares", "lead", "Classes d'accueil.", "Welcome classes."),
    ("inscription-scolaire", "aibsl", "support", "", ""),
    ("francisation", "mifi", "lead", "", ""),
    ("francisation", "css-phares", "lead", "Formation des adultes.", "Adult education."),
    ("francisation", "aibsl", "consulted", "", ""),
    ("garderie", "cpe", "consulted", "Places limitées.", "Few places available."),
    ("garderie", "maison-familles", "support", "Halte-garderie ponctuelle.", "Occasional drop-in childcare."),
    ("garderie", "aibsl", "informed", "", ""),
    ("aide-alimentaire", "moisson", "lead", "", ""),
    ("aide-alimentaire", "soeurs-saint-rosaire", "support", "", ""),
    ("jumelage", "aibsl", "lead", "Intervenante en jumelage.", "Twinning caseworker."),
    ("jumelage", "jumelage-benevoles", "support", "", ""),
    ("jumelage", "trait-union", "support", "", ""),
    ("soutien-familles", "maison-familles", "lead", "", ""),
    ("soutien-familles", "accueil-maternite", "support", "", ""),
    ("soutien-familles", "centre-femmes", "support", "", ""),
    ("suivi-pediatrique", "pediatrie-sociale", "lead", "", ""),
    ("suivi-pediatrique", "cisss-bsl", "support", "", ""),
    ("aide-violence", "la-debrouille", "lead", "Violence conjugale.", "Intimate partner violence."),
    ("aide-violence", "calacs", "support", "Agressions sexuelles.", "Sexual assault."),
    ("aide-violence", "cisss-bsl", "consulted", "", ""),
    ("emploi", "services-quebec", "lead", "", ""),
    ("emploi", "soper", "support", "", ""),
    ("emploi", "employeurs", "consulted", "", ""),
    ("emploi", "aibsl", "informed", "", ""),
    ("vie-citoyenne", "ville-rimouski", "lead", "", ""),
    ("vie-citoyenne", "trait-union", "support", "", ""),
    ("concertation", "table-immigration", "lead", "", ""),
    ("concertation", "mifi", "consulted", "", ""),
    ("concertation", "deputes", "informed", "", ""),
    ("concertation", "tcri", "support", "", ""),
    ("formation-intervenants", "tcri", "lead", "Formation de tous les acteurs du milieu.",
     "Training for every local actor."),
    ("formation-intervenants", "aibsl", "support", "", ""),
]

# Organisations that exchange referrals get an admin, an intake coordinator and a caseworker; others an admin.
REFERRAL_PARTNERS = [
    "aibsl", "cisss-bsl", "css-phares", "ville-rimouski", "maison-familles", "moisson", "pediatrie-sociale", "cpe",
]
