"""collabsim: an agent-based model of cross-domain collaboration in Dutch neighbourhoods."""

__version__ = "0.1.0"

from .model import CollaborationModel  # noqa: E402
from .runner import run, simulate  # noqa: E402
from .scenario import load_scenario  # noqa: E402

__all__ = ["CollaborationModel", "__version__", "load_scenario", "run", "simulate"]
