"""collabsim: an agent-based model of cross-domain collaboration in Dutch neighbourhoods."""

__version__ = "0.1.0"

from .model import CollaborationModel
from .runner import run, simulate
from .scenario import load_scenario

__all__ = ["CollaborationModel", "__version__", "load_scenario", "run", "simulate"]
