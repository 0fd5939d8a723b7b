"""The one registry of the model's constants: value, plausible range, unit, status and reason.

Every number of the model that no precondition sets lives here (DESIGN.md s.8.4); the
mechanisms and submodels read their values from :data:`CONSTANTS` (``value(name)``), and
docs/ODD.md s.7.12 shows the table :func:`markdown` renders (a test keeps the two alike).
Status: ``sourced`` (a seed gives the number), ``inferred`` (a seed gives a direction or a
rough size), ``assumed`` (no seed fixes it; the range is judgement from what it means).
``where`` names the ODD section(s) it acts in; seeds are cited by file number and section
(../shared/seeds/000-004), as docs/ODD.md does.

Not here: the per-type constants of the organisation types (a table of their own,
``params.ORGANISATION_TYPES``, ODD s.2.5), and the output definitions of ``outcomes.py``
(``NETWORK_THRESHOLD``, ``COLLAPSE_SHARE``: how an outcome is measured, not how the model works).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

STATUSES = ("sourced", "inferred", "assumed")
FORMATS = ("table", "csv", "markdown")

Number = float | tuple[float, ...]


@dataclass(frozen=True)
class Constant:
    """One constant: its value, a plausible range, unit, status, the ODD section(s) it acts in, and why."""

    name: str
    value: Number
    low: Number
    high: Number
    unit: str
    status: str
    where: str
    reason: str


_ALL = (
    # --- events (s.7.1) ---
    Constant("WORKING_SESSION_ATTENDANCE", 0.8, 0.6, 0.95, "probability", "inferred", "7.1",
       "chance that a present professional with full room comes to a working session; a session brings "
       "many professionals together once (002 les 1); no share given"),
    Constant("WORKING_SESSION_ROOM_WEIGHT", 0.3, 0.0, 0.5, "weight", "assumed", "7.1",
       "how much the time a professional is allowed still counts for coming to a working session; "
       "0: everyone alike; no seed"),
    Constant("PROBLEM_MAP_URGENCY", 0.4, 0.2, 0.6, "share of the gap", "inferred", "7.1",
       "urgency gained when a map makes the problem visible (003 ch.3.2 l.1250-1258: awareness); no size"),
    Constant("PROBLEM_MAP_BOARD", 0.3, 0.1, 0.5, "share of the gap", "inferred", "7.1",
       "board support gained when a map puts the problem on the boards' agenda (003 ch.2.2 l.401-415; "
       "ch.4 l.2398-2404: talks with aldermen); no size"),
    Constant("INTERRUPTION_YEARS", 0.5, 0.25, 1.0, "years", "assumed", "7.10",
       "standstill of an organisation's part when its representative leaves and nothing is recorded "
       "(003 ch.3.3.4 l.2064-2066: interruption and standstill); no length"),
    Constant("RECORDS_SHORTENING", 0.8, 0.5, 1.0, "share", "assumed", "7.10",
       "share of the interruption that fully recorded agreements save (003 ch.5 l.2806-2816; 002 tips)"),
    Constant("STANDSTILL", 0.8, 0.5, 1.0, "share", "assumed", "7.6",
       "meeting pace lost when every partner is interrupted, in proportion to the share interrupted "
       "(003 ch.3.3.4 l.2064-2066); no size"),
    # --- ties and friction (s.7.0, 7.5, 7.6, 7.8) ---
    Constant("WORKING_TIE", 0.3, 0.2, 0.5, "trust", "assumed", "5, 7.7, 7.10",
       "trust from which a tie is used in daily work; 004 intro (a short line to the social team) gives no level"),
    Constant("TIE_GAIN_MEETING", 0.25, 0.1, 0.4, "share of the gap", "assumed", "7.6",
       "trust gained per shared meeting; 002 les 1 (meeting builds trust) gives no size"),
    Constant("TIE_GAIN_INTRODUCTION", 0.35, 0.15, 0.5, "share of the gap", "assumed", "7.5",
       "trust gained by a brokered introduction, more than a meeting; 003 ch.5 gives no size"),
    Constant("TIE_DECAY", 0.2, 0.1, 0.4, "1/yr", "assumed", "7.8",
       "fading of a fresh tie without contact; 004 intro (a network lasting years) rules out 0.4"),
    Constant("TIE_PERSISTENCE", 0.5, 0.0, 0.8, "factor", "assumed", "7.8",
       "how much more slowly established trust fades; 004 intro gives only that ties last with investment"),
    Constant("HIERARCHY_BRAKE", 2.5, 1.0, 4.0, "factor", "assumed", "7.0",
       "slowing of trust across a status gap at full hierarchy; 003 ch.5 gives the direction only"),
    Constant("EQUALITY_SOFTENING", 0.5, 0.25, 0.75, "share", "assumed", "7.0",
       "how much a kartrekker's attention to equality softens the hierarchy brake (003 ch.5); no size"),
    Constant("CULTURE_BRAKE", 0.3, 0.1, 0.5, "factor", "assumed", "7.0",
       "slowing of trust across working cultures (002 les 2; 003 ch.3.3.4); no size"),
    Constant("LANGUAGE_GAIN", 0.3, 0.1, 0.5, "share of the gap", "assumed", "7.6",
       "common language gained per meeting at full attention to a joint ambition and full attendance "
       "(001; 002 les 2; 003 ch.5 give the direction only)"),
    Constant("CONNECTOR_BOOST", 0.5, 0.2, 1.0, "factor", "assumed", "7.0, 7.10",
       "extra trust growth per connector in a pair (003 ch.5 new profile); no size"),
    # --- knowledge of other domains (s.5, 7.5, 7.6, 7.8, 7.10) ---
    Constant("KNOWLEDGE_GAIN", 0.08, 0.03, 0.15, "share of the gap", "assumed", "7.5, 7.6",
       "knowledge of others' offer learnt per meeting (003 ch.5; 004 walks); no size"),
    Constant("KNOWLEDGE_FORGETTING", 0.15, 0.05, 0.3, "1/yr", "assumed", "7.8",
       "offers and people change, so knowledge dates (004 l.19); no rate"),
    Constant("KNOWLEDGE_FLOOR", 0.1, 0.0, 0.2, "knowledge", "assumed", "5, 7.8, 7.10",
       "knowledge of other domains that never fades, and a newcomer's start"),
    Constant("RESIDENT_KNOWLEDGE_FACTOR", 1.3, 1.0, 2.0, "factor", "assumed", "7.6",
       "more is learnt with residents present (002 les 5); no size"),
    Constant("INTRODUCTION_KNOWLEDGE_SHARE", 0.5, 0.25, 1.0, "share", "assumed", "7.5",
       "knowledge gained per introduction, as a share of a meeting's"),
    Constant("KNOWLEDGE_HANDOVER", 0.5, 0.25, 0.75, "share", "assumed", "7.10",
       "share of a leaver's knowledge a successor gets at full records (002 further tips)"),
    Constant("INITIAL_KNOWLEDGE_FROM_TIES", 0.6, 0.3, 0.8, "knowledge", "assumed", "5",
       "initial knowledge per share of working cross-domain ties; no seed"),
    Constant("INITIAL_KNOWLEDGE_SPREAD", 0.1, 0.0, 0.2, "knowledge", "assumed", "5",
       "width of the uniform spread in initial knowledge; no seed"),
    # --- time allowed and willingness (s.7.4) ---
    Constant("BOARD_WEIGHT", 0.5, 0.3, 0.7, "weight", "inferred", "7.4",
       "weight of board support against staff's own motivation in the room for joint work; staff support "
       "matters as much as the board's (003 ch.4 intrinsic motivation l.2410-2457; 000 l.19-21)"),
    Constant("SECTORAL_PULL", 0.5, 0.2, 0.8, "share", "assumed", "5, 7.4, 7.9",
       "pull back to the own course under sectoral subsidy (003 ch.4 l.2542-2554); no size"),
    Constant("COMMITMENT_ROOM_BASE", 0.5, 0.2, 0.8, "share", "assumed", "7.4",
       "room for joint work at zero commitment; the rest grows with commitment"),
    Constant("URGENCY_WEIGHT", 0.5, 0.3, 0.7, "weight", "assumed", "7.4",
       "weight of urgency against motivation in willingness (000 l.15; 004 l.13)"),
    # --- meetings (s.7.6) ---
    Constant("ATTENDANCE_FACTOR", 3.0, 1.5, 5.0, "factor", "assumed", "7.6",
       "scales spare time x time allowed x willingness to a chance of attending"),
    Constant("ATTENDANCE_CAP", 0.95, 0.8, 1.0, "probability", "assumed", "7.6",
       "someone always has something else on"),
    Constant("GP_TIMING", 0.2, 0.0, 0.4, "share", "assumed", "7.6",
       "share of a GP's gap to full availability that a meeting planned at the end of the afternoon closes "
       "(002 les 4 gives the direction, no size)"),
    Constant("SELF_ORGANISED_SHARE", 0.4, 0.1, 0.6, "share", "inferred", "7.6",
       "partners hold fewer meetings without a process owner (002 les 3), at full commitment"),
    Constant("FORMALISATION_SLOWDOWN", 0.7, 0.4, 0.9, "share", "assumed", "7.6",
       "meeting pace lost at full formalisation while covenants are drawn up (003 ch.3.3)"),
    Constant("FORMALISATION_DELAY", 1.5, 0.5, 3.0, "years", "assumed", "7.6",
       "years of slow start at full formalisation (003 ch.3.3.2); no length"),
    Constant("RESIDENT_URGENCY_GAIN", 0.04, 0.01, 0.1, "share of the gap", "assumed", "7.6",
       "urgency gained per meeting with residents (002 les 5); no size"),
    # --- kartrekker (s.7.5, 7.11) ---
    Constant("INTRODUCTIONS_PER_YEAR", 48.0, 24.0, 96.0, "introductions/yr", "assumed", "7.5",
       "by a fully effective kartrekker with full means, about one a week"),
    Constant("FAMILIARITY_LEARNING", 1.5, 0.75, 3.0, "1/yr", "assumed", "7.5",
       "an outsider learns the local network in about a year (003 ch.5)"),
    Constant("INTERNAL_NEUTRALITY", 0.85, 0.7, 1.0, "factor", "assumed", "7.5",
       "an internal kartrekker is less neutral than an outsider above the parties (003 ch.5)"),
    Constant("EXTERNAL_EXPERIENCE", 0.15, 0.0, 0.3, "skill", "assumed", "7.5",
       "an outsider brings experience from elsewhere (003 ch.5 l.2743-2763); no size"),
    Constant("INTERNAL_EMBEDDING", 0.5, 0.25, 0.75, "share", "assumed", "7.5",
       "share of an internal kartrekker's role her own organisation carries when money ends"),
    Constant("UNPAID_LEAVING", 1.0, 0.5, 2.0, "1/yr", "assumed", "7.5",
       "a kartrekker nobody pays leaves (003 ch.3.3.2 l.1878-1882); no rate"),
    Constant("RECORDS_RENEWAL", 2.0, 1.0, 4.0, "1/yr", "assumed", "7.5",
       "pace at which a kartrekker brings records to their target (003 ch.5 l.2806-2816)"),
    Constant("APPOINTMENT_RATE", 3.0, 1.5, 6.0, "1/yr", "assumed", "7.11",
       "the project recruits a new kartrekker in about four months"),
    Constant("SUCCESSOR_FAMILIARITY", 0.6, 0.4, 0.8, "familiarity", "assumed", "7.11",
       "an internal successor's familiarity without records; records add the rest"),
    Constant("EXTERNAL_FAMILIARITY", 0.5, 0.25, 0.75, "familiarity", "assumed", "7.11",
       "an external successor's familiarity at full records"),
    Constant("TAKEOVER_MOTIVATION", 0.5, 0.3, 0.7, "motivation", "assumed", "7.11",
       "a connector must be more than averagely motivated to take the role over"),
    Constant("TAKEOVER_RATE", 1.5, 0.5, 3.0, "1/yr", "inferred", "7.11",
       "a connector takes the role over (003 ch.5 new profile; 003 ch.3.3.4 l.2056-2066; 004)"),
    Constant("TAKEOVER_UNPAID_SHARE", 0.25, 0.0, 0.5, "share", "assumed", "7.11",
       "share of the take-over rate left with no means, paid or in own time"),
    Constant("TAKEOVER_SKILL", 0.6, 0.4, 0.8, "skill", "assumed", "7.11",
       "a taking-over connector's own skill, averaged with kartrekker_skill"),
    # --- funding (s.7.3) ---
    Constant("OWN_TIME", 0.5, 0.2, 0.8, "share", "inferred", "7.3",
       "share of the unpaid work a fully motivated work floor does in its own time; 004 (a network on "
       "partners' own means and intrinsic motivation) and 000 (motivation is the barrier) give the direction"),
    Constant("BUDGET_FLOOR", 0.3, 0.1, 0.5, "share", "assumed", "7.3",
       "share of the work done without any budget; the seeds give no amounts"),
    Constant("COFINANCING_BASE", 0.5, 0.25, 0.75, "share", "assumed", "7.3",
       "co-financing paid at zero commitment (003 ch.5 l.2818-2824); no amount"),
    Constant("INTEGRATED_FUNDING_SHARE", 0.3, 0.1, 0.5, "share", "assumed", "7.3",
       "share of costs funders carry at full integrated funding (003 ch.5 l.2867-2879)"),
    # --- referrals (s.7.7) ---
    Constant("NEEDS_PER_RESIDENT_YEAR", 1.2, 0.5, 2.0, "needs/resident/yr", "assumed", "7.7",
       "needs that show at a professional; the seeds give no figures"),
    Constant("NEED_DOMAIN_SHARE", (0.3, 0.2, 0.5), (0.2, 0.1, 0.35), (0.4, 0.3, 0.6), "share", "assumed", "7.7",
       "medical, public health, social; needs across domains (000; 004), no figures"),
    Constant("FIRST_CONTACT_SHARE", (0.6, 0.1, 0.3), (0.5, 0.05, 0.2), (0.75, 0.2, 0.4), "share", "inferred", "7.7",
       "medical, public health, social; most needs show first at the GP (002 les 4)"),
    Constant("GGD_ROLE_CLARITY", 0.5, 0.2, 0.8, "share", "inferred", "7.7",
       "how well others know what public health offers when nothing about its role is written down: "
       "the GGD is not yet an obvious partner in the neighbourhood unless it makes its role clear and "
       "records tasks (002 les 6; 003 ch.3.3.5)"),
    Constant("FOLLOW_BASE", 0.5, 0.3, 0.7, "probability", "assumed", "7.7",
       "chance a resident with no trust still follows a referral (003 ch.3.1 l.1093-1105)"),
    Constant("RESIDENT_TRUST_GAIN", 0.02, 0.005, 0.05, "share of the gap", "assumed", "7.7",
       "residents' trust gained per need met; no seed"),
    Constant("RESIDENT_TRUST_LOSS", 0.01, 0.005, 0.05, "share", "assumed", "7.7",
       "residents' trust lost per need not met; no seed"),
    # --- fading and records (s.5, 7.8) ---
    Constant("RECORDS_AGEING", 0.2, 0.1, 0.5, "1/yr", "assumed", "7.8",
       "agreements must be renewed to stay current (003 ch.5 l.2806-2816); no rate"),
    Constant("RECORDS_FORMALISATION", 0.5, 0.25, 0.75, "share", "inferred", "5",
       "covenants keep agreements on paper (003 ch.3.3): share of unrecorded ones at full formalisation"),
    # --- perceived results (s.7.9) ---
    Constant("URGENCY_FADE", 0.35, 0.1, 0.6, "1/yr", "assumed", "7.9",
       "urgency fades without visible results (003 ch.3.1 l.1061-1073); no rate"),
    Constant("URGENCY_FLOOR", 0.3, 0.0, 0.6, "share of initial urgency", "inferred", "7.9",
       "the problem stays, so urgency never fades fully; the seeds support only the refresh"),
    Constant("URGENCY_REFRESH", 0.8, 0.4, 1.2, "1/yr", "assumed", "7.9",
       "visible results renew motivation (003 ch.5 l.2838-2846); no rate"),
    Constant("SUCCESS_SMOOTHING", 2.0, 1.0, 4.0, "1/yr", "assumed", "7.3, 7.9",
       "the success rate is a moving average over about half a year"),
    Constant("CELEBRATION_BASE", 0.6, 0.3, 0.8, "share", "assumed", "7.9",
       "share of success made visible without a kartrekker celebrating it (003 ch.5 l.2838-2846)"),
    Constant("FORMALISATION_DAMPING", 0.4, 0.1, 0.6, "share", "inferred", "7.9",
       "formalisation dampens celebration, an inference from 003 ch.3.3 l.1414-1430"),
    Constant("BENEFIT_URGENCY", 0.3, 0.1, 0.5, "weight", "assumed", "7.9",
       "weight of urgency in a partner's perceived benefit (001 mutual benefit)"),
    Constant("BENEFIT_SUCCESS", 0.7, 0.4, 1.0, "weight", "assumed", "7.9",
       "weight of visible success in perceived benefit (003 ch.4 l.2461-2471)"),
    Constant("BENEFIT_RESIDENTS", 0.1, 0.0, 0.3, "weight", "assumed", "7.9",
       "weight of resident involvement in perceived benefit (002 les 5)"),
    Constant("COST_BUDGET", 0.45, 0.2, 0.7, "weight", "assumed", "7.9",
       "cost to partners of paying for the work themselves (001)"),
    Constant("COST_PULL", 0.15, 0.0, 0.3, "weight", "assumed", "7.9",
       "cost of going against a sectoral funder's course (003 ch.4)"),
    Constant("BOARD_ANCHOR", 0.4, 0.2, 0.6, "weight", "assumed", "7.9",
       "board support anchors commitment (003 ch.4-5); no size"),
    Constant("COMMITMENT_RATE", 1.0, 0.5, 2.0, "1/yr", "assumed", "7.9",
       "commitment follows benefit minus cost within about a year"),
    Constant("COST_CHARGE", 0.15, 0.05, 0.3, "weight", "assumed", "7.9",
       "weight of the co-financed share in a partner's perceived cost: paying from its own budget costs "
       "it (003 ch.5 financieel commitment); no size"),
    Constant("CLOSENESS_RELIEF", 0.5, 0.0, 1.0, "share", "inferred", "7.9",
       "share of the co-financing charge lifted when all of a partner's work is the joint work's kind: "
       "co-financing is more logical for work in line with regular work (003 ch.5 l.2818-2822); no size"),
    Constant("BOARD_DRIFT", 0.5, 0.2, 1.0, "1/yr", "assumed", "7.9",
       "rate at which board support follows results and lobbying; a yes at the start is not a yes later "
       "(003 ch.3.1 l.1087-1091); no size"),
    Constant("BOARD_RESULTS", 0.5, 0.2, 0.8, "support per visible success", "assumed", "7.9",
       "how much visible results above (below) the reference raise (lower) board support (003 ch.4 "
       "concrete instruments l.2461-2471); no size"),
    Constant("BOARD_LOBBY", 0.3, 0.1, 0.5, "share of the gap", "assumed", "7.9",
       "support a fully effective kartrekker wins at board level (002 les 3: draagvlak, financiering, "
       "borging); no size"),
    # --- membership (s.7.9) ---
    Constant("LEAVE_COMMITMENT", 0.15, 0.05, 0.3, "commitment", "assumed", "7.9",
       "commitment below which taking part does not pay for a partner (001 winst versus risico); no level"),
    Constant("PARTNER_PATIENCE", 1.0, 0.5, 2.0, "years", "assumed", "7.9",
       "how long a partner stays while taking part does not pay, without covenants; no seed"),
    Constant("FORMALISATION_BINDING", 1.0, 0.5, 2.0, "factor", "inferred", "7.9",
       "extra patience per unit formalisation: covenants protect continuity (003 ch.3.3 AIG; DESIGN s.4) "
       "while they slow the start"),
    Constant("JOIN_RATE", 3.0, 1.0, 6.0, "1/yr per visible success", "assumed", "7.9",
       "rate at which visible success draws an outside organisation in (003 ch.4-5 vier je successen; "
       "ch.3.3.5 Zwolle); no size"),
    Constant("MOTIVATION_GAIN", 0.3, 0.1, 0.5, "motivation", "assumed", "7.9",
       "motivation gained per unit of visible success above the target (003 ch.5)"),
    Constant("MOTIVATION_TARGET", 0.3, 0.1, 0.5, "visible success", "assumed", "7.9",
       "visible success below which motivation falls back"),
    Constant("MOTIVATION_RATE", 1.0, 0.5, 2.0, "1/yr", "assumed", "7.9",
       "motivation follows its target within about a year"),
    # --- reorganisations and turnover (s.5, 7.1, 7.2, 7.10) ---
    Constant("REORGANISED_CAPACITY", 0.4, 0.2, 0.7, "capacity", "assumed", "7.2",
       "a reorganisation absorbs the energy for new partnerships (003 ch.5 l.2848-2866); no size"),
    Constant("REORGANISATION_DURATION", 1.0, 0.5, 2.0, "years", "assumed", "7.1, 7.2",
       "length of a reorganisation (003 ch.3.2 l.1365-1383); no length"),
    Constant("REORGANISATION_TURNOVER", 2.0, 1.5, 3.0, "factor", "assumed", "5, 7.10",
       "staff leave faster from an organisation in reorganisation; no size"),
    Constant("VACANCY_FILL_RATE", 4.0, 2.0, 6.0, "1/yr", "assumed", "5, 7.10",
       "a post stays empty three months on average (004 l.21: wait for a successor)"),
    Constant("HANDOVER_SHARE", 0.7, 0.4, 0.9, "share", "assumed", "7.10",
       "share of a leaver's ties handed over at full records (002 further tips; 004)"),
    Constant("STAFF_ROTATION_SHARE", 0.3, 0.1, 0.5, "share", "assumed", "7.1",
       "default share leaving in a staff_rotation event that names none (004)"),
    # --- initialisation (s.5) ---
    Constant("BOARD_SUPPORT_SPREAD", 0.15, 0.05, 0.25, "sd", "assumed", "5",
       "boards differ around the neighbourhood's board support; no seed"),
    Constant("SPARE_TIME_SPREAD", 0.15, 0.05, 0.25, "relative sd", "assumed", "5",
       "professionals differ around their organisation type's spare time; no seed"),
    Constant("SPARE_TIME_MIN", 0.05, 0.01, 0.1, "share", "assumed", "5",
       "everyone has a little time outside the core task"),
    Constant("TIE_PROBABILITY_WITHIN", 0.3, 0.1, 0.6, "probability", "assumed", "5",
       "chance of an initial tie within a domain; no seed"),
    Constant("TIE_STRENGTH_LOW", 0.35, 0.3, 0.5, "trust", "assumed", "5",
       "weakest initial tie, a working tie (003 ch.5 Overvecht: ties to build on)"),
    Constant("TIE_STRENGTH_HIGH", 0.7, 0.5, 0.9, "trust", "assumed", "5",
       "strongest initial tie; no seed"),
    Constant("MOTIVATION_BETA", 2.0, 1.0, 5.0, "Beta shape", "assumed", "5, 7.10",
       "intrinsic motivation Beta(a, a): mean 0.5, most people in the middle (003 ch.4)"),
    Constant("CONNECTOR_MOTIVATION_BONUS", 0.2, 0.1, 0.3, "motivation", "inferred", "5, 7.10",
       "connectors are the more motivated (003 ch.5 new profile l.2901-2919)"),
    Constant("RESIDENT_TRUST_CONCENTRATION", 4.0, 2.0, 8.0, "Beta shape", "assumed", "5",
       "residents' trust Beta(1 + 4t, 1 + 4(1 - t)) around resident_trust t; no seed"),
    # --- costs (s.7.13) ---
    Constant("KARTREKKER_FTE", 0.5, 0.2, 1.0, "FTE", "assumed", "7.3, 7.13",
       "time one kartrekker spends on the role; no seed gives it: a part-time role next to own work"),
    Constant("FTE_COST_EUR", 100_000.0, 80_000.0, 130_000.0, "EUR per FTE-year", "assumed", "7.3, 7.13",
       "all-in cost of an FTE-year of a kartrekker (salary, overhead): Dutch public-sector tariffs; no seed"),
    Constant("MEETING_HOURS", 3.0, 2.0, 5.0, "hours", "assumed", "7.13",
       "per attendee per meeting: the meeting, preparation and travel; no seed"),
    Constant("INTRODUCTION_HOURS", 1.0, 0.5, 2.0, "hours", "assumed", "7.13",
       "per person per brokered introduction: a conversation and its follow-up; no seed"),
    Constant("AVOIDED_CARE_EUR", 500.0, 100.0, 2000.0, "EUR per need", "assumed", "7.3, 7.13",
       "care costs avoided when a cross-domain need reaches the domain that can help; no seed "
       "gives it, and shared savings are an experiment in 2 of 13 municipalities, not a proven way "
       "out (003 ch.3.1 l.1229-1231): this decides what shared savings pay"),
)

#: every constant of the model by name
CONSTANTS: dict[str, Constant] = {c.name: c for c in _ALL}


def value(name: str) -> float:
    """The value of the scalar constant ``name``."""
    v = CONSTANTS[name].value
    if not isinstance(v, float):
        raise TypeError(f"{name} is not a scalar constant")
    return v


def shares(name: str) -> tuple[float, ...]:
    """The values of the vector constant ``name`` (one per domain)."""
    v = CONSTANTS[name].value
    if not isinstance(v, tuple):
        raise TypeError(f"{name} is not a vector constant")
    return v


def _text(v: Number) -> str:
    return "(" + ", ".join(f"{x:g}" for x in v) + ")" if isinstance(v, tuple) else f"{v:g}"


def selected(status: str | None = None) -> list[Constant]:
    """The constants (of one status, or all), in the registry's order."""
    return [c for c in CONSTANTS.values() if status is None or c.status == status]


