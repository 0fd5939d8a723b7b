"""collabsim: an agent-based model of cross-domain collaboration in Dutch neighbourhoods."""

from .model import CollaborationModel
from .scenario import load_scenario

__version__ = "0.1.0"
__all__ = ["CollaborationModel", "load_scenario", "__version__"]
