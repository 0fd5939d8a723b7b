"""Parameter sweeps and global sensitivity analysis (SALib) over the collaboration model.

- :mod:`.experiment`: experiment files (TOML) and their validation;
- :mod:`.sampling`: SALib designs and the mapping of rows to parameters;
- :mod:`.execute`: running a sweep on local processes or a Dask cluster;
- :mod:`.store`: the crash-safe on-disk store (part files, resume, consolidation);
- :mod:`.analysis`: Sobol and Morris indices, tables and figures.
"""

from .execute import sweep
from .experiment import Experiment, load_experiment

__all__ = ["Experiment", "load_experiment", "sweep"]
