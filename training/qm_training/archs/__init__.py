"""Architecture registry in pyiqa's manner: ``build_arch(name, **options)``.

Each architecture lives in ``<name>_arch.py`` and registers a builder under its name
with :func:`register`; variants are rows of that file's defaults table.
"""

from typing import Callable, Dict

ARCH_REGISTRY: Dict[str, Callable] = {}


def register(name: str):
    """Returns a decorator that records ``fn`` as the builder of ``name``."""

    def wrap(fn: Callable) -> Callable:
        if name in ARCH_REGISTRY:
            raise KeyError(f"architecture {name!r} is registered twice")
        ARCH_REGISTRY[name] = fn
        return fn

    return wrap


def build_arch(name: str, **options):
    """Builds the registered architecture ``name`` with ``options``."""
    if name not in ARCH_REGISTRY:
        raise KeyError(f"unknown architecture {name!r}; known: {sorted(ARCH_REGISTRY)}")
    return ARCH_REGISTRY[name](**options)


from . import contrique_arch  # noqa: E402,F401  (registers its builders)
from . import clip_arch  # noqa: E402,F401  (registers its builders)
from . import openai_clip_arch  # noqa: E402,F401
