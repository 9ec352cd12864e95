"""The two external systems, simulated as real local HTTP servers implementing the shared contracts.

- `generator`: deterministic, realistic starting data from a seed (catalog from `catalog`,
  takeoff lines written the way `estimators` write them).
- `state`: the live state both servers share, with control methods and what clients wrote.
- `pm_app`, `inventory_app`: the Starlette apps for contracts/pm-api.yaml and inventory-api.yaml;
  `validation` holds what the platform accepts in a POST; `control` the /_sim/ API on both.
- `faults`: injected errors, latency, outages, rate limits and malformed answers;
  `malformed` what those answers and planted bad takeoff lines look like.
- `server`: `SimulatorServer`, both apps on loopback in background threads;
  `python -m sync_pipeline.simulator` runs them in the foreground.
"""

from sync_pipeline.simulator.faults import ErrorRule, Faults, RateLimit
from sync_pipeline.simulator.generator import SimulatorData, generate
from sync_pipeline.simulator.malformed import MalformedRule
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.simulator.state import Credentials, SimulatorState

__all__ = ["Credentials", "ErrorRule", "Faults", "MalformedRule", "RateLimit", "SimulatorData", "SimulatorServer",
           "SimulatorState", "generate"]
