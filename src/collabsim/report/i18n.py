"""Every user-facing string of the comparison report, in Dutch and English, in one place.

Strings are :meth:`str.format` templates; both languages have exactly the same keys and
the same placeholders (a test checks this). ``text(lang, key)`` fetches one, :func:`number`,
:func:`percent` and :func:`euros` write numbers the way each language does (decimal comma in Dutch).
"""

from __future__ import annotations

import math

from ..texts import Texts, by_key
from ..texts import euros as euros  # the report writes euros as the dashboard does

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        # page
        "html_lang": "nl",
        "doc_title": "Scenariovergelijking: {names}",
        "subtitle": "Vergelijking van {k} scenario's met collabsim {version}, {n} runs per scenario",
        "toc": "Inhoud",
        "sec_summary": "Samenvatting",
        "sec_assumptions": "Wat elk scenario aanneemt",
        "sec_timeseries": "Verloop in de tijd",
        "sec_outcomes": "Uitkomsten per scenario",
        "sec_differences": "Verschillen tussen scenario's",
        "sec_claims": "Wat het model wel en niet zegt",
        "sec_seeds": "Toevalsgetallen en herhaalbaarheid",
        # summary
        "summary_intro": (
            "Het netwerk 'werkt' in een jaar als de dichtheid van vertrouwensbanden tussen professionals uit "
            "verschillende domeinen over dat jaar gemiddeld minstens {threshold} is. We kijken naar jaar {year}: "
            "{year_reason}."
        ),
        "year_reason_money": "drie jaar nadat het projectgeld stopt (na jaar {end})",
        "year_reason_last": "het laatste gesimuleerde jaar",
        "year_reason_given": "zo gevraagd",
        "summary_works": "Met “{title}” werkt het netwerk in jaar {year} nog in {k} van de {n} runs.",
        "summary_works_pair": (
            "In {k1} van de {n} runs werkt het netwerk in jaar {year} nog met “{title1}”, "
            "tegen {k0} van de {n} met “{title0}”."
        ),
        "summary_diff_clear": (
            "Dat verschil is duidelijk: het aandeel runs met een werkend netwerk in jaar {year} is bij “{title1}” "
            "{delta} ten opzichte van “{title0}” (95%-betrouwbaarheidsinterval {lo} tot {hi})."
        ),
        "summary_diff_unclear": (
            "Dat verschil is niet duidelijk: het aandeel runs met een werkend netwerk in jaar {year} is bij "
            "“{title1}” {delta} ten opzichte van “{title0}”, maar het 95%-betrouwbaarheidsinterval ({lo} tot {hi}) "
            "bevat 0."
        ),
        "summary_sustained": (
            "Hoe levend het netwerk in het laatste jaar (jaar {last}) nog is, als veelvoud van een net werkend "
            "netwerk (1 = net werkend, 2 = twee keer zo dicht): "
            "gemiddeld {v1} met “{title1}” tegen {v0} met “{title0}” (verschil {d}, 95%-interval {lo} tot {hi})."
        ),
        "summary_robust": (
            "In {agree} van de {members} geaccepteerde varianten van het model wijst dit verschil dezelfde kant op "
            "(elke variant is een set constanten die alle patronen uit de bronnen nabootst; {per} runs per variant)."
        ),
        "ensemble_intro": (
            "De runs lopen over {members} geaccepteerde varianten van het model (“{name}”): run r rekent met "
            "variant r. Zo bevat de spreiding in elke tabel en figuur ook de onzekerheid over de aangenomen "
            "constanten van het model, niet alleen het toeval."
        ),
        "col_robust": "Zelfde kant in varianten",
        "costs_robust": (
            "Het verschil in kosten wijst in {agree_cost} van de {members} geaccepteerde varianten van het model "
            "dezelfde kant op, het verschil in geholpen bewoners in {agree_helped}."
        ),
        "summary_caveat": (
            "Let op: ook met “{title1}” werkt het netwerk in jaar {year} in de meeste runs niet meer ({k} van de {n})."
        ),
        "summary_same_chance": (
            "Alle scenario's zijn doorgerekend met dezelfde toevalsgetallen: run 1 van het ene scenario heeft "
            "hetzelfde toeval als run 1 van het andere. Verschillen komen dus door de aannames, niet door toeval."
        ),
        # assumptions
        "assumptions_intro": (
            "In gewone woorden wat elk scenario aanneemt. Regels met een gekleurde achtergrond verschillen "
            "tussen de scenario's."
        ),
        "differences_list": "De verschillen:",
        "no_differences": "De scenario's nemen hetzelfde aan.",
        "col_assumption": "Aanname",
        "row_description": "Omschrijving",
        "row_horizon": "Looptijd",
        "row_neighbourhood": "Wijk",
        "row_events": "Gebeurtenissen",
        "horizon_years": "{years} jaar gesimuleerd, per maand",
        "neighbourhood_text": "{orgs} organisaties, {staff} professionals, {residents} bewoners",
        "events_none": "geen",
        "event_kartrekker_leaves": "jaar {year}: de kartrekker vertrekt",
        "event_funding_stops": "jaar {year}: het geld stopt",
        "event_reorganisation": "jaar {year}: reorganisatie bij {organisation} ({duration} jaar)",
        "event_staff_rotation": "jaar {year}: {share} van de professionals vertrekt tegelijk",
        "event_money_ends": "projectgeld stopt",
        # preconditions: row labels
        "pre_kartrekker": "Kartrekker",
        "pre_funding_years": "Projectgeld",
        "pre_cofinancing": "Cofinanciering",
        "pre_shared_savings": "Gedeelde besparingen",
        "pre_integrated_funding": "Integrale financiering",
        "pre_agreements_recorded": "Vastgelegde afspraken",
        "pre_urgency": "Gedeelde urgentie",
        "pre_hierarchy": "Hiërarchie",
        "pre_board_support": "Bestuurlijk draagvlak",
        "pre_staff_motivation": "Motivatie op de werkvloer",
        "pre_shared_vision": "Gedeelde visie en taal",
        "pre_existing_network": "Bestaand netwerk",
        "pre_kartrekker_skill": "Vaardigheid kartrekker",
        "pre_knowledge_exchange": "Kennisuitwisseling",
        "pre_formalisation": "Formalisering vooraf",
        "pre_connector_share": "Verbinders",
        "pre_turnover": "Personeelsverloop",
        "pre_resident_involvement": "Betrokkenheid bewoners",
        "pre_reorganisation_rate": "Reorganisaties",
        # preconditions: plain words
        "kartrekker_none": "Geen kartrekker",
        "kartrekker_internal": "Een kartrekker uit een van de partners",
        "kartrekker_external": "Een externe kartrekker, betaald door het project",
        "kartrekker_duo": "Een duo: een interne en een externe kartrekker",
        "funding_structural": "Structureel gefinancierd: geld voor de hele looptijd",
        "funding_then_nothing": "Projectgeld voor {years} jaar; daarna geen eigen geld van de partners",
        "funding_then_partners": "Projectgeld voor {years} jaar; daarna betalen de partners mee",
        "cofinancing_none": "Partners betalen niet mee",
        "cofinancing_share": "Partners dragen {share} van de kosten uit eigen middelen",
        "shared_savings_none": "Geen gedeelde besparingen",
        "shared_savings_share": "{share} van de vermeden zorgkosten vloeit terug naar de samenwerking",
        "integrated_funding_text": "Financiers belonen samenwerken over domeinen heen: {level} ({value})",
        "agreements_recorded_text": "Afspraken en rollen vastgelegd en bijgehouden: {level} ({value})",
        "urgency_text": "Gedeelde, gevoelde urgentie van het probleem: {level} ({value})",
        "hierarchy_text": "Statusverschillen remmen vertrouwen: {level} ({value})",
        "board_support_text": "Steun van de besturen van de partners: {level} ({value})",
        "staff_motivation_text": "Eigen motivatie van professionals voor werk over domeinen heen: {level} ({value})",
        "shared_vision_text": "Aandacht voor een gezamenlijke ambitie en taal: {level} ({value})",
        "existing_network_text": "Banden over domeinen heen bij de start: {level} ({value})",
        "kartrekker_skill_text": "Vaardigheid van de kartrekker als verbinder: {level} ({value})",
        "knowledge_exchange_text": "{value} gezamenlijke bijeenkomsten, trainingen of casusoverleggen per jaar",
        "formalisation_text": "Detail van convenanten vooraf: {level} ({value})",
        "connector_share_text": "{share} van de professionals is een verbinder",
        "turnover_text": "{share} van de professionals vertrekt per jaar",
        "resident_involvement_text": "Bewoners bij {share} van de werksessies",
        "reorganisation_rate_text": "{share} kans per organisatie per jaar op een reorganisatie",
        "level_low": "laag",
        "level_mid": "gemiddeld",
        "level_high": "hoog",
        # time series
        "timeseries_intro": (
            "De lijn is de mediaan over de runs, de band loopt van het 10e tot het 90e percentiel. "
            "Stippellijnen markeren gebeurtenissen (in de kleur van het scenario); de grijze lijn in het eerste "
            "paneel is de drempel waarboven het netwerk werkt, de gele strook het jaar waarin we kijken of het "
            "netwerk nog werkt."
        ),
        "fig_timeseries_alt": "Tijdreeksen per scenario met banden over de runs",
        "panel_cross_domain_ties": "Vertrouwensbanden over domeinen (dichtheid)",
        "panel_needs_right_domain": "Hulpvragen bij het juiste domein (aandeel, gemiddelde over 12 mnd)",
        "panel_commitment": "Betrokkenheid van de partners",
        "panel_kartrekker_active": "Kartrekker actief (aandeel runs)",
        "panel_meetings": "Bijeenkomsten in de laatste 12 maanden",
        "panel_budget": "Gedekt deel van de kosten",
        "panel_partners": "Deelnemende partnerorganisaties",
        "panel_spending_eur": "Uitgegeven, alle betalers samen (laatste 12 maanden)",
        "axis_year": "jaar",
        "threshold_label": "werkend netwerk",
        # outcome distributions
        "outcomes_intro": (
            "Per scenario de verdeling over de runs van drie uitkomsten: hoe levend het netwerk in het laatste "
            "jaar nog is (0 = verdwenen, 1 = volop werkend), na hoeveel jaar er voor het eerst een werkend "
            "netwerk is, en in welk jaar een werkend netwerk weer uit elkaar viel."
        ),
        "fig_outcomes_alt": "Verdeling van de uitkomsten per scenario",
        "out_sustained": "Levend netwerk in het laatste jaar (1 = net werkend)",
        "out_time_to_network": "Jaren tot een werkend netwerk",
        "out_collapse_year": "Jaar waarin het netwerk uiteenviel",
        "never_formed": "nooit: {k} van {n}",
        "never_collapsed": "niet: {k} van {n}",
        "col_scenario": "Scenario",
        "col_runs": "Runs",
        "col_works_in_year": "Werkt in jaar {year}",
        "col_sustained_mean": "Levend netwerk, gemiddeld",
        "col_sustained_range": "10e-90e percentiel",
        "col_formed": "Ooit een werkend netwerk",
        "col_time_to_network": "Jaren tot netwerk (mediaan)",
        "col_collapsed": "Uiteengevallen",
        "col_collapse_year": "Jaar van uiteenvallen (mediaan)",
        "count_of": "{k} van {n}",
        "not_applicable": "n.v.t.",
        # differences
        "differences_intro": (
            "Verschil met “{reference}”, per run gepaard (zelfde toeval), met een 95%-betrouwbaarheidsinterval "
            "uit een bootstrap over de runs. Een interval dat 0 niet bevat wijst op een duidelijk verschil."
        ),
        "fig_differences_alt": "Verschillen tussen scenario's met betrouwbaarheidsintervallen",
        "col_comparison": "Vergelijking",
        "col_measure": "Maat",
        "col_difference": "Verschil",
        "col_ci": "95%-interval",
        "col_pairs": "Paren",
        "col_verdict": "Oordeel",
        "verdict_clear": "duidelijk",
        "verdict_unclear": "niet duidelijk",
        "verdict_same": "geen verschil: gelijk in elke run",
        "versus": "{a} t.o.v. {b}",
        "measure_works_in_year": "Aandeel runs met werkend netwerk in jaar {year}",
        "measure_sustained": "Levend netwerk in het laatste jaar (1 = net werkend)",
        "measure_time_to_network": "Jaren tot een werkend netwerk (runs waarin beide er een kregen)",
        "measure_mean_needs_right_domain": "Hulpvragen bij het juiste domein (aandeel, gemiddeld)",
        "measure_kartrekker_years": "Jaren met een kartrekker",
        "pairs_too_few": "te weinig paren",
        # claims
        "claims_does": "Wat het model doet",
        "claims_does_1": (
            "Het rekent uit hoe een netwerk van professionals uit zorg, publieke gezondheid en sociaal domein "
            "kan groeien en verdwijnen onder de voorwaarden die de quickscan van 2017 noemt (kartrekker, geld, "
            "draagvlak, verloop, vastgelegde afspraken)."
        ),
        "claims_does_2": (
            "Het vergelijkt scenario's eerlijk: elk scenario krijgt dezelfde toevalsgetallen, zodat verschillen "
            "uit de aannames komen."
        ),
        "claims_does_3": "Het laat de spreiding zien: veel runs, niet één uitkomst.",
        "claims_not": "Wat het model niet zegt",
        "claims_not_1": (
            "Het voorspelt niet wat er in een bepaalde wijk gebeurt. De getallen in de aannames zijn "
            "illustratief, niet gemeten."
        ),
        "claims_not_2": (
            "Het rekent niet in gezondheidswinst, en de euro's zijn geen begroting: ze rusten op aangenomen "
            "tarieven. 'Werkend netwerk' gaat over banden tussen professionals."
        ),
        "claims_not_3": (
            "De regels volgen kwalitatieve bronnen (de quickscan en praktijklessen); de sterkte van elk effect "
            "is een keuze van de modelbouwers. Gebruik de uitkomsten om richting en orde van grootte te "
            "bespreken, niet als precieze getallen."
        ),
        "claims_sources": (
            "Bronnen: de quickscan domeinoverstijgende samenwerking (2017) hoofdstuk 4-5 en praktijklessen van "
            "Preventie in de Buurt; het model is beschreven in docs/ODD.md van collabsim."
        ),
        # costs
        "sec_costs": "Wat kost het en wie betaalt?",
        "costs_intro": (
            "Bedragen gaan over de hele looptijd en zijn gemiddelden over de runs, met tussen haakjes het 10e tot "
            "90e percentiel."
        ),
        "costs_scenario": (
            "Met “{title}” kost de samenwerking in {years} jaar gemiddeld {cost} ({lo} tot {hi}). Daarvan komt "
            "{project} uit projectgeld, betalen de partners {partners} (cofinanciering en de uren van hun "
            "medewerkers) en betalen financiers {funders}."
        ),
        "costs_reach": (
            "Er wordt {avoided} aan zorgkosten vermeden. Per jaar worden {helped} op de 1000 bewoners met een "
            "vraag in een ander domein goed geholpen. Aan het eind doen gemiddeld {partners} van de {orgs} "
            "partners mee."
        ),
        "costs_difference": (
            "“{title1}” kost gemiddeld {d} {direction} dan “{title0}” (95%-interval voor het verschil {lo} tot "
            "{hi}); het aantal goed geholpen bewoners per 1000 per jaar verschilt {dh} (95%-interval {hlo} tot "
            "{hhi})."
        ),
        "costs_more": "meer",
        "costs_less": "minder",
        "costs_per_helped": "Dat is ongeveer {eur} extra per extra geholpen bewoner.",
        "costs_dominant": "“{title1}” helpt dus meer bewoners en kost niet meer.",
        "costs_per_helped_na": (
            "Een bedrag per extra geholpen bewoner zeggen we niet: het verschil in geholpen bewoners is niet "
            "duidelijk groter dan nul."
        ),
        "costs_assumed": (
            "Let op: de bedragen rusten op aangenomen tarieven en uren (ODD s.7.13; zie "
            "“collabsim constants --status assumed”), niet op gemeten kosten."
        ),
        # seeds
        # what does it take? (--what-it-takes, --from-pareto)
        "sec_takes": "Wat is er minimaal nodig?",
        "year_reason_pareto": "het jaar waarin de optimalisatie de pakketten beoordeelde",
        "pareto_title": "{title}, pakket {k}: {package}",
        "pareto_description": "Pakket {k} van het front in {file}: {package}. Verder als “{title}”.",
        "takes_opt_intro": (
            "Een zoektocht naar pakketten van {levers} voor “{title}” (collabsim optimise, {source}) vond "
            "{front} pakketten waarvoor geen ander pakket goedkoper is en ook vaker werkt. Elk pakket is "
            "beoordeeld in {runs} runs: werkt het netwerk nog in jaar {year}?"
        ),
        "takes_opt_ensemble": "Die runs gingen over {members} geaccepteerde varianten van het model.",
        "takes_cheapest": (
            "Minimaal nodig: het goedkoopste pakket dat in minstens {threshold} van de runs werkt, is pakket {k}: "
            "{package}. Het kost {cost} over {horizon} jaar en werkt in {share} van de runs."
        ),
        "takes_cheapest_none": (
            "Geen pakket op het front werkt in minstens {threshold} van de runs; het beste, pakket {k} ({package}), "
            "haalt {share} voor {cost} over {horizon} jaar."
        ),
        "takes_robust": (
            "Het meest robuuste pakket is pakket {k}: {package}. Het werkt in {share} van de runs en kost {cost} "
            "over {horizon} jaar."
        ),
        "takes_robust_same": "Dat is ook het meest robuuste pakket op het front.",
        "takes_who_pays": (
            "Daarvan komt {project} uit projectgeld, betalen de partners {partner} (cofinanciering en de uren van "
            "hun mensen) en externe financiers {funder}."
        ),
        "takes_opt_caveat": (
            "Een aandeel uit {runs} runs is onzeker, rond 50% ongeveer ±{margin} procentpunt. De bedragen rusten "
            "op aangenomen tarieven en uren. Alle andere voorwaarden blijven zoals in het scenario."
        ),
        "takes_forward": "Dit pakket in een rapport zetten om door te sturen: {command}",
        "takes_disc_intro": (
            "Een scenario discovery (PRIM, collabsim discover, {source}) zocht in een sweep van {runs} runs de "
            "voorwaarden waaronder {condition}; dat is zo in {share} van alle runs."
        ),
        "takes_disc_intro_plain": "Een scenario discovery (PRIM, collabsim discover, {source}) vond:",
        "takes_disc_box": "Het eerste gebied: {sentence}",
        "takes_disc_caveat": (
            "Een gebied beschrijft waar in de sweep de runs liggen waarin het zo is; het is geen garantie voor "
            "één wijk."
        ),
        "seeds_intro": (
            "Met dezelfde basisseed en hetzelfde aantal runs geeft collabsim precies dezelfde getallen, ook met "
            "een ander aantal processen. Opnieuw maken met:"
        ),
        "seeds_base": "Basisseed",
        "seeds_version": "collabsim-versie",
        "seeds_hash": "Inhoudshash van het scenario",
        "col_replication": "Run",
        "col_seed": "Seed van de run",
        "footer": "Gemaakt met collabsim {version}. Dit bestand is op zichzelf leesbaar, ook zonder internet.",
    },
    "en": {
        "html_lang": "en",
        "doc_title": "Scenario comparison: {names}",
        "subtitle": "Comparison of {k} scenarios with collabsim {version}, {n} runs per scenario",
        "toc": "Contents",
        "sec_summary": "Summary",
        "sec_assumptions": "What each scenario assumes",
        "sec_timeseries": "Over time",
        "sec_outcomes": "Outcomes per scenario",
        "sec_differences": "Differences between scenarios",
        "sec_claims": "What the model does and does not claim",
        "sec_seeds": "Random numbers and reproducibility",
        "summary_intro": (
            "The network 'works' in a year when the density of trust ties between professionals of different "
            "domains averages at least {threshold} over that year. We look at year {year}: {year_reason}."
        ),
        "year_reason_money": "three years after the project money ends (after year {end})",
        "year_reason_last": "the last simulated year",
        "year_reason_given": "as requested",
        "summary_works": "With “{title}” the network still works in year {year} in {k} of {n} runs.",
        "summary_works_pair": (
            "In {k1} of {n} runs the network still works in year {year} with “{title1}”, "
            "against {k0} of {n} with “{title0}”."
        ),
        "summary_diff_clear": (
            "That difference is clear: the share of runs with a working network in year {year} is {delta} with "
            "“{title1}” compared with “{title0}” (95% confidence interval {lo} to {hi})."
        ),
        "summary_diff_unclear": (
            "That difference is not clear: the share of runs with a working network in year {year} is {delta} "
            "with “{title1}” compared with “{title0}”, but the 95% confidence interval ({lo} to {hi}) contains 0."
        ),
        "summary_sustained": (
            "How alive the network still is in the last year (year {last}), as a multiple of a "
            "just-working network (1 = just working, 2 = twice as dense): "
            "on average {v1} with “{title1}” against {v0} with “{title0}” (difference {d}, 95% interval {lo} "
            "to {hi})."
        ),
        "summary_robust": (
            "In {agree} of the {members} accepted variants of the model this difference points the same way "
            "(each variant is a set of constants that reproduces every pattern of the sources; {per} runs per variant)."
        ),
        "ensemble_intro": (
            "The runs go across {members} accepted variants of the model (“{name}”): run r uses variant r. So the "
            "spread in every table and figure includes the uncertainty about the model's assumed constants, not "
            "chance alone."
        ),
        "col_robust": "Same way in variants",
        "costs_robust": (
            "The difference in cost points the same way in {agree_cost} of the {members} accepted variants of the "
            "model, the difference in residents helped in {agree_helped}."
        ),
        "summary_caveat": (
            "Note: with “{title1}” too, the network no longer works in year {year} in most runs ({k} of {n})."
        ),
        "summary_same_chance": (
            "All scenarios were run with the same random numbers: run 1 of one scenario has the same chance "
            "events as run 1 of the other. Differences therefore come from the assumptions, not from chance."
        ),
        "assumptions_intro": (
            "In plain words, what each scenario assumes. Rows with a coloured background differ between the scenarios."
        ),
        "differences_list": "The differences:",
        "no_differences": "The scenarios assume the same.",
        "col_assumption": "Assumption",
        "row_description": "Description",
        "row_horizon": "Time span",
        "row_neighbourhood": "Neighbourhood",
        "row_events": "Events",
        "horizon_years": "{years} years simulated, month by month",
        "neighbourhood_text": "{orgs} organisations, {staff} professionals, {residents} residents",
        "events_none": "none",
        "event_kartrekker_leaves": "year {year}: the kartrekker leaves",
        "event_funding_stops": "year {year}: the money stops",
        "event_reorganisation": "year {year}: reorganisation at {organisation} ({duration} years)",
        "event_staff_rotation": "year {year}: {share} of the professionals leave at once",
        "event_money_ends": "project money ends",
        "pre_kartrekker": "Kartrekker",
        "pre_funding_years": "Project money",
        "pre_cofinancing": "Co-financing",
        "pre_shared_savings": "Shared savings",
        "pre_integrated_funding": "Integrated funding",
        "pre_agreements_recorded": "Recorded agreements",
        "pre_urgency": "Shared urgency",
        "pre_hierarchy": "Hierarchy",
        "pre_board_support": "Board support",
        "pre_staff_motivation": "Motivation on the work floor",
        "pre_shared_vision": "Shared vision and language",
        "pre_existing_network": "Existing network",
        "pre_kartrekker_skill": "Kartrekker's skill",
        "pre_knowledge_exchange": "Knowledge exchange",
        "pre_formalisation": "Up-front formalisation",
        "pre_connector_share": "Connectors",
        "pre_turnover": "Staff turnover",
        "pre_resident_involvement": "Resident involvement",
        "pre_reorganisation_rate": "Reorganisations",
        "kartrekker_none": "No kartrekker",
        "kartrekker_internal": "A kartrekker from one of the partners",
        "kartrekker_external": "An external kartrekker, paid by the project",
        "kartrekker_duo": "A duo: an internal and an external kartrekker",
        "funding_structural": "Structural funding: money for the whole time span",
        "funding_then_nothing": "Project money for {years} years; after that no money from the partners",
        "funding_then_partners": "Project money for {years} years; after that the partners pay their share",
        "cofinancing_none": "Partners pay nothing",
        "cofinancing_share": "Partners carry {share} of the costs from their own budgets",
        "shared_savings_none": "No shared savings",
        "shared_savings_share": "{share} of avoided care costs flows back into the collaboration",
        "integrated_funding_text": "Funders reward working across domains: {level} ({value})",
        "agreements_recorded_text": "Agreements and roles written down and kept current: {level} ({value})",
        "urgency_text": "Shared, felt urgency of the problem: {level} ({value})",
        "hierarchy_text": "Status differences slow trust: {level} ({value})",
        "board_support_text": "Support from the partners' boards: {level} ({value})",
        "staff_motivation_text": "Professionals' own motivation for work across domains: {level} ({value})",
        "shared_vision_text": "Attention to a joint ambition and common language: {level} ({value})",
        "existing_network_text": "Ties across domains at the start: {level} ({value})",
        "kartrekker_skill_text": "The kartrekker's skill as a connector: {level} ({value})",
        "knowledge_exchange_text": "{value} joint meetings, trainings or case meetings a year",
        "formalisation_text": "Detail of covenants before starting: {level} ({value})",
        "connector_share_text": "{share} of the professionals are connectors",
        "turnover_text": "{share} of the professionals leave each year",
        "resident_involvement_text": "Residents at {share} of the working sessions",
        "reorganisation_rate_text": "{share} chance a year that an organisation reorganises",
        "level_low": "low",
        "level_mid": "medium",
        "level_high": "high",
        "timeseries_intro": (
            "The line is the median over the runs, the band runs from the 10th to the 90th percentile. Dotted "
            "lines mark events (in the scenario's colour); the grey line in the first panel is the threshold "
            "above which the network works, the yellow strip the year in which we ask whether it still works."
        ),
        "fig_timeseries_alt": "Time series per scenario with bands over the runs",
        "panel_cross_domain_ties": "Trust ties across domains (density)",
        "panel_needs_right_domain": "Needs reaching the right domain (share, 12-month mean)",
        "panel_commitment": "Partner commitment",
        "panel_kartrekker_active": "Kartrekker active (share of runs)",
        "panel_meetings": "Meetings in the last 12 months",
        "panel_budget": "Share of the costs covered",
        "panel_partners": "Partner organisations taking part",
        "panel_spending_eur": "Money spent, all payers (last 12 months)",
        "axis_year": "year",
        "threshold_label": "working network",
        "outcomes_intro": (
            "For each scenario, the distribution over the runs of three outcomes: how alive the network still "
            "is in the last year (0 = gone, 1 = fully working), after how many years a working network first "
            "exists, and in which year a working network fell apart again."
        ),
        "fig_outcomes_alt": "Distribution of the outcomes per scenario",
        "out_sustained": "Network alive in the last year (1 = just working)",
        "out_time_to_network": "Years until a working network",
        "out_collapse_year": "Year the network fell apart",
        "never_formed": "never: {k} of {n}",
        "never_collapsed": "did not: {k} of {n}",
        "col_scenario": "Scenario",
        "col_runs": "Runs",
        "col_works_in_year": "Works in year {year}",
        "col_sustained_mean": "Network alive, mean",
        "col_sustained_range": "10th-90th percentile",
        "col_formed": "Ever a working network",
        "col_time_to_network": "Years to network (median)",
        "col_collapsed": "Fell apart",
        "col_collapse_year": "Year it fell apart (median)",
        "count_of": "{k} of {n}",
        "not_applicable": "n/a",
        "differences_intro": (
            "Difference from “{reference}”, paired run by run (same chance events), with a 95% confidence "
            "interval from a bootstrap over the runs. An interval that does not contain 0 points to a clear "
            "difference."
        ),
        "fig_differences_alt": "Differences between scenarios with confidence intervals",
        "col_comparison": "Comparison",
        "col_measure": "Measure",
        "col_difference": "Difference",
        "col_ci": "95% interval",
        "col_pairs": "Pairs",
        "col_verdict": "Verdict",
        "verdict_clear": "clear",
        "verdict_unclear": "not clear",
        "verdict_same": "no difference: equal in every run",
        "versus": "{a} vs {b}",
        "measure_works_in_year": "Share of runs with a working network in year {year}",
        "measure_sustained": "Network alive in the last year (1 = just working)",
        "measure_time_to_network": "Years until a working network (runs in which both got one)",
        "measure_mean_needs_right_domain": "Needs reaching the right domain (share, mean)",
        "measure_kartrekker_years": "Years with a kartrekker",
        "pairs_too_few": "too few pairs",
        "claims_does": "What the model does",
        "claims_does_1": (
            "It works out how a network of professionals from care, public health and the social domain can "
            "grow and fade under the preconditions named by the 2017 quick scan (kartrekker, money, support, "
            "turnover, recorded agreements)."
        ),
        "claims_does_2": (
            "It compares scenarios fairly: each scenario gets the same random numbers, so differences come from "
            "the assumptions."
        ),
        "claims_does_3": "It shows the spread: many runs, not one outcome.",
        "claims_not": "What the model does not claim",
        "claims_not_1": (
            "It does not predict what will happen in a particular neighbourhood. The numbers in the assumptions "
            "are illustrative, not measured."
        ),
        "claims_not_2": (
            "It does not count health gains, and its euros are not a budget: they rest on assumed tariffs. "
            "A 'working network' is about ties between professionals."
        ),
        "claims_not_3": (
            "The rules follow qualitative sources (the quick scan and practice lessons); the strength of each "
            "effect is the modellers' choice. Use the results to discuss direction and order of magnitude, not "
            "as precise numbers."
        ),
        "claims_sources": (
            "Sources: the 2017 quick scan on cross-domain collaboration, chapters 4-5, and the practice lessons "
            "of Preventie in de Buurt; the model is described in collabsim's docs/ODD.md."
        ),
        "sec_costs": "What does it cost and who pays?",
        "costs_intro": (
            "Amounts cover the whole time span and are means over the runs, with the 10th to 90th percentile in "
            "brackets."
        ),
        "costs_scenario": (
            "With “{title}” the collaboration costs {cost} on average over {years} years ({lo} to {hi}). Of that, "
            "{project} comes from project money, the partners pay {partners} (co-financing and their staff's "
            "hours) and funders pay {funders}."
        ),
        "costs_reach": (
            "It avoids {avoided} of care costs. Each year {helped} in 1000 residents with a need in another "
            "domain are helped there. At the end, on average {partners} of the {orgs} partners take part."
        ),
        "costs_difference": (
            "“{title1}” costs {d} {direction} on average than “{title0}” (95% interval for the difference {lo} "
            "to {hi}); the number of residents helped per 1000 per year differs by {dh} (95% interval {hlo} to "
            "{hhi})."
        ),
        "costs_more": "more",
        "costs_less": "less",
        "costs_per_helped": "That is about {eur} extra per extra resident helped.",
        "costs_dominant": "So “{title1}” helps more residents and costs no more.",
        "costs_per_helped_na": (
            "We give no amount per extra resident helped: the difference in residents helped is not clearly "
            "above zero."
        ),
        "costs_assumed": (
            "Note: the amounts rest on assumed tariffs and hours (ODD s.7.13; see "
            "“collabsim constants --status assumed”), not on measured costs."
        ),
        # what does it take? (--what-it-takes, --from-pareto)
        "sec_takes": "What does it take?",
        "year_reason_pareto": "the year in which the optimisation judged the packages",
        "pareto_title": "{title}, package {k}: {package}",
        "pareto_description": "Package {k} of the front in {file}: {package}. Otherwise as “{title}”.",
        "takes_opt_intro": (
            "A search for packages of {levers} for “{title}” (collabsim optimise, {source}) found {front} "
            "packages for which no other package is cheaper and also works more often. Each package was judged "
            "in {runs} runs: does the network still work in year {year}?"
        ),
        "takes_opt_ensemble": "Those runs went across {members} accepted variants of the model.",
        "takes_cheapest": (
            "What it takes at least: the cheapest package that works in at least {threshold} of the runs is "
            "package {k}: {package}. It costs {cost} over {horizon} years and works in {share} of the runs."
        ),
        "takes_cheapest_none": (
            "No package on the front works in at least {threshold} of the runs; the best, package {k} ({package}), "
            "reaches {share} for {cost} over {horizon} years."
        ),
        "takes_robust": (
            "The most robust package is package {k}: {package}. It works in {share} of the runs and costs {cost} "
            "over {horizon} years."
        ),
        "takes_robust_same": "That is also the most robust package on the front.",
        "takes_who_pays": (
            "Of that, {project} comes from project money, the partners pay {partner} (co-financing and their "
            "staff's hours) and outside funders {funder}."
        ),
        "takes_opt_caveat": (
            "A share from {runs} runs is uncertain, around 50% by about ±{margin} percentage points. The amounts "
            "rest on assumed tariffs and hours. Every other precondition stays as in the scenario."
        ),
        "takes_forward": "To put this package in a report to forward: {command}",
        "takes_disc_intro": (
            "A scenario discovery (PRIM, collabsim discover, {source}) looked in a sweep of {runs} runs for the "
            "conditions under which {condition}; that holds in {share} of all runs."
        ),
        "takes_disc_intro_plain": "A scenario discovery (PRIM, collabsim discover, {source}) found:",
        "takes_disc_box": "The first box: {sentence}",
        "takes_disc_caveat": (
            "A box describes where in the sweep the runs lie in which it holds; it is no guarantee for one "
            "neighbourhood."
        ),
        "seeds_intro": (
            "With the same base seed and number of runs collabsim gives exactly the same numbers, also with a "
            "different number of processes. Reproduce with:"
        ),
        "seeds_base": "Base seed",
        "seeds_version": "collabsim version",
        "seeds_hash": "Scenario content hash",
        "col_replication": "Run",
        "col_seed": "Run seed",
        "footer": "Made with collabsim {version}. This file is readable on its own, also without internet.",
    },
}


#: ``text(lang, key, **values)``: one string of the report
text = Texts(by_key(STRINGS))


def number(lang: str, value: float, digits: int = 2, signed: bool = False) -> str:
    """A number with ``digits`` decimals; a decimal comma in Dutch; '-' for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    out = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    out = out.replace("-", "\u2212")
    return out.replace(".", ",") if lang == "nl" else out


def percent(lang: str, share: float, signed: bool = False) -> str:
    """A share in [0, 1] as a whole percentage ('60%'; signed: '+23 procentpunt')."""
    if signed:
        unit = " procentpunt" if lang == "nl" else " percentage points"
        return number(lang, 100 * share, 0, signed=True) + unit
    return number(lang, 100 * share, 0) + "%"


def years(lang: str, value: float) -> str:
    """A number of years without needless decimals ('3', '2,5')."""
    return number(lang, value, 0 if float(value).is_integer() else 1)
