"""The acting user and what each role may do.

An ``Actor`` is who does something: a name (the signed-in identity, or in personal mode the name typed in the
sidebar), a role (viewer, editor, admin) and, for an editor, the agencies given to them (none: all). The rules
are data (``ita/data/access.toml``): each action names the lowest role allowed. ``require`` is called by every
function that changes something (the measures store, the datasets, the agency links, the accounts) and raises
``NotAllowed``, so a hidden button is never the only guard.

Personal mode (one user on their own machine, no sign-in) acts as ``Actor(name, "admin")``: a plain name given
where an actor is expected means that (``as_actor``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ita.common.text import t

RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "access.toml"
VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"


@dataclass(frozen=True)
class Rules:
    roles: tuple[str, ...]
    actions: dict[str, str]
    names: dict[str, dict[str, str]]

    def rank(self, role: str) -> int:
        """A role's place (higher may do more); an unknown role ranks below every role."""
        return self.roles.index(role) if role in self.roles else -1

    def lowest(self, action: str) -> str:
        if action not in self.actions:
            raise KeyError(f"unknown action {action!r}; known: {sorted(self.actions)}")
        return self.actions[action]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    return Rules(tuple(data["roles"]), dict(data["actions"]), {k: dict(v) for k, v in data["names"].items()})


def role_name(role: str, lang: str = "th") -> str:
    return rules().names.get(role, {}).get(lang, role)


@dataclass(frozen=True)
class Actor:
    """Who acts. ``agencies``: the agency keys an editor may edit (empty: all); ``signed_in``: the name is a
    signed-in identity, not one typed in the sidebar."""

    name: str
    role: str = ADMIN
    agencies: frozenset[str] = field(default_factory=frozenset)
    signed_in: bool = False

    def can(self, action: str, agency_key: str | Iterable[str] | None = None) -> bool:
        """Whether this actor may do ``action`` (on ``agency_key``, or on one of several keys naming the same
        agency: its key and older keys)."""
        r = rules()
        if r.rank(self.role) < r.rank(r.lowest(action)):
            return False
        if agency_key is None or not self.agencies or self.role == ADMIN:
            return True
        keys = {agency_key} if isinstance(agency_key, str) else set(agency_key)
        return bool(keys & self.agencies)


class NotAllowed(PermissionError):
    """``actor`` may not do ``action``: ``message(lang)`` says who, what and whom to ask."""

    def __init__(self, actor: Actor, action: str, agency_key: str | None = None) -> None:
        super().__init__(actor.name, actor.role, action, agency_key)
        self.actor, self.action, self.agency_key = actor, action, agency_key

    def message(self, lang: str = "th") -> str:
        needed = role_name(rules().lowest(self.action), lang)
        key = "access_not_your_agency" if self.agency_key and self.actor.can(self.action) else "access_denied"
        return t(
            key,
            lang,
            who=self.actor.name or t("access_nobody", lang),
            role=role_name(self.actor.role, lang),
            action=t(f"access_action_{self.action}", lang),
            needed=needed,
            agency=self.agency_key or "",
        )

    def __str__(self) -> str:
        return self.message("en")


def as_actor(who: Actor | str) -> Actor:
    """The actor for ``who``: an ``Actor`` as it is; a plain name is personal mode's single user (admin)."""
    return who if isinstance(who, Actor) else Actor(str(who), ADMIN)


def require(who: Actor | str, action: str, agency_key: str | Iterable[str] | None = None) -> Actor:
    """The actor for ``who`` when it may do ``action`` (on ``agency_key``); else ``NotAllowed``."""
    actor = as_actor(who)
    if not actor.can(action, agency_key):
        shown = agency_key if isinstance(agency_key, str) or agency_key is None else next(iter(agency_key), None)
        raise NotAllowed(actor, action, shown)
    return actor
