"""Pattern-oriented validation: experiments as data, run with common random numbers.

Each experiment (a TOML file in ``experiments/patterns/``) names a pattern of DESIGN.md
s.7 (or an emergent pattern nobody programmed directly), the seed passage it rests on,
a base scenario, arms that differ only in the factor named, and one or more measures:
an outcome per run (a summary column or the mean of a time series over a window of
years) combined over arms with weights (a contrast, e.g. treatment - control). All arms
run on the same seeds (``replication_seeds``), so each contrast is a paired difference;
its mean and a standardised effect (Cohen's d_z) get bootstrap 95% intervals from
``scipy.stats.bootstrap(paired=True)``.

Plain functions: :func:`load_experiments` validates the files (one-line
:class:`InputError`), :func:`run_experiments` runs every arm's replications in worker
processes, :func:`effects` turns the runs into a table of effects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, field_validator, model_validator
from scipy import stats

from .errors import InputError, did_you_mean
from .evaluator import Job, Result, collect
from .inputs import Strict, first_error, read_toml
from .outcomes import SERIES, SUMMARY_OUTCOMES
from .params import STEPS_PER_YEAR
from .runner import replication_seeds
from .scenario import Scenario, load_scenario
from .shipped import shipped_folder
from .statistics import paired_bootstrap

EXPERIMENT_DIR = shipped_folder("experiments", "patterns")

Run = Result


# --- experiment files ---------------------------------------------------------------------


class Intervention(Strict):
    """Remove professionals during a run: the most connected ones, or random ones (same count)."""

    year: float = Field(ge=0, allow_inf_nan=False)
    remove: Literal["most_connected", "random_professionals"]
    count: int = Field(default=1, ge=1, le=100)


class Arm(Strict):
    """One arm: the base scenario with these overrides (precondition names or dotted keys)."""

    label: str = Field(min_length=1)
    overrides: dict[str, Any] = Field(default_factory=dict)
    intervention: Intervention | None = None


class Measure(Strict):
    """An outcome per run, combined over arms with weights (a paired contrast)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    outcome: str
    window: tuple[float, float] | None = None
    relative_to: tuple[float, float] | None = None
    censor_at_horizon: bool = False
    contrast: dict[str, float]
    expected: Literal["positive", "negative"]
    unit: str = ""
    test_margin: float = Field(ge=0, allow_inf_nan=False)

    @field_validator("outcome")
    @classmethod
    def _known_outcome(cls, value: str) -> str:
        known = (*SUMMARY_OUTCOMES, *SERIES)
        if value not in known:
            raise ValueError(f"one of {', '.join(known)}{did_you_mean(value, known)}")
        return value

    @field_validator("window", "relative_to", mode="before")
    @classmethod
    def _window_numbers(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) != 2 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
                raise ValueError("[start, end] in years, two numbers")
            return (float(value[0]), float(value[1]))
        return value

    @model_validator(mode="after")
    def _check(self) -> Measure:
        if self.outcome in SERIES:
            if self.window is None:
                raise ValueError(f"window: a time series ('{self.outcome}') needs window = [start, end] in years")
            for key, w in (("window", self.window), ("relative_to", self.relative_to)):
                if w is not None and not 0 <= w[0] < w[1]:
                    raise ValueError(f"{key}: got {list(w)}; allowed: 0 <= start < end")
        elif self.window is not None or self.relative_to is not None:
            raise ValueError(f"window: only for a time series, not the summary outcome '{self.outcome}'")
        if not self.contrast or not any(self.contrast.values()):
            raise ValueError("contrast: at least one arm with a weight other than 0")
        return self


class Experiment(Strict):
    """One experiment file: a pattern, its source, its arms and its measures."""

    id: str = Field(pattern=r"^[PE][0-9]+$")
    group: Literal["design", "emergent"]
    title: str = Field(min_length=1)
    design: str = Field(min_length=1)
    source: str = Field(min_length=1)
    finding: str = Field(min_length=1)
    scenario: str = "baseline"
    common: dict[str, Any] = Field(default_factory=dict)
    arms: dict[str, Arm] = Field(min_length=1)
    measures: list[Measure] = Field(min_length=1)
    series: str = "cross_domain_ties"
    replications: int = Field(ge=2, le=10_000)
    seed: int = Field(ge=0, le=2**63 - 1)

    @field_validator("series")
    @classmethod
    def _known_series(cls, value: str) -> str:
        if value not in SERIES:
            raise ValueError(f"one of {', '.join(SERIES)}{did_you_mean(value, SERIES)}")
        return value

    @model_validator(mode="after")
    def _check(self) -> Experiment:
        names = [m.name for m in self.measures]
        if len(set(names)) != len(names):
            raise ValueError(f"measures: names must be unique, got {names}")
        for i, m in enumerate(self.measures):
            unknown = [a for a in m.contrast if a not in self.arms]
            if unknown:
                hint = did_you_mean(unknown[0], self.arms)
                arms = ", ".join(self.arms)
                raise ValueError(f"measures[{i}].contrast: unknown arm '{unknown[0]}'{hint}; arms: {arms}")
        return self


