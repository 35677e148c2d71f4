"""The simulated operator: a synthetic world, fault profiles and a loopback HTTP server for the API."""

from core.simulator.faults import FaultKind
from core.simulator.model import InvoiceKind, World, WorldContract, WorldDebt, WorldInvoice, WorldSummary
from core.simulator.profiles import PROFILES, FaultProfile, OutageWindow, ProfileError, get_profile
from core.simulator.server import SimulatorServer
from core.simulator.stats import SimulatorStats
from core.simulator.world import MixRates, generate_world, load_world, write_world

__all__ = [
    "PROFILES", "FaultKind", "FaultProfile", "InvoiceKind", "MixRates", "OutageWindow", "ProfileError",
    "SimulatorServer", "SimulatorStats", "World", "WorldContract", "WorldDebt", "WorldInvoice",
    "WorldSummary", "generate_world", "get_profile", "load_world", "write_world",
]
