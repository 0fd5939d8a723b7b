"""The model's mechanisms as small numpy functions, one per precondition.

Each function is the single place where its mechanism lives; docs/ODD.md gives its
equation and source. Arrays: ``W`` is the professionals' trust matrix (symmetric,
[0, 1]); time steps are months and rates are per year (``dt`` = 1/12).
Seeds: 000-004 in ../shared/seeds/ (cited by file number and section).
"""

from __future__ import annotations

import numpy as np

# Structural constants (documented in docs/ODD.md, "Submodels").
WORKING_TIE = 0.3  # trust from which a tie is used in daily work
TIE_GAIN_MEETING = 0.25  # trust gained per shared meeting, before frictions
TIE_GAIN_INTRODUCTION = 0.35  # trust gained by a brokered introduction
TIE_DECAY = 0.2  # per year, for a fresh tie without contact
TIE_PERSISTENCE = 0.5  # how much more slowly established trust fades (0: all ties alike)
KNOWLEDGE_GAIN = 0.08  # per meeting attended
KNOWLEDGE_FORGETTING = 0.15  # per year
HIERARCHY_BRAKE = 2.5  # how strongly a status gap slows trust at full hierarchy (003 ch.5)
BOARD_COMPENSATION = 0.5  # how far motivation makes up for a board "no" (003 ch.4-5)
SECTORAL_PULL = 0.5  # pull back to own course under purely sectoral funding (003 ch.4-5)
URGENCY_FADE = 0.35  # per year, towards the floor (003 ch.3.2)
URGENCY_FLOOR = 0.3  # share of the initial urgency that never fades: the problem stays
URGENCY_REFRESH = 0.8  # per year, at full visible success
INTRODUCTIONS_PER_YEAR = 48.0  # by a fully effective kartrekker with full means
UNPAID_LEAVING = 1.0  # per year: a kartrekker nobody pays for leaves (003 ch.3.3.2)
HANDOVER_SHARE = 0.7  # share of a predecessor's ties inherited at full recorded agreements
SAVINGS_LEVERAGE = 3.0  # avoided care costs per unit of referral success, in units of the collaboration's costs
KNOWLEDGE_FLOOR = 0.1  # knowledge of other domains that never fades (and a newcomer's start)
SELF_ORGANISED_SHARE = 0.4  # meetings partners hold without a kartrekker, at full commitment
RECORDS_AGEING = 0.2  # per year, without anyone keeping agreements current
VACANCY_FILL_RATE = 4.0  # per year: a post stays empty three months on average
NEEDS_PER_RESIDENT_YEAR = 1.2
NEED_DOMAIN_SHARE = np.array([0.3, 0.2, 0.5])  # medical, public health, social (000; 004)
FIRST_CONTACT_SHARE = np.array([0.6, 0.1, 0.3])  # most needs show first at the GP (002 les 4)
NEED_DOMAIN_CUMULATIVE = np.cumsum(NEED_DOMAIN_SHARE)[:-1]
FIRST_CONTACT_CUMULATIVE = np.cumsum(FIRST_CONTACT_SHARE)[:-1]


def decide_attendance(
    rng: np.random.Generator,
    spare_time: np.ndarray,
    allowed: np.ndarray,
    willingness: np.ndarray,
    present: np.ndarray,
) -> np.ndarray:
    """Who comes to a meeting: time outside the core task x what the board allows x willingness."""
    p = np.minimum(np.maximum(spare_time * allowed * willingness * 3.0, 0.0), 0.95)
    return present & (rng.random(p.shape[0]) < p)


def time_allowed(
    board: np.ndarray,
    capacity: np.ndarray,
    commitment: np.ndarray,
    motivation: np.ndarray,
    subsidy_dependent: np.ndarray,
    integrated_funding: float,
) -> np.ndarray:
    """Time and means a professional may spend on cross-domain work (per professional).

    Board support sets it; intrinsic motivation partly makes up for a board "no"
    (003 ch.4-5; 000). Sectoral subsidies pull subsidy-dependent organisations back to
    their own course unless funders reward integral work (003 ch.4-5). A reorganisation
    lowers capacity (003 ch.3.2, ch.5).
    """
    permission = board + (1.0 - board) * BOARD_COMPENSATION * motivation
    pull = SECTORAL_PULL * (1.0 - integrated_funding) * subsidy_dependent
    return capacity * permission * (1.0 - pull) * (0.5 + 0.5 * commitment)


def willingness(urgency: float, motivation: np.ndarray) -> np.ndarray:
    """Willingness to invest time in cross-domain contact: felt urgency and motivation (003 ch.5)."""
    return 0.5 * urgency + 0.5 * motivation


def tie_friction(
    status_gap: np.ndarray, culture_gap: np.ndarray, hierarchy: float, equality_attention: float
) -> np.ndarray:
    """Multiplier in [0, 1] on trust growth between two professionals.

    Trust grows more slowly across status differences (hierarchy, 003 ch.5), softened by
    attention to equality (a skilled kartrekker), and across working cultures (002 les 2).
    """
    status_brake = np.exp(-HIERARCHY_BRAKE * hierarchy * status_gap * (1.0 - 0.5 * equality_attention))
    return status_brake * (1.0 - 0.3 * culture_gap)