@dataclass(frozen=True)
class Loaded:
    """A validated experiment with each arm's model keyword arguments."""

    experiment: Experiment
    path: Path
    params: dict[str, dict[str, Any]]
    horizon: float

    @property
    def id(self) -> str:
        return self.experiment.id


def experiment_files(directory: Path = EXPERIMENT_DIR) -> list[Path]:
    """The experiment files of a folder, in the order of their ids (P1..P8, then E1..)."""
    return sorted(directory.glob("*.toml"), key=_file_order)


def _file_order(path: Path) -> tuple[int, int, str]:
    match = re.match(r"^([pe])(\d+)", path.stem)
    if not match:
        return (2, 0, path.stem)
    return (0 if match[1] == "p" else 1, int(match[2]), path.stem)


def load_experiment(path: Path) -> Loaded:
    """Read and validate one experiment file and build its arms' model parameters."""
    where = str(path)
    data = read_toml(path, where)
    try:
        exp = Experiment.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, where) from None
    params: dict[str, dict[str, Any]] = {}
    horizon = math.nan
    for name, arm in exp.arms.items():
        overrides = {**exp.common, **arm.overrides}
        try:
            scenario = load_scenario(exp.scenario, overrides)
        except InputError as err:
            key = f"arms.{name}.overrides ({err.key})" if err.where != where else err.key
            raise InputError(where, key, err.given, err.allowed) from None
        if arm.intervention is not None and arm.intervention.year > scenario.horizon:
            raise InputError(
                where, f"arms.{name}.intervention.year", arm.intervention.year, f"0..{scenario.horizon:g}"
            )
        params[name] = scenario.model_kwargs()
        horizon = scenario.horizon
    for i, m in enumerate(exp.measures):
        for key, w in (("window", m.window), ("relative_to", m.relative_to)):
            if w is not None and w[1] > horizon:
                raise InputError(where, f"measures[{i}].{key}", list(w), f"years within 0..{horizon:g}")
    return Loaded(exp, path, params, horizon)


def load_experiments(directory: Path = EXPERIMENT_DIR, only: Sequence[str] = ()) -> list[Loaded]:
    """All experiments of a folder (or only the given ids), validated."""
    files = experiment_files(directory)
    if not files:
        raise InputError(str(directory), "experiments", "no .toml files", "a folder with experiment files")
    loaded = [load_experiment(p) for p in files]
    ids = [e.id for e in loaded]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(str(directory), "id", dupes[0], "a different id in each experiment file")
    if only:
        wanted = {o.upper() for o in only}
        unknown = sorted(wanted - set(ids))
        if unknown:
            raise InputError("--only", "id", unknown[0], f"one of {', '.join(ids)}{did_you_mean(unknown[0], ids)}")
        loaded = [e for e in loaded if e.id in wanted]
    return loaded


def _known_keys(loc: list[str]) -> list[str]:
    models = {"arms": Arm, "measures": Measure, "intervention": Intervention}
    return list(next((models[p] for p in reversed(loc[:-1]) if p in models), Experiment).model_fields)


def _first_error(exc: ValidationError, where: str) -> InputError:
    return first_error(exc, where, _known_keys)


# --- running ------------------------------------------------------------------------------


def intervention_event(intervention: Intervention) -> dict[str, Any]:
    """An arm's intervention as a model event (``professionals_leave``), fired before the scenario's own."""
    iv = intervention
    return {"type": "professionals_leave", "year": iv.year, "who": iv.remove, "count": iv.count}


def arm_params(params: Mapping[str, Any], intervention: Intervention | None) -> dict[str, Any]:
    """The model's parameters for an arm: its scenario's, with the intervention as the first event."""
    if intervention is None:
        return dict(params)
    return {**params, "events": [intervention_event(intervention), *params.get("events", ())]}


