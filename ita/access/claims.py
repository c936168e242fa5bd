"""Organisation sign-in (``ITA_SIGNIN=oidc``): which role a person signed in by the organisation's identity provider
gets, from the claims of their ID token (e-mail, groups).

The mapping is data, a TOML file the administrator keeps (``ITA_OIDC_ROLES``; an example with every key is
``deploy/oidc/ita-roles.example.toml``)::

    groups_claim = "groups"   # the claim that lists a person's groups (Entra ID, Keycloak: "groups")
    default_role = ""         # for a signed-in person no rule names; "" lets nobody else in
    trust_unverified_email = false   # true only for a provider that never sends email_verified (Entra ID)

    blocked = ["former.staff@agency.go.th"]   # shut out at once, whatever rule names them

    [require]                 # claims every person must carry, or nobody gets in (the organisation's tenant)
    hd = "agency.go.th"       # Google Workspace: the domain; Entra ID: tid = "<tenant id>"

    [[rule]]
    emails = ["somchai@agency.go.th"]
    role = "admin"

    [[rule]]
    groups = ["ita-editors-north"]
    role = "editor"
    agencies = ["สำนักงานจังหวัดเชียงใหม่"]   # none: every agency

A person gets the highest role of every rule that names them (by e-mail, by e-mail domain, or by group). An
editor's agencies are those of the editor rules that name them; one editor rule without agencies gives all. An
e-mail counts only when the provider says it is verified (``email_verified`` true), unless the file says to trust
e-mails the provider does not vouch for. A key the file does not know is an error, not ignored: a misspelt
``agencies`` must not make an editor of every agency.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ita.access.roles import EDITOR, Actor, rules

FILE_KEYS = {"groups_claim", "default_role", "trust_unverified_email", "require", "blocked", "rule"}
RULE_KEYS = {"role", "emails", "domains", "groups", "agencies"}

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
    trust_unverified_email: bool = False
    require: tuple[tuple[str, frozenset[str]], ...] = ()
    blocked: frozenset[str] = frozenset()

    def actor(self, claims: Mapping[str, object]) -> Actor | None:
        """The actor for a signed-in person's claims, or None when they lack a required claim, or no rule (and no
        default role) lets them in."""
        if not all(str(claims.get(name, "")) in allowed for name, allowed in self.require):
            return None
        if {str(claims.get("sub", "")), self.identity(claims).lower()} & self.blocked:
            return None
        email = self.email(claims)
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
        return Actor(self.identity(claims), role, agencies, signed_in=True)

    def email(self, claims: Mapping[str, object]) -> str | None:
        """The person's e-mail when it can be trusted (verified by the provider, or the file says to trust it) and
        is one address (one "@", no spaces), in lower case; else None."""
        email = claims.get("email")
        verified = claims.get("email_verified")
        if not (self.trust_unverified_email or verified is True or str(verified).lower() == "true"):
            return None
        if not isinstance(email, str):
            return None
        email = email.strip().lower()
        local, at, domain = email.partition("@")
        return email if at and local and domain and "@" not in domain and not any(c.isspace() for c in email) else None

    def identity(self, claims: Mapping[str, object]) -> str:
        """The name the history and the log record: the trusted e-mail, else the provider's user name, else the
        subject (never an e-mail the provider does not vouch for)."""
        return str(self.email(claims) or claims.get("preferred_username") or claims.get("sub") or "")


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
    _known_keys(data, FILE_KEYS, source, "the file")
    known = rules().roles
    default_role = str(data.get("default_role", ""))
    if default_role and default_role not in known:
        raise RoleMapError(f'{source}: default_role {default_role!r} is not one of {", ".join(known)} (or "")')
    raw_rules, require = data.get("rule", []), data.get("require", {})
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise RoleMapError(f"{source}: write each rule as [[rule]] (a list of tables), not [rule]")
    if not isinstance(require, dict):
        raise RoleMapError(f"{source}: write require as a table, [require], of claim = value")
    return RoleMap(
        tuple(_rule(raw, number, source) for number, raw in enumerate(raw_rules, start=1)),
        str(data.get("groups_claim", "groups")),
        default_role,
        data.get("trust_unverified_email", False) is True,
        tuple((str(name), frozenset(_strings(value))) for name, value in require.items()),
        frozenset(b.strip().lower() for b in _strings(data.get("blocked"))) - {""},
    )


def _known_keys(table: dict, allowed: set[str], source: str, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise RoleMapError(f"{source}: {where} has unknown keys {', '.join(unknown)}; known: {known}")


def _rule(raw: dict, number: int, source: str) -> Rule:
    _known_keys(raw, RULE_KEYS, source, f"rule {number}")
    role = str(raw.get("role", ""))
    if role not in rules().roles:
        raise RoleMapError(f"{source}: rule {number} has role {role!r}; use one of {', '.join(rules().roles)}")
    rule = Rule(
        role,
        frozenset(e.strip().lower() for e in _strings(raw.get("emails"))),
        frozenset(d.strip().lower().lstrip("@") for d in _strings(raw.get("domains"))),
        frozenset(_strings(raw.get("groups"))),
        frozenset(_strings(raw.get("agencies"))),
    )
    if not (rule.emails or rule.domains or rule.groups) or "" in rule.emails | rule.domains | rule.groups:
        raise RoleMapError(f"{source}: rule {number} names nobody (or an empty name); give it emails, domains, groups")
    return rule


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
