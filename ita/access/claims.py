"""Organisation sign-in (``ITA_SIGNIN=oidc``): which role a person signed in by the organisation's identity provider
gets, from the claims of their ID token (e-mail, groups).

The mapping is data, a TOML file the administrator keeps (``ITA_OIDC_ROLES``; an example with every key is
``deploy/oidc/ita-roles.example.toml``)::

    groups_claim = "groups"   # the claim that lists a person's groups (Entra ID, Keycloak: "groups")
    default_role = ""         # for a signed-in person no rule names; "" lets nobody else in

    [[rule]]
    emails = ["somchai@agency.go.th"]
    role = "admin"

    [[rule]]
    groups = ["ita-editors-north"]
    role = "editor"
    agencies = ["สำนักงานจังหวัดเชียงใหม่"]   # none: every agency

A person gets the highest role of every rule that names them (by e-mail, by e-mail domain, or by group). An
editor's agencies are those of the editor rules that name them; one editor rule without agencies gives all. An
e-mail the provider says is not verified (``email_verified = false``) matches no e-mail or domain rule.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ita.access.roles import EDITOR, Actor, rules

ENV_ROLES_FILE = "ITA_OIDC_ROLES"
DEFAULT_ROLES_FILE = ".streamlit/ita-roles.toml"  # beside Streamlit's secrets.toml, where the provider is set


class RoleMapError(ValueError):
    """The role mapping file cannot be used: the message names the file, the rule and what to change."""


@dataclass(frozen=True)
class Rule:
    role: str
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    agencies: frozenset[str] = frozenset()

    def names(self, email: str | None, groups: frozenset[str]) -> bool:
        if email is not None and (email in self.emails or email.rpartition("@")[2] in self.domains):
            return True
        return bool(self.groups & groups)


@dataclass(frozen=True)
class RoleMap:
    rules: tuple[Rule, ...]
    groups_claim: str = "groups"
    default_role: str = ""

    def actor(self, claims: Mapping[str, object]) -> Actor | None:
        """The actor for a signed-in person's claims, or None when no rule (and no default role) lets them in."""
        email = _verified_email(claims)
        groups = frozenset(_strings(claims.get(self.groups_claim)))
        matched = [rule for rule in self.rules if rule.names(email, groups)]
        roles = [rule.role for rule in matched] or ([self.default_role] if self.default_role else [])
        if not roles:
            return None
        role = max(roles, key=rules().rank)
        editor_rules = [rule for rule in matched if rule.role == EDITOR]
        agencies = (
            frozenset().union(*(r.agencies for r in editor_rules))
            if role == EDITOR and editor_rules and all(r.agencies for r in editor_rules)
            else frozenset()
        )
        return Actor(identity(claims), role, agencies, signed_in=True)


def identity(claims: Mapping[str, object]) -> str:
    """The name the history and the log record: the e-mail (what people and the provider agree on), else the
    subject."""
    return str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "")


def display_name(claims: Mapping[str, object]) -> str:
    return str(claims.get("name") or identity(claims))


def _verified_email(claims: Mapping[str, object]) -> str | None:
    email = claims.get("email")
    if not isinstance(email, str) or not email or claims.get("email_verified") is False:
        return None
    return email.strip().lower()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return []


def parse(text: str, source: str = ENV_ROLES_FILE) -> RoleMap:
    """The mapping in ``text`` (TOML); ``RoleMapError`` says what is wrong and where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoleMapError(f"{source}: not valid TOML ({exc}); see deploy/oidc/ita-roles.example.toml") from exc
    known = rules().roles
    default_role = str(data.get("default_role", ""))
    if default_role and default_role not in known:
        raise RoleMapError(f'{source}: default_role {default_role!r} is not one of {", ".join(known)} (or "")')
    found = []
    for number, raw in enumerate(data.get("rule", []), start=1):
        role = str(raw.get("role", ""))
        if role not in known:
            raise RoleMapError(f"{source}: rule {number} has role {role!r}; use one of {', '.join(known)}")
        rule = Rule(
            role,
            frozenset(e.strip().lower() for e in _strings(raw.get("emails"))),
            frozenset(d.strip().lower().lstrip("@") for d in _strings(raw.get("domains"))),
            frozenset(_strings(raw.get("groups"))),
            frozenset(_strings(raw.get("agencies"))),
        )
        if not (rule.emails or rule.domains or rule.groups):
            raise RoleMapError(f"{source}: rule {number} names nobody; give it emails, domains or groups")
        found.append(rule)
    return RoleMap(tuple(found), str(data.get("groups_claim", "groups")), default_role)


def roles_file() -> Path:
    return Path(os.environ.get(ENV_ROLES_FILE) or DEFAULT_ROLES_FILE)


def load(path: Path | None = None) -> RoleMap:
    """The mapping from ``path`` (default ``ITA_OIDC_ROLES``); a missing file is a ``RoleMapError`` too: with
    organisation sign-in and no mapping, nobody would get in."""
    path = path or roles_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RoleMapError(
            f"{path}: cannot read the role mapping ({exc.strerror}); copy deploy/oidc/ita-roles.example.toml there "
            f"or set {ENV_ROLES_FILE}"
        ) from exc
    return parse(text, str(path))