def rows(status: str | None = None, accepted: dict[str, tuple[float, float]] | None = None) -> list[dict[str, str]]:
    """One row of text per constant: name, value, low, high, unit, status, where, reason; with
    ``accepted`` ({name: (lowest, highest)} of a calibration's accepted sets), also ``accepted``."""
    out = []
    for c in selected(status):
        row = {"name": c.name, "value": _text(c.value), "low": _text(c.low), "high": _text(c.high), "unit": c.unit,
               "status": c.status, "where": c.where, "reason": c.reason}
        if accepted is not None:
            span = accepted.get(c.name)
            row["accepted"] = f"{span[0]:.3g} .. {span[1]:.3g}" if span else "-"
        out.append(row)
    return out


def markdown(status: str | None = None) -> str:
    """The registry as a Markdown table (the one in docs/ODD.md s.7.12)."""
    lines = ["| name | value | range | unit | status | where | reason |", "|---|---|---|---|---|---|---|"]
    for r in rows(status):
        lines.append(
            f"| `{r['name']}` | {r['value']} | {r['low']} .. {r['high']} | {r['unit']} | {r['status']} "
            f"| {r['where']} | {r['reason']} |"
        )
    return "\n".join(lines) + "\n"


def render(
    status: str | None = None, fmt: str = "table", accepted: dict[str, tuple[float, float]] | None = None
) -> str:
    """The registry as ``table`` (aligned text), ``csv`` or ``markdown`` (the ODD's table, without
    ``accepted``: the ranges a calibration's accepted sets span, beside the prior range)."""
    if fmt == "markdown":
        return markdown(status)
    table = rows(status, accepted)
    if fmt == "csv":
        out = io.StringIO()
        fields = [*Constant.__dataclass_fields__, *(["accepted"] if accepted is not None else [])]
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        return out.getvalue()
    extra = ["accepted"] if accepted is not None else []
    cells = [[r["name"], r["value"], f"{r['low']} .. {r['high']}", *(r[k] for k in extra), r["unit"], r["status"],
              r["where"], r["reason"]] for r in table]
    header = ["name", "value", "range", *extra, "unit", "status", "where", "reason"]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header) - 1)]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1] + "\n"
        for row in [header, *cells]
    )


def constants_command(status: str | None, fmt: str, ensemble: str | None = None) -> int:
    """``collabsim constants``: print the registry (of one status) as a table, CSV or Markdown; beside
    each prior range, the range of an ensemble's accepted sets (``--ensemble``, by default the
    shipped ``calibrated`` ensemble once there is one)."""
    from .calibration.ensemble import accepted_spans, shipped_ensemble

    chosen = ensemble or shipped_ensemble()
    accepted = accepted_spans(chosen) if chosen and fmt != "markdown" else None
    print(render(status, fmt, accepted), end="")
    return 0
