"""Scenario comparison report for policy advisers (``collabsim compare``), in Dutch and English."""

from .analysis import Comparison, evaluation_year, paired_difference, run_comparison
from .render import render_html, write_report

__all__ = ["Comparison", "evaluation_year", "paired_difference", "render_html", "run_comparison", "write_report"]
