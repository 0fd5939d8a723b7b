"""The ``collabsim`` command line: a thin layer over the package."""

from __future__ import annotations

import argparse
import sys
import tomllib
from typing import Any

from . import __version__
from .constants import FORMATS, STATUSES
from .errors import InputError

EXIT_BAD_INPUT = 2


def parse_set(items: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; values are read as TOML (numbers, true/false, "strings"), else text."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise InputError("--set", item, item, "NAME=VALUE, e.g. turnover=0.2 or kartrekker=external")
        try:
            value = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = text.strip()
        out[name.strip()] = value
    return out


def _cmd_list(args: argparse.Namespace) -> int:
    from .scenario import load_scenario, shipped_scenarios

    for name in shipped_scenarios():
        sc = load_scenario(name)
        print(f"{name:24s} {sc.title_nl if args.lang == 'nl' and sc.title_nl else sc.title}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .scenario import load_scenario

    sc = load_scenario(args.scenario, parse_set(args.set))
    n_orgs = len(sc.neighbourhood.organisation_names())
    n_staff = sum(o.count * o.staff for o in sc.neighbourhood.organisations)
    print(
        f"{args.scenario}: valid ({n_orgs} organisations, {n_staff} professionals, "
        f"{sc.neighbourhood.residents} residents, {sc.horizon:g} years, {len(sc.events)} events)"
    )
    return 0


def _shared(args: argparse.Namespace) -> dict[str, Any]:
    """The options that run, patterns and compare share."""
    names = ("replications", "seed", "workers", "out", "quiet")
    return {name: getattr(args, name) for name in names}


def _cmd_run(args: argparse.Namespace) -> int:
    from .run_command import run_command

    return run_command(args.scenario, parse_set(args.set), ensemble=args.ensemble, **_shared(args))


def _cmd_patterns(args: argparse.Namespace) -> int:
    from .validation.command import patterns_command

    return patterns_command(
        only=args.only, doc=args.doc, experiments=args.experiments, ensemble=args.ensemble, **_shared(args)
    )


def _cmd_dashboard(args: argparse.Namespace) -> int:
    from .dashboard.launcher import run_dashboard

    return run_dashboard(args.scenario, host=args.host, port=args.port, lang=args.lang, continuity=args.continuity)


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .sweep.commands import cmd_sweep

    return cmd_sweep(args)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .sweep.commands import cmd_analyze

    return cmd_analyze(args)


def _cmd_discover(args: argparse.Namespace) -> int:
    from .discovery.command import discover_command

    return discover_command(args.folder, output=args.output, threshold=args.threshold, lang=args.lang, out=args.out)


def _cmd_compare(args: argparse.Namespace) -> int:
    from .report.command import compare_command

    overrides = parse_set(args.set)
    options = {"settings": args.set, "lang": args.lang, "year": args.year, "ensemble": args.ensemble, **_shared(args)}
    takes = {"from_pareto": args.from_pareto, "picks": args.pick, "what_it_takes": args.what_it_takes}
    return compare_command(args.scenarios, overrides, **options, **takes)


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from .calibration.command import calibrate_command

    names = ("samples", "replications", "seed", "check_all", "workers", "scheduler", "resume", "out", "quiet")
    return calibrate_command(args.experiment, **{name: getattr(args, name) for name in names})


def _cmd_optimise(args: argparse.Namespace) -> int:
    from .optimisation.command import optimise_command

    names = ("year", "evaluations", "population", "scheduler", "lang", "ensemble")
    options = {name: getattr(args, name) for name in names}
    return optimise_command(args.scenario, args.levers, **options, **_shared(args))


def _cmd_constants(args: argparse.Namespace) -> int:
    from .constants import constants_command

    return constants_command(args.status, args.format, args.ensemble)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (exit code 2) instead of usage plus error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="collabsim",
        description="Agent-based model of collaboration between public health and the social domain.",
    )
    parser.add_argument("--version", action="version", version=f"collabsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run a scenario's replications and write tables and a figure")
    p.add_argument("scenario", help="a scenario file, or the name of a shipped scenario (see 'collabsim list')")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a value")
    p.add_argument("--replications", type=_positive_int, default=None, help="runs (default: the scenario's)")
    p.add_argument("--seed", type=_seed, default=None, help="base seed (default: the scenario's)")
    p.add_argument("--workers", type=_positive_int, default=None, help="parallel processes (default: cores)")
    p.add_argument("--out", default=None, help="output folder (default: results/SCENARIO)")
    _ensemble_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("patterns", help="run the pattern-oriented validation (experiments/patterns/)")
    p.add_argument("--replications", type=_positive_int, default=None, help="seeds per arm (default: each file's)")
    p.add_argument("--seed", type=_seed, default=None, help="base seed for every experiment (default: each file's)")
    p.add_argument("--workers", type=_positive_int, default=None, help="parallel processes (default: cores)")
    p.add_argument("--out", default="results/patterns", help="output folder (default: results/patterns)")
    p.add_argument("--only", nargs="+", default=[], metavar="ID", help="only these experiments (e.g. P1 P3)")
    p.add_argument("--doc", default=None, metavar="PATH", help="also write the validation report (Markdown)")
    p.add_argument("--experiments", default=None, metavar="DIR", help="folder of experiment files")
    _ensemble_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_patterns)

    p = sub.add_parser(
        "compare", help="run scenarios on common random numbers and write an HTML report",
        description=(
            "Run scenarios on common random numbers and write an HTML report; the first scenario is the reference. "
            "With --from-pareto FILE --pick K, row K of an optimisation's pareto.csv becomes a scenario: the first "
            "scenario with that package's lever values (named SCENARIO_paretoK, its title the package in words), "
            "compared against the first scenario as it is; the network is judged in the optimisation's year "
            "unless --year is given. The file must be a front of the first scenario."
        ),
    )  # fmt: skip
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="two or more scenario files or shipped names (with --from-pareto one: the base)")  # fmt: skip
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override in every scenario")
    p.add_argument("--replications", type=_positive_int, default=None, help="runs per scenario (default: the largest)")
    p.add_argument("--seed", type=_seed, default=None, help="base seed for every scenario (default: the first's)")
    p.add_argument("--workers", type=_positive_int, default=None, help="parallel processes (default: cores)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the report (default: nl)")
    p.add_argument("--year", type=_positive_int, default=None, help="year in which to ask whether the network works")
    p.add_argument("--out", default=None, help="output folder (default: results/compare/A_vs_B)")
    _ensemble_option(p)
    p.add_argument("--from-pareto", default=None, metavar="FILE",
                   help="a pareto.csv of 'collabsim optimise' of the first scenario: compare its picked packages")
    p.add_argument("--pick", type=_positive_int, action="append", default=[], metavar="K",
                   help="row K of --from-pareto (from 1) as a scenario; repeat for more packages")
    p.add_argument("--what-it-takes", default=None, metavar="DIR",
                   help="add 'What does it take?' from an optimise or discover output folder "
                        "(default with --from-pareto: from its pareto.csv)")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("optimise", help="search levers for the front of cost against a network that keeps working")
    p.add_argument("scenario", help="a scenario file, or the name of a shipped scenario")
    p.add_argument("--levers", nargs="*", default=[], metavar="NAME", help="preconditions to vary, e.g. cofinancing")
    p.add_argument("--year", type=_positive_int, default=None, help="year in which to ask whether the network works")
    p.add_argument("--evaluations", type=_positive_int, default=400, help="packages to try (default: 400)")
    p.add_argument("--population", type=_positive_int, default=20, help="packages per generation (default: 20)")
    p.add_argument("--replications", type=_positive_int, default=10, help="runs per package (default: 10)")
    p.add_argument("--seed", type=_seed, default=None, help="seed of the search and the runs (default: the scenario's)")
    p.add_argument("--workers", type=_positive_int, default=None, help="parallel processes (default: cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask scheduler, e.g. tcp://HOST:8786")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of summary.md (default: nl)")
    p.add_argument("--out", default=None, help="output folder (default: results/optimise/SCENARIO)")
    _ensemble_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_optimise)

    p = sub.add_parser("validate", help="check a scenario file")
    p.add_argument("scenario")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("dashboard", help="start the trainers' dashboard in the browser (works offline)")
    p.add_argument("scenario", nargs="?", default="baseline", help="scenario to start with (default: baseline)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    p.add_argument("--lang", choices=("en", "nl"), default=None, help="language (default: the last one picked)")
    p.add_argument("--continuity", action="store_true", help="start in continuity mode (two copies side by side)")
    p.set_defaults(func=_cmd_dashboard)
    p = sub.add_parser("sweep", help="run a parameter sweep of an experiment file (resumable)")
    p.add_argument("experiment", help="an experiment file, or the name of a shipped experiment")
    p.add_argument("--workers", type=_positive_int, default=None, help="local processes (default: cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask scheduler, e.g. tcp://HOST:8786")
    p.add_argument("--out", default=None, help="output folder (default: results/sweeps/EXPERIMENT)")
    p.add_argument("--resume", action="store_true", help="finish an interrupted sweep in --out")
    p.add_argument("--replications", type=_positive_int, default=None,
                   help="runs per sample point (default: the file's; with --ensemble, each runs its constant set r)")
    _ensemble_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_sweep)

    p = sub.add_parser("analyze", help="sensitivity analysis (SALib) of a finished sweep: tables and figures")
    p.add_argument("folder", help="the sweep's output folder")
    p.add_argument("--no-figures", action="store_true", help="tables only")
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("calibrate", help="pattern-oriented calibration: the constant sets that reproduce every pattern")
    p.add_argument("experiment", nargs="?", default="calibration",
                   help="a calibration file, or a shipped one's name (default: calibration)")
    p.add_argument("--samples", type=_positive_int, default=None, help="constant sets (default: the file's)")
    p.add_argument("--replications", type=_at_least_three, default=None, help="seeds per arm (default: the file's)")
    p.add_argument("--seed", type=_seed, default=None, help="seed of sampler and bootstrap (default: the file's)")
    p.add_argument("--check-all", action="store_true",
                   help="check every pattern of every set (default: the file's 'screen': stop at a first failure)")
    p.add_argument("--workers", type=_positive_int, default=None, help="local processes (default: cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask scheduler, e.g. tcp://HOST:8786")
    p.add_argument("--resume", action="store_true", help="finish an interrupted calibration in --out")
    p.add_argument("--out", default=None, help="output folder (default: results/calibration/NAME)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_calibrate)

    p = sub.add_parser("discover", help="scenario discovery (PRIM) of a finished sweep: tables, figures, words")
    p.add_argument("folder", help="the sweep's output folder (e.g. of a Latin hypercube, method = 'lhs')")
    p.add_argument("--output", default="sustained", help="the output to explain (default: sustained)")
    p.add_argument("--threshold", default="0.5", help="runs of interest: output above this (default: 0.5)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the printed words (default: nl)")
    p.add_argument("--out", default=None, help="output folder (default: FOLDER/discovery)")
    p.set_defaults(func=_cmd_discover)

    p = sub.add_parser("constants", help="list the model's constants: value, range, unit, status and reason")
    p.add_argument("--status", choices=STATUSES, default=None, help="only this status")
    p.add_argument("--format", choices=FORMATS, default="table", help="(default: table)")
    p.add_argument("--ensemble", default=None, metavar="FILE",
                   help="show the range of this ensemble's accepted sets (default: 'calibrated', if shipped)")
    p.set_defaults(func=_cmd_constants)

    p = sub.add_parser("list", help="list the shipped scenarios")
    p.add_argument("--lang", choices=("en", "nl"), default="en")
    p.set_defaults(func=_cmd_list)
    return parser


def _ensemble_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ensemble", default=None, metavar="FILE",
        help="run replication r with constant set r of this ensemble file, cycling (or 'calibrated')",
    )  # fmt: skip


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {text!r}; allowed: a whole number >= 1") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"got {value}; allowed: a whole number >= 1")
    return value


def _at_least_three(text: str) -> int:
    value = _positive_int(text)
    if value < 3:
        raise argparse.ArgumentTypeError(f"got {value}; allowed: a whole number >= 3 (for a bootstrap interval)")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {text!r}; allowed: a whole number >= 0") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"got {value}; allowed: a whole number from 0 to 2**63-1")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # argparse itself exits 2 with one line on bad flags
    try:
        return args.func(args)
    except InputError as exc:
        print(f"collabsim: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("collabsim: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
