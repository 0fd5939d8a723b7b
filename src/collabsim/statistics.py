"""The one paired bootstrap, for the comparison report and the pattern experiments alike."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
RESAMPLES = 9999


def paired_bootstrap(
    data: tuple[np.ndarray, ...],
    statistic: Callable[..., np.ndarray],
    rng: np.random.Generator,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """A confidence interval of a statistic of paired samples (runs resampled whole).

    :func:`scipy.stats.bootstrap` with ``paired=True``: BCa, or the percentile interval where
    BCa is undefined (e.g. many tied values); the interval may be infinite or NaN when
    neither is defined. ``statistic`` is vectorised (takes ``axis``).
    """
    for method in ("BCa", "percentile"):
        # Tiny samples can make the BCa jackknife degenerate: fall back to percentiles then.
        with warnings.catch_warnings(record=True) as caught, np.errstate(invalid="ignore", divide="ignore"):
            warnings.simplefilter("always", stats.DegenerateDataWarning)
            res = stats.bootstrap(
                data,
                statistic,
                paired=True,
                vectorized=True,
                confidence_level=confidence,
                n_resamples=RESAMPLES,
                method=method,
                rng=rng,
            )
        low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
        degenerate = any(issubclass(w.category, stats.DegenerateDataWarning) for w in caught)
        if math.isfinite(low) and math.isfinite(high) and not degenerate:
            break
    return low, high
