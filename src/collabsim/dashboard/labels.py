"""Every word the trainers' dashboard shows, in English and Dutch, in one place.

``text(lang, key, **fields)`` (:class:`collabsim.texts.Texts`) returns a label; the test
suite checks that both languages have every key.
"""

from __future__ import annotations

from ..texts import Texts

LABELS: dict[str, dict[str, str]] = {
    # --- page and panels ---------------------------------------------------------------
    "title": {
        "en": "collabsim: why continuity matters",
        "nl": "collabsim: waarom continuïteit telt",
    },
    "language": {"en": "Language", "nl": "Taal"},
    "scenario": {"en": "Scenario", "nl": "Scenario"},
    "mode": {"en": "View", "nl": "Weergave"},
    "mode_single": {"en": "One neighbourhood", "nl": "Eén wijk"},
    "mode_continuity": {"en": "Continuity: with and without measures", "nl": "Continuïteit: met en zonder borging"},
    "trainer": {"en": "Trainer", "nl": "Trainer"},
    "events_now": {"en": "Make it happen now", "nl": "Laat het nu gebeuren"},
    "story": {"en": "What is happening", "nl": "Wat er gebeurt"},
    "year": {"en": "Year {year:.1f}", "nl": "Jaar {year:.1f}"},
    "nothing_yet": {
        "en": "Press ▶ (play) in the sidebar: the network grows month by month.",
        "nl": "Druk op ▶ (afspelen) in de zijbalk: het netwerk groeit maand na maand.",
    },
    "network": {"en": "The network of professionals", "nl": "Het netwerk van professionals"},
    "series": {"en": "Over time", "nl": "In de tijd"},
    "seed": {"en": "Seed (same seed = same neighbourhood)", "nl": "Seed (zelfde seed = zelfde wijk)"},
    "structural": {"en": "Structural funding (no end)", "nl": "Structurele financiering (geen einde)"},
    "bad_seed": {
        "en": "Seed {given!r} is not a whole number; using {seed}.",
        "nl": "Seed {given!r} is geen geheel getal; {seed} wordt gebruikt.",
    },
    "press_reset": {
        "en": "Change sliders, then press Reset to start again with them.",
        "nl": "Verschuif de schuifjes en druk op Reset om daarmee opnieuw te beginnen.",
    },
    # --- arms ----------------------------------------------------------------------------
    "arm_current": {"en": "This neighbourhood", "nl": "Deze wijk"},
    "arm_without": {"en": "Without continuity measures", "nl": "Zonder borging"},
    "arm_with": {
        "en": "With continuity measures (recorded agreements, handover, co-financing)",
        "nl": "Met borging (vastgelegde afspraken, overdracht, cofinanciering)",
    },
    "arm_without_short": {"en": "without measures", "nl": "zonder borging"},
    "arm_with_short": {"en": "with measures", "nl": "met borging"},
    # --- event buttons -------------------------------------------------------------------
    "btn_kartrekker_leaves": {"en": "The kartrekker leaves", "nl": "De kartrekker vertrekt"},
    "btn_funding_stops": {"en": "Project money stops", "nl": "Het projectgeld stopt"},
    "btn_reorganisation": {"en": "Reorganisation at", "nl": "Reorganisatie bij"},
    "btn_staff_rotation": {"en": "Staff rotation wave (30%)", "nl": "Golf van personeelswisselingen (30%)"},
    "btn_working_session": {"en": "A working session for everyone", "nl": "Een werksessie voor iedereen"},
    "btn_problem_map": {"en": "A map of the problem", "nl": "Een kaart van het probleem"},
    "btn_board_no": {"en": "The boards say no", "nl": "De besturen zeggen nee"},
    "organisation": {"en": "Organisation", "nl": "Organisatie"},
    # --- the story: what happened, in plain words ----------------------------------------
    "ev_start": {"en": "The collaboration starts.", "nl": "De samenwerking begint."},
    "ev_kartrekker_leaves": {"en": "The kartrekker left.", "nl": "De kartrekker is vertrokken."},
    "ev_kartrekker_moved_on": {
        "en": "The kartrekker moved on (another job, or no money for the role).",
        "nl": "De kartrekker ging weg (andere baan, of geen geld voor de rol).",
    },
    "ev_kartrekker_appointed": {
        "en": "A new kartrekker was appointed ({kind}).",
        "nl": "Er is een nieuwe kartrekker aangesteld ({kind}).",
    },
    "ev_kartrekker_taken_over": {
        "en": "A connector took over as kartrekker.",
        "nl": "Een verbinder nam de rol van kartrekker over.",
    },
    "ev_funding_stops": {"en": "Project money ended.", "nl": "Het projectgeld is op."},
    "ev_reorganisation": {"en": "Reorganisation at {detail}.", "nl": "Reorganisatie bij {detail}."},
    "ev_staff_rotation": {
        "en": "A wave of staff rotation: {detail} of the professionals change jobs.",
        "nl": "Een golf van personeelswisselingen: {detail} van de professionals wisselt van baan.",
    },
    "ev_working_session": {
        "en": "A working session brought many professionals together.",
        "nl": "Een werksessie bracht veel professionals bij elkaar.",
    },
    "ev_problem_map": {
        "en": "A map made the problem visible: urgency and the boards' attention rose.",
        "nl": "Een kaart maakte het probleem zichtbaar: de urgentie en de aandacht van de besturen stegen.",
    },
    "ev_board_change": {
        "en": "The board of {organisation} changed its support to {support}.",
        "nl": "Het bestuur van {organisation} veranderde zijn steun naar {support}.",
    },
    "ev_board_change_all": {
        "en": "Every board changed its support to {support}.",
        "nl": "Alle besturen veranderden hun steun naar {support}.",
    },
    "ev_representatives_change": {
        "en": "The representatives of {organisation} changed; their work is interrupted for a while.",
        "nl": "De vertegenwoordigers van {organisation} wisselden; hun werk ligt een tijd stil.",
    },
    "ev_representatives_change_all": {
        "en": "Every partner's representative changed; the work is interrupted for a while.",
        "nl": "De vertegenwoordigers van alle partners wisselden; het werk ligt een tijd stil.",
    },
    "ev_people_left": {
        "en": "{n} professional(s) left; their ties went with them.",
        "nl": "{n} professional(s) vertrokken; hun contacten gingen mee.",
    },
    "ev_successors": {"en": "{n} successor(s) started.", "nl": "{n} opvolger(s) begonnen."},
    "ev_partner_leaves": {
        "en": "{detail} no longer takes part: taking part did not pay off.",
        "nl": "{detail} doet niet meer mee: meedoen leverde te weinig op.",
    },
    "ev_partner_joins": {"en": "{detail} joins the collaboration.", "nl": "{detail} doet nu mee."},
    "ev_network_works": {
        "en": "A working cross-domain network exists.",
        "nl": "Er is een werkend domeinoverstijgend netwerk.",
    },
    "ev_network_collapsed": {"en": "The network fell apart.", "nl": "Het netwerk is uiteengevallen."},
    "ev_end": {"en": "End of the horizon.", "nl": "Einde van de looptijd."},
    # --- status line ---------------------------------------------------------------------
    "st_kartrekker_yes": {"en": "kartrekker at work", "nl": "kartrekker aan het werk"},
    "st_kartrekker_no": {"en": "no kartrekker", "nl": "geen kartrekker"},
    "st_money_yes": {"en": "project money until year {until:g}", "nl": "projectgeld tot jaar {until:g}"},
    "st_money_structural": {"en": "structural funding", "nl": "structurele financiering"},
    "st_money_no": {
        "en": "no project money; partners carry {share:.0%}",
        "nl": "geen projectgeld; partners dragen {share:.0%}",
    },
    "st_ties": {"en": "working cross-domain ties {ties:.0%}", "nl": "werkende domeinoverstijgende banden {ties:.0%}"},
    "st_staff": {"en": "{present} of {total} posts filled", "nl": "{present} van {total} functies bezet"},
    "st_partners": {"en": "{n} of {total} partners take part", "nl": "{n} van {total} partners doen mee"},
    "st_spent": {
        "en": "spent so far: project {project}, partners {partner}, funders {funder}",
        "nl": "tot nu toe uitgegeven: project {project}, partners {partner}, financiers {funder}",
    },
    # --- network legend ------------------------------------------------------------------
    "dom_medical": {"en": "medical", "nl": "medisch"},
    "dom_public_health": {"en": "public health", "nl": "publieke gezondheid"},
    "dom_social": {"en": "social domain", "nl": "sociaal domein"},
    "lg_connector": {"en": "connector (verbinder)", "nl": "verbinder"},
    "lg_kartrekker": {"en": "kartrekker", "nl": "kartrekker"},
    "lg_left": {"en": "left (fading)", "nl": "vertrokken (vervaagt)"},
    "lg_successor": {"en": "successor (first year)", "nl": "opvolger (eerste jaar)"},
    "lg_tie": {"en": "working tie across domains", "nl": "werkende band tussen domeinen"},
    "kartrekker_gone": {"en": "kartrekker gone", "nl": "kartrekker weg"},
    # --- time series ---------------------------------------------------------------------
    "ts_cross_domain_ties": {"en": "Working cross-domain ties", "nl": "Werkende banden tussen domeinen"},
    "ts_meetings": {"en": "Meetings (last 12 months)", "nl": "Overleggen (laatste 12 maanden)"},
    "ts_cross_domain_referrals": {
        "en": "Referrals across domains (last 12 months)",
        "nl": "Verwijzingen tussen domeinen (laatste 12 maanden)",
    },
    "ts_needs_right_domain": {
        "en": "Needs reaching the right domain (12-month mean)",
        "nl": "Hulpvragen in het juiste domein (gemiddelde over 12 maanden)",
    },
    "ts_commitment": {"en": "Commitment of partners", "nl": "Betrokkenheid van partners"},
    "ts_kartrekker_active": {"en": "Kartrekker at work", "nl": "Kartrekker aan het werk"},
    "ts_partners": {"en": "Partner organisations taking part", "nl": "Deelnemende partnerorganisaties"},
    "ts_spending_eur": {"en": "Money spent, EUR (last 12 months)", "nl": "Uitgegeven, euro (laatste 12 maanden)"},
    "axis_year": {"en": "year", "nl": "jaar"},
    "mk_kartrekker_leaves": {"en": "kartrekker leaves", "nl": "kartrekker weg"},
    "mk_funding_stops": {"en": "money ends", "nl": "geld op"},
    "mk_reorganisation": {"en": "reorganisation", "nl": "reorganisatie"},
    "mk_staff_rotation": {"en": "rotation", "nl": "wisselingen"},
    "mk_working_session": {"en": "working session", "nl": "werksessie"},
    "mk_problem_map": {"en": "problem map", "nl": "probleemkaart"},
    "mk_board_change": {"en": "board", "nl": "bestuur"},
    "mk_representatives_change": {"en": "representatives", "nl": "vertegenwoordigers"},
    # --- preconditions (slider labels) ---------------------------------------------------
    "p_kartrekker": {"en": "Kartrekker", "nl": "Kartrekker"},
    "p_urgency": {"en": "Shared urgency", "nl": "Gedeelde urgentie"},
    "p_hierarchy": {"en": "Hierarchy between partners", "nl": "Hiërarchie tussen partners"},
    "p_board_support": {"en": "Board support", "nl": "Bestuurlijk draagvlak"},
    "p_staff_motivation": {"en": "Motivation on the work floor", "nl": "Motivatie op de werkvloer"},
    "p_shared_vision": {"en": "Shared vision and language", "nl": "Gedeelde visie en taal"},
    "p_existing_network": {"en": "Existing network", "nl": "Bestaand netwerk"},
    "p_kartrekker_skill": {"en": "Skill of the kartrekker", "nl": "Vaardigheid van de kartrekker"},
    "p_knowledge_exchange": {
        "en": "Knowledge exchange (meetings a year)",
        "nl": "Kennisuitwisseling (bijeenkomsten per jaar)",
    },
    "p_agreements_recorded": {"en": "Agreements recorded", "nl": "Afspraken vastgelegd"},
    "p_formalisation": {"en": "Formalisation up front", "nl": "Formalisering vooraf"},
    "p_cofinancing": {"en": "Co-financing by partners", "nl": "Cofinanciering door partners"},
    "p_shared_savings": {"en": "Shared savings", "nl": "Gedeelde besparingen"},
    "p_integrated_funding": {"en": "Integrated funding", "nl": "Ontschotte financiering"},
    "p_connector_share": {"en": "Share of connectors", "nl": "Aandeel verbinders"},
    "p_turnover": {"en": "Staff turnover (per year)", "nl": "Personeelsverloop (per jaar)"},
    "p_funding_years": {"en": "Years of project money", "nl": "Jaren projectgeld"},
    "p_resident_involvement": {"en": "Residents involved", "nl": "Betrokkenheid bewoners"},
    "p_reorganisation_rate": {"en": "Reorganisations (per year)", "nl": "Reorganisaties (per jaar)"},
    "k_none": {"en": "none", "nl": "geen"},
    "k_internal": {"en": "internal", "nl": "intern"},
    "k_external": {"en": "external", "nl": "extern"},
    "k_duo": {"en": "duo", "nl": "duo"},
}


text = Texts(LABELS)


def kartrekker_choices(lang: str) -> list[str]:
    """The kartrekker kinds as the trainer sees them, e.g. ``none``/``geen``."""
    return [text(lang, f"k_{kind}") for kind in ("none", "internal", "external", "duo")]


def kartrekker_kind(shown: str) -> str:
    """The canonical kartrekker kind for a shown choice in either language."""
    for kind in ("none", "internal", "external", "duo"):
        if shown == kind or shown in LABELS[f"k_{kind}"].values():
            return kind
    raise ValueError(f"kartrekker: {shown!r} is not one of none, internal, external, duo")