def connector_boost(connector: np.ndarray) -> np.ndarray:
    """Pairwise multiplier: connectors build cross-domain trust faster (003 ch.5; 000)."""
    c = connector.astype(float)
    return 1.0 + 0.5 * (c[:, None] + c[None, :])


def grow_trust_in_meeting(W: np.ndarray, attendees: np.ndarray, gain: np.ndarray) -> None:
    """Every pair of attendees gains trust ``gain[i, j] * (1 - W)`` (002 les 1; 004)."""
    idx = np.flatnonzero(attendees)
    if idx.size < 2:
        return
    sub = np.ix_(idx, idx)
    block = W[sub]
    block += gain[sub] * (1.0 - block)
    np.fill_diagonal(block, 0.0)
    W[sub] = block


def decay_ties(W: np.ndarray, contact: np.ndarray, dt: float) -> None:
    """Ties without contact in the step fade (004: the network needs continuous investment).

    Established trust fades more slowly than a fresh acquaintance: the rate falls with ``W``.
    """
    factor = TIE_PERSISTENCE * W
    np.subtract(1.0, factor, out=factor)
    factor *= -TIE_DECAY * dt
    np.exp(factor, out=factor)
    np.multiply(W, factor, out=W, where=~contact)


def learn_other_domains(knowledge: np.ndarray, learners: np.ndarray, gain: float) -> None:
    """Knowing what other domains offer grows with contact (003 ch.5; 004 neighbourhood walks)."""
    knowledge[learners] += gain * (1.0 - knowledge[learners])


def forget_other_domains(knowledge: np.ndarray, floor: float, dt: float) -> None:
    """Knowledge of others' offer goes out of date without contact (offers and people change)."""
    knowledge -= (knowledge - floor).clip(min=0.0) * (1.0 - np.exp(-KNOWLEDGE_FORGETTING * dt))


def update_urgency(urgency: float, initial: float, visible_success: float, dt: float) -> float:
    """Perceived urgency fades towards a floor unless refreshed by visible results (003 ch.3.2, ch.5)."""
    floor = URGENCY_FLOOR * initial
    fade = URGENCY_FADE * (urgency - floor)
    refresh = URGENCY_REFRESH * visible_success * (1.0 - urgency)
    return min(1.0, max(0.0, float(urgency + dt * (refresh - fade))))


def update_commitment(
    commitment: np.ndarray, board: np.ndarray, benefit: np.ndarray, cost: np.ndarray, dt: float
) -> np.ndarray:
    """A partner's commitment follows its perceived benefit minus cost (mutual benefit, 001).

    Board support anchors it (003 ch.4-5); it relaxes with a time constant of about a year.
    """
    target = np.minimum(np.maximum(0.4 * board + benefit - cost, 0.0), 1.0)
    return commitment + (1.0 - np.exp(-1.0 * dt)) * (target - commitment)


def continuation_budget(
    cofinancing: float,
    shared_savings: float,
    integrated_funding: float,
    mean_commitment: float,
    savings_signal: float,
) -> float:
    """Share of the collaboration's costs covered once project money has ended (003 ch.4-5).

    Co-financing is paid by committed partners; shared savings flow back only after
    referrals have avoided care costs, so someone must have invested first (003 ch.3.1):
    ``savings_signal`` is the recent referral success rate, and a working network (a
    success rate of about a third) avoids care costs of the order of the collaboration's
    own costs (``SAVINGS_LEVERAGE``), so the agreed share of them can carry it (003 ch.3.1,
    shared savings as the way out of project funding). Funders that reward integral work
    carry part (003 ch.4-5).
    """
    savings = shared_savings * min(1.0, SAVINGS_LEVERAGE * savings_signal)
    paid = cofinancing * (0.5 + mean_commitment) + savings
    return float(min(1.0, paid + 0.3 * integrated_funding))


def handover_ties(predecessor_row: np.ndarray, records: float) -> np.ndarray:
    """Ties a successor inherits: only what recorded agreements hand over (004; 002 tips)."""
    return predecessor_row * (HANDOVER_SHARE * records)


def route_needs(
    rng: np.random.Generator,
    need_domain: np.ndarray,
    contact_domain: np.ndarray,
    knowledge: np.ndarray,
    tie: np.ndarray,
    resident_trust: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each presented need reaches the domain that can help.

    Per need: the domain it belongs to, the domain of the professional who sees it first,
    that professional's ``knowledge`` of other domains and strongest ``tie`` into the
    need's domain, and the resident's trust. A need presented in its own domain is met
    there. Otherwise the professional must recognise it (knowledge, 003 ch.5) and know
    someone there (a working tie, 004: the GP refers money problems to the social team);
    the resident must follow (trust, 003 ch.3.1). Returns (reached, referred) boolean arrays.
    """
    same = need_domain == contact_domain
    p_refer = knowledge * np.minimum(1.0, tie / WORKING_TIE)
    u = rng.random((2, need_domain.shape[0]))
    follows = u[0] < 0.5 + 0.5 * resident_trust
    referred = ~same & (u[1] < p_refer) & follows
    return same | referred, referred