def _jobs_key(params: Mapping[str, Any], seed: int) -> str:
    return repr((sorted(params.items()), seed))


@dataclass(frozen=True)
class ArmRuns:
    """The runs of one arm, one per seed (the same seeds in every arm of an experiment)."""

    experiment: str
    arm: str
    seeds: tuple[int, ...]
    runs: tuple[Run, ...]


def arm_jobs(
    experiments: Sequence[Loaded], replications: int | None = None, seed: int | None = None
) -> list[tuple[str, str, list[tuple[dict[str, Any], int]]]]:
    """(experiment id, arm, [(params, seed), ...]) for every arm; ``replications``/``seed`` override the files'."""
    out = []
    for loaded in experiments:
        exp = loaded.experiment
        seeds = replication_seeds(exp.seed if seed is None else seed, replications or exp.replications)
        for name, arm in exp.arms.items():
            params = arm_params(loaded.params[name], arm.intervention)
            out.append((exp.id, name, [(params, s) for s in seeds]))
    return out


def unique_runs(experiments: Sequence[Loaded], replications: int | None = None, seed: int | None = None) -> int:
    """How many distinct runs :func:`run_experiments` will make (identical arms run once)."""
    return len({_jobs_key(*j) for _, _, jobs in arm_jobs(experiments, replications, seed) for j in jobs})


