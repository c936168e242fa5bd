"""Settings read from the environment: one way to read a number, whatever the setting.

Every limit of the project is a named environment variable with a documented default (README, "The safety
model" and "Bad files are refused safely"); the module that owns a limit declares it and reads it here.
"""

from __future__ import annotations

import os


def env_number(name: str, default: float, *, low: float | None = None, high: float | None = None) -> float:
    """The number in the environment variable ``name``; ``default`` when it is unset, empty or not a number,
    and kept within ``low``..``high`` when given (a negative time or size means nothing)."""
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    if value != value:  # NaN
        return default
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return value


ENV_SIGNIN = "ITA_SIGNIN"
SIGNIN_MODES = ("none", "accounts", "oidc")


def signin_mode() -> str:
    """How people sign in (``ITA_SIGNIN``): ``none`` (personal mode), ``accounts`` (office accounts) or ``oidc``
    (organisation sign-in). An unknown value is returned as it is: the app refuses it with a message."""
    return os.environ.get(ENV_SIGNIN, "none").strip().lower() or "none"
