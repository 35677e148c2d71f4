"""Provider access: the protocol the engine uses and the HTTP client for the operator's API."""

from core.provider.base import Provider, ProviderError
from core.provider.negocia import ClientCounters, NegociaClient

__all__ = ["ClientCounters", "NegociaClient", "Provider", "ProviderError"]