def run_experiments(
    experiments: Sequence[Loaded],
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict[tuple[str, str], ArmRuns]:
    """Run every arm of every experiment; identical runs (same parameters and seed) run once.

    Returns {(experiment id, arm): ArmRuns}. The numbers do not depend on ``workers``.
    """
    plan = arm_jobs(experiments, replications, seed)
    unique: dict[str, Job] = {}
    for _, _, jobs in plan:
        for params, s in jobs:
            key = _jobs_key(params, s)
            if key not in unique:
                unique[key] = Job(len(unique), params, s)
    results = collect(list(unique.values()), workers=workers, progress=progress)
    done = dict(zip(unique, results, strict=True))
    return {
        (exp_id, arm): ArmRuns(exp_id, arm, tuple(s for _, s in jobs), tuple(done[_jobs_key(*j)] for j in jobs))
        for exp_id, arm, jobs in plan
    }


# --- measuring ----------------------------------------------------------------------------


def measure_values(runs: Sequence[Run], measure: Measure, horizon: float) -> np.ndarray:
    """The measure's outcome in each run: a summary column or a series' mean over (start, end] years.

    With ``relative_to``, a series' mean over that window is subtracted (change within a run).
    """
    if measure.window is not None:
        values = np.array([_window_mean(series[measure.outcome], measure.window) for _, series in runs])
        if measure.relative_to is not None:
            values -= np.array([_window_mean(series[measure.outcome], measure.relative_to) for _, series in runs])
    else:
        values = np.array([summary[measure.outcome] for summary, _ in runs], dtype=float)
        if measure.censor_at_horizon:
            values = np.where(np.isnan(values), horizon, values)
    if np.isnan(values).any():
        raise ValueError(f"{measure.name}: '{measure.outcome}' is NaN in some runs; set censor_at_horizon")
    return values


def _window_mean(series: np.ndarray, window: tuple[float, float]) -> float:
    """Mean over the steps in years (start, end] (index 0 is the initial state)."""
    a, b = round(window[0] * STEPS_PER_YEAR) + 1, round(window[1] * STEPS_PER_YEAR) + 1
    return float(series[a:b].mean())


def contrast_values(loaded: Loaded, measure: Measure, arms: Mapping[tuple[str, str], ArmRuns]) -> np.ndarray:
    """The contrast per seed: sum over arms of weight x outcome (a paired difference)."""
    runs = {a: arms[(loaded.id, a)].runs for a in measure.contrast}
    return np.sum([w * measure_values(runs[a], measure, loaded.horizon) for a, w in measure.contrast.items()], axis=0)


@dataclass(frozen=True)
class Effect:
    """A measure's paired effect with bootstrap 95% confidence intervals."""

    mean: float
    low: float
    high: float
    d: float
    d_low: float
    d_high: float
    n: int
    unit: str = ""

    def __format__(self, spec: str) -> str:
        if spec:
            return format(self.mean, spec)
        unit = f" {self.unit}" if self.unit else ""
        return f"{_num(self.mean)}{unit} (95% CI {_num(self.low)} to {_num(self.high)})"


def _num(x: float) -> str:
    return f"{x:.3f}" if abs(x) < 1 else f"{x:.2f}"


def paired_effect(samples: Sequence[np.ndarray], weights: Sequence[float], seed: int, unit: str = "") -> Effect:
    """Mean of the paired contrast sum(w * y) and Cohen's d_z, each with a bootstrap 95% CI.

    ``samples`` are the arms' outcomes on the same seeds (paired); resampling draws whole
    seeds (``scipy.stats.bootstrap(paired=True)``, BCa intervals).
    """
    w = np.asarray(weights, dtype=float)
    data = tuple(np.asarray(s, dtype=float) for s in samples)
    x = np.sum([wi * s for wi, s in zip(w, data, strict=True)], axis=0)
    n = x.size
    mean = float(x.mean())
    if np.ptp(x) == 0.0:  # every seed gives the same contrast: nothing to resample
        return Effect(mean, mean, mean, math.nan, math.nan, math.nan, n, unit)

    def diff(*ys: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.sum([wi * y.mean(axis=axis) for wi, y in zip(w, ys, strict=True)], axis=0)

    def d_z(*ys: np.ndarray, axis: int = -1) -> np.ndarray:
        xs = np.sum([wi * y for wi, y in zip(w, ys, strict=True)], axis=0)
        m, sd = xs.mean(axis=axis), xs.std(axis=axis, ddof=1)
        # A resample of identical seeds has sd 0: its d_z is infinite in the direction of its mean.
        limit = np.where(m == 0, 0.0, np.copysign(np.inf, m))
        return np.divide(m, sd, out=limit, where=sd > 0)

    ci = paired_bootstrap(data, diff, np.random.default_rng(seed))
    d = mean / float(x.std(ddof=1))
    d_ci = paired_bootstrap(data, d_z, np.random.default_rng(seed + 1))
    return Effect(mean, ci[0], ci[1], d, d_ci[0], d_ci[1], n, unit)


def measure_effect(loaded: Loaded, measure: Measure, arms: Mapping[tuple[str, str], ArmRuns], seed: int) -> Effect:
    """The effect of one measure of an experiment, from its arms' runs."""
    samples = [measure_values(arms[(loaded.id, a)].runs, measure, loaded.horizon) for a in measure.contrast]
    return paired_effect(samples, list(measure.contrast.values()), seed, measure.unit)


def effects(
    experiments: Sequence[Loaded], arms: Mapping[tuple[str, str], ArmRuns], seed: int = 0
) -> pd.DataFrame:
    """One row per measure: effect, bootstrap CIs, d_z and whether the CI excludes zero as expected."""
    rows = []
    for loaded in experiments:
        exp = loaded.experiment
        for k, m in enumerate(exp.measures):
            e = measure_effect(loaded, m, arms, seed + 1000 * k)
            sign = 1.0 if m.expected == "positive" else -1.0
            rows.append(
                {
                    "id": exp.id,
                    "group": exp.group,
                    "title": exp.title,
                    "measure": m.name,
                    "label": m.label,
                    "contrast": " ".join(f"{w:+g}×{a}" for a, w in m.contrast.items()),
                    "expected": m.expected,
                    "unit": m.unit,
                    "replications": e.n,
                    "effect": e.mean,
                    "ci_low": e.low,
                    "ci_high": e.high,
                    "d_z": e.d,
                    "d_z_low": e.d_low,
                    "d_z_high": e.d_high,
                    "reproduced": bool(sign * e.low > 0 and sign * e.high > 0),
                }
            )
    return pd.DataFrame(rows)


def run_table(experiments: Sequence[Loaded], arms: Mapping[tuple[str, str], ArmRuns]) -> pd.DataFrame:
    """Every run's summary outcomes, one row per (experiment, arm, replication)."""
    rows = []
    for loaded in experiments:
        for name in loaded.experiment.arms:
            a = arms[(loaded.id, name)]
            for r, (s, (summary, _)) in enumerate(zip(a.seeds, a.runs, strict=True)):
                rows.append({"id": loaded.id, "arm": name, "replication": r, "seed": s, **summary})
    return pd.DataFrame(rows)


# --- reporting ----------------------------------------------------------------------------


def markdown_table(table: pd.DataFrame) -> str:
    """The effects as a Markdown table."""
    lines = [
        "| pattern | measure | contrast | effect (95% CI) | d_z (95% CI) | n | reproduced |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples(index=False):
        unit = f" {r.unit}" if r.unit else ""
        d = "n/a" if math.isnan(r.d_z) else f"{r.d_z:.2f} ({r.d_z_low:.2f} to {r.d_z_high:.2f})"
        effect = f"{_num(r.effect)}{unit} ({_num(r.ci_low)} to {_num(r.ci_high)})"
        lines.append(
            f"| {r.id} | {r.label} | `{r.contrast}` | {effect} | {d} | {r.replications} | "
            f"{'yes' if r.reproduced else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def finding_text(loaded: Loaded, table: pd.DataFrame) -> str:
    """The experiment's finding sentence with its measures' numbers filled in."""
    rows = table[table["id"] == loaded.id].set_index("measure")
    values = {
        m.name: Effect(
            *(float(rows.loc[m.name, c]) for c in ("effect", "ci_low", "ci_high", "d_z", "d_z_low", "d_z_high")),
            int(rows.loc[m.name, "replications"]),
            m.unit,
        )
        for m in loaded.experiment.measures
    }
    return " ".join(loaded.experiment.finding.split()).format_map(values)


def arms_table(loaded: Loaded) -> str:
    """The arms of an experiment as a Markdown table: label and what differs from the base."""
    exp = loaded.experiment
    lines = ["| arm | label | changes to the base |", "|---|---|---|"]
    for name, arm in exp.arms.items():
        changes = [f"{k} = {_value(v)}" for k, v in arm.overrides.items()]
        if arm.intervention:
            iv = arm.intervention
            changes.append(f"remove {iv.count} {iv.remove.replace('_', ' ')} in year {iv.year:g}")
        lines.append(f"| `{name}` | {arm.label} | {', '.join(changes) or 'none'} |")
    return "\n".join(lines) + "\n"


def _value(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(", ".join(f"{k} {x}" for k, x in e.items()) if isinstance(e, dict) else str(e) for e in v)
    return str(v)


def base_text(loaded: Loaded) -> str:
    """The base of an experiment: its scenario and the overrides common to every arm."""
    common = ", ".join(f"{k} = {_value(v)}" for k, v in loaded.experiment.common.items())
    return f"scenario `{loaded.experiment.scenario}`" + (f" with {common}" if common else "")


def scenario_of(loaded: Loaded, arm: str) -> Scenario:
    """The validated scenario of one arm (for display)."""
    exp = loaded.experiment
    return load_scenario(exp.scenario, {**exp.common, **exp.arms[arm].overrides})


def validation_markdown(
    experiments: Sequence[Loaded],
    table: pd.DataFrame,
    figures: Mapping[str, str],
    overview: str,
    run_note: str,
    extra: Mapping[str, str] | None = None,
) -> str:
    """docs/validation.md: the run, the overview, then each pattern with source, arms, figure, numbers, finding.

    ``figures`` maps experiment ids to figure paths relative to the document; ``extra``
    maps ids to further prose placed after an experiment's finding.
    """
    design = [e for e in experiments if e.experiment.group == "design"]
    emergent = [e for e in experiments if e.experiment.group == "emergent"]
    ok = table.groupby("id")["reproduced"].all()
    n_ok = sum(bool(ok[e.id]) for e in design)
    out = [
        "# Pattern-oriented validation",
        "",
        "<!-- Generated by `collabsim patterns --doc`; the prose comes from experiments/patterns/*.toml. -->",
        "",
        "Does collabsim reproduce the patterns the source documents report (DESIGN.md s.7)? Each",
        "pattern is an experiment in `experiments/patterns/`: arms that differ only in the factor named,",
        "run on the same seeds (common random numbers), so every comparison is a paired difference per",
        "seed. For each measure the table gives the mean paired difference (the *effect*, in the",
        "outcome's unit) and the standardised effect d_z (mean over standard deviation of the paired",
        "differences), each with a bootstrap 95% confidence interval (`scipy.stats.bootstrap`,",
        "`paired=True`, BCa, 9999 resamples). A measure counts as *reproduced* when its interval",
        "excludes zero on the expected side. `tests/test_patterns.py` asserts the same experiment",
        "definitions at a smaller number of seeds.",
        "",
        f"**The run.** {run_note} {_size_note(table)}",
        "",
        f"**Result.** {n_ok} of the {len(design)} patterns of DESIGN.md s.7 are reproduced in every measure"
        + (
            f"; so are {sum(bool(ok[e.id]) for e in emergent)} of the {len(emergent)} emergent patterns."
            if emergent
            else "."
        ),
        "",
        f"![Effect sizes of all measures]({overview})",
        "",
        "## Summary",
        "",
        markdown_table(table),
        "How to read a figure: the top panel shows the mean of a time series over seeds per arm (band:",
        "10th-90th percentile); the bottom panels show, per measure, the paired contrast of every seed",
        "(dots) with its mean and 95% CI (bar). Time-series windows are in years, `(start, end]`; a run",
        "that never reaches a working network counts as reaching it at the horizon (censored).",
        "",
        "## The eight patterns of DESIGN.md s.7",
        "",
    ]
    for loaded in design:
        out += _section(loaded, table, figures, extra)
    if emergent:
        out += [
            "## Patterns nobody programmed directly",
            "",
            "These patterns are not written into any rule; they follow from how the rules interact.",
            "",
        ]
        for loaded in emergent:
            out += _section(loaded, table, figures, extra)
    out += [
        "## Changes made to the model for faithfulness",
        "",
        "- **Shared savings (pattern 3).** Shared savings used to flow back as the share `shared_savings`",
        "  times the referral success rate itself, so they could never pay more than about a third of the",
        "  collaboration's costs: shared savings on their own hardly kept a collaboration alive, against",
        "  pattern 3 and against seed 003 ch.3.1 (*securing: shared savings*), where they are the way to",
        "  continue without national money. Now the avoided care costs of a working network are of the",
        "  order of the collaboration's costs (`mechanisms.SAVINGS_LEVERAGE`); savings still flow only",
        "  after referrals have succeeded (someone must invest first, 003 ch.3.1, *challenges: investing",
        "  differently*). docs/ODD.md s.7.3 gives the equation and the reasoning. No experiment or test",
        "  is special-cased: every arm runs the one model.",
        "",
        "## Limits of this validation",
        "",
        "- The seeds name mechanisms and directions, not magnitudes; the patterns are qualitative, and so",
        "  is their test: the direction of an effect and that its interval excludes zero. The sizes depend",
        "  on constants that are assumptions (docs/ODD.md s.7), and on the levels chosen for each arm.",
        "- Some patterns need a base other than the baseline scenario, where project money ends in year 4",
        "  with little continuation funding, so that little of most networks is left by year 10 and",
        "  differences in `sustained` are squeezed towards zero (P2 and P8 add continuation or structural",
        "  funding to every arm); each experiment file says why.",
        "- Common random numbers are per process stream; once two arms diverge their later draws no",
        "  longer coincide, so the pairing reduces but does not remove the noise.",
        "- Bootstrap intervals of d_z are wide where a contrast is nearly constant (d_z is then large and",
        "  unstable) or where a time to a working network is censored at the horizon in many runs.",
    ]
    return "\n".join(out).rstrip() + "\n"


def _size_note(table: pd.DataFrame) -> str:
    """Why this many seeds: the smallest standardised effect and the seeds it needs (80% power, 5% two-sided)."""
    d = table["d_z"].abs()
    if d.isna().all():
        return ""
    row = table.loc[d.idxmin()]
    need = math.ceil(((stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) / abs(row["d_z"])) ** 2)
    return (
        f"The smallest standardised effect in this run is |d_z| = {abs(row['d_z']):.2f} ({row['id']}, "
        f"{row['label']}); a paired comparison needs about {need} seeds to detect an effect of that size "
        f"with 80% power at the 5% level, against {int(row['replications'])} seeds here."
    )


def _section(
    loaded: Loaded, table: pd.DataFrame, figures: Mapping[str, str], extra: Mapping[str, str] | None
) -> list[str]:
    exp = loaded.experiment
    rows = table[table["id"] == loaded.id]
    verdict = "reproduced" if rows["reproduced"].all() else "**not reproduced in every measure**"
    lines = [
        f"### {exp.id}. {exp.title} ({verdict})",
        "",
        f"*Pattern:* {' '.join(exp.design.split())}",
        "",
        f"*Source:* {' '.join(exp.source.split())}",
        "",
        f"*Experiment:* `{loaded.path.name}`; base: {base_text(loaded)}.",
        "",
        arms_table(loaded),
        f"![{exp.id}: {exp.title}]({figures[exp.id]})",
        "",
        markdown_table(rows),
        f"*What it shows:* {finding_text(loaded, table)}",
        "",
    ]
    if extra and exp.id in extra:
        lines += [extra[exp.id].strip(), ""]
    return lines
