"""Outcomes, one registry: the monthly series the model records (its reporters) and a run's summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import mesa
import numba
import numpy as np
import pandas as pd

from . import mechanisms as mech
from .params import DOMAINS, STEPS_PER_YEAR
from .submodels.funding import mean_commitment_rule

if TYPE_CHECKING:
    from .model import CollaborationModel

#: Cross-domain tie density from which the network counts as working.
NETWORK_THRESHOLD = 0.2
#: Below this share of the threshold, a network that worked has fallen apart.
COLLAPSE_SHARE = 0.5



@dataclass(frozen=True)
class Outcome:
    """One outcome: a monthly series the model records, or a summary of a run (DESIGN.md s.6)."""

    name: str
    kind: Literal["series", "summary"]
    unit: str
    meaning: str
    canonical: bool = True  # named in DESIGN.md s.6 (shown in every figure), or extra
    smoothing: Literal["", "year_sum", "year_mean"] = ""  # shown as: the month, or over the last 12 months


OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in (
        Outcome("cross_domain_ties", "series", "density", "working trust ties across domains, share of possible pairs"),
        Outcome("meetings", "series", "meetings per month", "joint meetings held", smoothing="year_sum"),
        Outcome("cross_domain_referrals", "series", "referrals per month", "needs referred across domains",
                smoothing="year_sum"),
        Outcome("needs_right_domain", "series", "share", "needs that reached the right domain",
                smoothing="year_mean"),
        Outcome("commitment", "series", "0..1", "mean commitment of the partner organisations"),
        Outcome("kartrekker_active", "series", "0 or 1", "someone holds the kartrekker role"),
        Outcome("partners", "series", "organisations", "partner organisations taking part"),
        Outcome("partner_joins", "series", "organisations per month", "organisations that joined (or came back)",
                canonical=False, smoothing="year_sum"),
        Outcome("spending_eur", "series", "EUR per month", "money spent on the collaboration, all payers together",
                smoothing="year_sum"),
        Outcome("urgency", "series", "0..1", "shared, felt urgency", canonical=False),
        Outcome("budget", "series", "0..1", "share of the collaboration's costs that is paid", canonical=False),
        Outcome("project_spending_eur", "series", "EUR per month", "paid from project money", canonical=False,
                smoothing="year_sum"),
        Outcome("partner_spending_eur", "series", "EUR per month",
                "paid by the partners: co-financing and their staff's hours", canonical=False, smoothing="year_sum"),
        Outcome("funder_spending_eur", "series", "EUR per month",
                "paid by funders outside the network: shared savings and integrated funding", canonical=False,
                smoothing="year_sum"),
        Outcome("care_avoided_eur", "series", "EUR per month",
                "care costs avoided by cross-domain referrals that reached the right domain", canonical=False,
                smoothing="year_sum"),
        Outcome("helped_per_1000", "series", "per 1000 residents per month",
                "cross-domain referrals that reached the right domain", canonical=False, smoothing="year_sum"),
        Outcome("sustained", "summary", "x working level",
                "how alive the network is in the last year: its tie density as a multiple of the working level "
                "(1: just working, 2: twice as dense; not capped)"),
        Outcome("time_to_network", "summary", "years", "until a working network first exists (NaN: never)"),
        Outcome("collapse_year", "summary", "year", "the network fell apart after having worked (NaN: never)"),
        Outcome("cost_eur", "summary", "EUR", "all the collaboration's cost over the horizon: kartrekker time, "
                "professionals' hours, whoever paid"),
        Outcome("project_cost_eur", "summary", "EUR", "paid from project money over the horizon"),
        Outcome("partner_cost_eur", "summary", "EUR",
                "paid by the partners over the horizon: co-financing and their staff's hours"),
        Outcome("avoided_care_eur", "summary", "EUR", "care costs avoided over the horizon"),
        Outcome("residents_helped", "summary", "per 1000 residents per year",
                "cross-domain referrals that reached the right domain (a resident helped twice counts twice)"),
        Outcome("partners_final", "summary", "organisations", "partner organisations taking part at the end"),
        Outcome("partners_joined", "summary", "organisations", "organisations that joined (or came back) over the run",
                canonical=False),
        Outcome("peak_ties", "summary", "density", "highest cross-domain tie density", canonical=False),
        Outcome("mean_needs_right_domain", "summary", "share", "mean share of needs reaching the right domain",
                canonical=False),
        Outcome("referrals_per_year", "summary", "referrals per year", "cross-domain referrals", canonical=False),
        Outcome("kartrekker_years", "summary", "years", "years with someone in the kartrekker role", canonical=False),
        Outcome("funder_cost_eur", "summary", "EUR",
                "paid by funders outside the network over the horizon: shared savings and integrated funding",
                canonical=False),
    )
}


def _names(kind: str, canonical: bool | None = None) -> tuple[str, ...]:
    return tuple(n for n, o in OUTCOMES.items() if o.kind == kind and canonical in (None, o.canonical))


#: every recorded series; the canonical ones (DESIGN.md s.6 and s.8.2); the summary outcomes (canonical, then extra)
SERIES: tuple[str, ...] = _names("series")
TIMESERIES: tuple[str, ...] = _names("series", True)
SUMMARY: tuple[str, ...] = _names("summary", True)
EXTRA_SUMMARY: tuple[str, ...] = _names("summary", False)
SUMMARY_OUTCOMES: tuple[str, ...] = (*SUMMARY, *EXTRA_SUMMARY)


def smooth(name: str, values: np.ndarray) -> np.ndarray:
    """A monthly series as figures show it (along the last axis): as is, or over the last 12 months.

    ``year_sum``: the total of the last 12 months (a flow per year); ``year_mean``: their mean.
    At the start, the months there are.
    """
    how = OUTCOMES[name].smoothing
    values = np.asarray(values, dtype=float)
    if not how:
        return values
    csum = np.cumsum(values, axis=-1)
    total = csum.copy()
    total[..., STEPS_PER_YEAR:] -= csum[..., :-STEPS_PER_YEAR]
    if how == "year_sum":
        return total
    return total / np.minimum(np.arange(1, values.shape[-1] + 1), STEPS_PER_YEAR)


def smooth_frame(timeseries: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """:func:`smooth` applied per (scenario, replication) to ``columns`` of a long time-series table."""
    out = timeseries.copy()
    keys = [k for k in ("scenario", "replication") if k in out.columns]
    for col in columns:
        if OUTCOMES[col].smoothing:
            out[col] = out.groupby(keys, sort=False)[col].transform(lambda x, c=col: smooth(c, x.to_numpy()))
    return out


def cross_domain_ties(model: CollaborationModel) -> float:
    """Density of working trust ties between present professionals of different domains."""
    staff = model.staff
    working, pairs = _working_cross_ties(
        staff.trust, staff.cross, staff.domain, staff.present, len(DOMAINS), mech.WORKING_TIE
    )
    return working / pairs if pairs else 0.0


@numba.njit(cache=True)
def _working_cross_ties(
    trust: np.ndarray, cross: np.ndarray, domain: np.ndarray, present: np.ndarray, n_domains: int, working_tie: float
) -> tuple[int, int]:
    """ODD s.4 (observation): working cross-domain ties and cross-domain pairs of present professionals
    (whole numbers).

    Vacant posts hold no ties, so counting over all slots counts present pairs only; each tie is
    counted from both ends (in one pass over the entries of the flattened arrays: about half the
    time of a pass over rows and columns).
    """
    ties, crossing = trust.ravel(), cross.ravel()  # views of C-ordered arrays
    ends = 0
    for k in range(ties.shape[0]):
        if crossing[k] and ties[k] >= working_tie:
            ends += 1
    n = trust.shape[0]
    per_domain = np.zeros(n_domains, dtype=np.int64)
    for i in range(n):
        if present[i]:
            per_domain[domain[i]] += 1
    total = per_domain.sum()
    return ends // 2, (total * total - (per_domain * per_domain).sum()) // 2


def meetings(model: CollaborationModel) -> int:
    return model.tally.meetings


def cross_domain_referrals(model: CollaborationModel) -> int:
    return model.tally.referrals


def needs_right_domain(model: CollaborationModel) -> float:
    tally = model.tally
    return tally.needs_reached / tally.needs_presented if tally.needs_presented else 0.0


def commitment(model: CollaborationModel) -> float:
    return model.mean_commitment


def kartrekker_active(model: CollaborationModel) -> int:
    return int(model.kartrekker_active)


def urgency(model: CollaborationModel) -> float:
    return float(model.urgency)


def budget(model: CollaborationModel) -> float:
    return float(model.budget)


def partner_joins(model: CollaborationModel) -> int:
    return model.tally.joins


def partners(model: CollaborationModel) -> int:
    return int(np.count_nonzero(model.orgs.active))


def spending_eur(model: CollaborationModel) -> float:
    return float(model.spending_eur)


def project_spending_eur(model: CollaborationModel) -> float:
    return float(model.project_spending_eur)


def partner_spending_eur(model: CollaborationModel) -> float:
    return float(model.partner_spending_eur)


def funder_spending_eur(model: CollaborationModel) -> float:
    return float(model.funder_spending_eur)


def care_avoided_eur(model: CollaborationModel) -> float:
    return float(model.care_avoided_eur)


def helped_per_1000(model: CollaborationModel) -> float:
    n = model.people.n
    return 1000.0 * model.tally.referred_reached / n if n else 0.0


#: Mesa DataCollector model reporters: one function per series, in the registry's order.
MODEL_REPORTERS = {name: globals()[name] for name in SERIES}


def series_row(model: CollaborationModel) -> np.ndarray:
    """Every series' value now, in :data:`SERIES`' order, a fresh array: what :meth:`SeriesRecord.record`
    stores (:func:`write_row`)."""
    values = np.empty((1, len(SERIES)))
    write_row(model, values, 0)
    return values[0]


def write_row(model: CollaborationModel, values: np.ndarray, row: int) -> None:
    """Every series' value now into ``values[row]``, in :data:`SERIES`' order, in one compiled call
    (:func:`_write_row`): what the reporters of :data:`MODEL_REPORTERS` give (the definition), each by
    the same operations (tests/test_outcomes.py holds the two alike month by month)."""
    tally = model.tally
    # floats, even if the urgency or the avoided care's price was given as an int: one signature
    _write_row(
        values, row, model.held, len(DOMAINS), mech.WORKING_TIE, len(model.kartrekker_team),
        tally.meetings, tally.referrals, tally.needs_reached, tally.needs_presented, tally.joins,
        tally.referred_reached, float(model.urgency), model.budget,
        model.project_spending_eur, model.partner_spending_eur, model.funder_spending_eur,
        float(model.care_avoided_eur),
    )  # fmt: skip


@numba.njit(cache=True)
def _write_row(
    values, row, held, n_domains, working_tie, kartrekkers,
    meetings, referrals, needs_reached, needs_presented, joins,
    referred_reached, urgency, budget,
    project, partner, funder, care_avoided,
):  # fmt: skip
    """ODD s.4 (observation): every series' value now into ``values[row]``, in :data:`SERIES`' order,
    as the reporters of :data:`MODEL_REPORTERS` compute them, from the model's arrays (``held``,
    :class:`collabsim.held.Held`) and numbers (the partners' mean commitment by
    :func:`.funding.mean_commitment_rule`; the spending summed in the model's order, as
    :attr:`CollaborationModel.spending_eur`)."""
    active, commitment, residents = held.active, held.commitment, held.resident_trust.shape[0]
    working, pairs = _working_cross_ties(held.trust, held.cross, held.domain, held.present, n_domains, working_tie)
    taking_part = 0
    for o in range(active.shape[0]):
        if active[o]:
            taking_part += 1
    out = values[row]
    out[0] = working / pairs if pairs else 0.0  # cross_domain_ties
    out[1] = meetings
    out[2] = referrals  # cross_domain_referrals
    out[3] = needs_reached / needs_presented if needs_presented else 0.0  # needs_right_domain
    out[4] = mean_commitment_rule(commitment, active)  # commitment
    out[5] = 1.0 if kartrekkers else 0.0  # kartrekker_active
    out[6] = taking_part  # partners
    out[7] = joins  # partner_joins
    out[8] = project + partner + funder  # spending_eur
    out[9] = urgency
    out[10] = budget
    out[11] = project  # project_spending_eur
    out[12] = partner  # partner_spending_eur
    out[13] = funder  # funder_spending_eur
    out[14] = care_avoided  # care_avoided_eur
    out[15] = 1000.0 * referred_reached / residents if residents else 0.0  # helped_per_1000


#: the series that count (meetings, referrals, ...): whole numbers in the DataCollector's lists
COUNT_SERIES = ("meetings", "cross_domain_referrals", "kartrekker_active", "partners", "partner_joins")
_COLUMN = {name: i for i, name in enumerate(SERIES)}


class SeriesRecord:
    """The monthly series of one run, in the model's own array: one row a month, one column a series.

    :meth:`record` stores the values of the reporters of :data:`MODEL_REPORTERS` once a month,
    through :func:`write_row` (exactly: counts are whole numbers well below 2**53). Mesa's
    ``DataCollector`` (the model's ``datacollector``) is made and filled from the rows when it is
    read (:meth:`collector`), not every month, so nothing is deep-copied per step (and a run that
    never reads it makes none).
    """

    def __init__(self, months: int) -> None:
        self.values = np.empty((months + 1, len(SERIES)))
        self.rows = 0
        self.times: list[float] = []  # the model's time at each row (Mesa's collection steps)
        self._collector: mesa.DataCollector | None = None  # made on first read

    def record(self, model: CollaborationModel) -> None:
        """One row: every series' value now."""
        if self.rows == len(self.values):  # stepped beyond the horizon: make room
            self.values = np.concatenate([self.values, np.empty_like(self.values)])
        write_row(model, self.values, self.rows)  # the reporters' values, in one compiled call
        self.times.append(model.time)
        self.rows += 1

    def series(self, name: str) -> np.ndarray:
        """The series ``name`` so far (index 0 = the initial state), a fresh array."""
        return self.values[: self.rows, _COLUMN[name]].copy()  # a copy of the column: contiguous, its own

    def collector(self) -> mesa.DataCollector:
        """Mesa's DataCollector of these series, with every row recorded so far."""
        collector = self._collector
        if collector is None:
            collector = self._collector = mesa.DataCollector(model_reporters=MODEL_REPORTERS)
        done = len(collector._collection_steps)  # rows it holds (Mesa's batch_run reads these times)
        if done < self.rows:
            rows = self.values[done : self.rows]
            for name, column in _COLUMN.items():
                values = rows[:, column].astype(np.int64) if name in COUNT_SERIES else rows[:, column]
                collector.model_vars[name].extend(values.tolist())
            collector._collection_steps.extend(self.times[done:])
        return collector


def recorded(model: CollaborationModel, name: str) -> np.ndarray:
    """The series ``name`` the model has recorded so far (index 0 = the initial state)."""
    return model.series_record.series(name)


def summarise(series: dict[str, np.ndarray], steps_per_year: int) -> dict[str, float]:
    """Summary outcomes from a run's time series (index 0 = the initial state).

    - ``sustained``: mean over the last year of ties / threshold: how much of a working
      network is still alive, whatever paid for it; not capped, so a rich network scores
      above a barely working one (1 = just working).
    - ``time_to_network``: years until the tie density first reaches the threshold.
    - ``collapse_year``: the year, after having worked, the density first fell below
      half the threshold.
    - the euros (``cost_eur``, ...): totals of the monthly spending over the horizon;
      ``residents_helped`` per year; ``partners_final``: ``partners`` at the end.
    """
    ties = np.asarray(series["cross_domain_ties"], dtype=float)
    years = np.arange(ties.size) / steps_per_year
    last_year = ties[-steps_per_year:]
    sustained = float((last_year / NETWORK_THRESHOLD).mean())
    formed = np.flatnonzero(ties >= NETWORK_THRESHOLD)
    time_to_network = float(years[formed[0]]) if formed.size else float("nan")
    collapse_year = float("nan")
    if formed.size:
        after = np.flatnonzero(ties[formed[0] :] < COLLAPSE_SHARE * NETWORK_THRESHOLD)
        if after.size:
            collapse_year = float(years[formed[0] + after[0]])
    def total(name: str) -> float:
        return float(np.sum(np.asarray(series[name], dtype=float)[1:]))

    referrals = np.asarray(series["cross_domain_referrals"], dtype=float)[1:]
    horizon_years = max(1e-9, (ties.size - 1) / steps_per_year)
    return {
        "sustained": sustained,
        "time_to_network": time_to_network,
        "collapse_year": collapse_year,
        "peak_ties": float(ties.max()),
        "mean_needs_right_domain": float(np.mean(series["needs_right_domain"][1:])),
        "referrals_per_year": float(referrals.sum() / horizon_years),
        "kartrekker_years": float(np.sum(series["kartrekker_active"][1:]) / steps_per_year),
        "cost_eur": total("spending_eur"),
        "project_cost_eur": total("project_spending_eur"),
        "partner_cost_eur": total("partner_spending_eur"),
        "avoided_care_eur": total("care_avoided_eur"),
        "residents_helped": total("helped_per_1000") / horizon_years,
        "partners_final": float(series["partners"][-1]),
        "funder_cost_eur": total("funder_spending_eur"),
        "partners_joined": total("partner_joins"),
    }
