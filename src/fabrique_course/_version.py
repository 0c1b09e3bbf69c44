"""The installed version of the course package, read only when asked.

``importlib.metadata`` costs tens of milliseconds: the first quiz of a lesson should not
pay for it, so nothing reads the version at import time.
"""

from __future__ import annotations

import functools

__all__ = ["package_version"]


@functools.cache
def package_version() -> str:
    """The version of the installed ``fabrique-course`` distribution."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fabrique-course")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0+inconnu"
