"""Organisation sign-in: the ID token's claims give the role (``ita.access.claims``), the browser comes back to the
page it left (``ita.web.oidc``), and an old sign-in ends after a session's length (issue 12)."""

from __future__ import annotations

import time

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ita.access import claims
from ita.access.roles import ADMIN, EDITOR, VIEWER
from ita.web.oidc import NEXT_COOKIE, ReturnAfterSignIn

MAPPING = """
groups_claim = "roles"
[[rule]]
emails = ["Boss@Agency.go.th"]
role = "admin"
[[rule]]
groups = ["ita-editors-north"]
role = "editor"
agencies = ["เชียงใหม่"]
[[rule]]
groups = ["ita-editors-south"]
role = "editor"
agencies = ["สงขลา"]
[[rule]]
groups = ["ita-editors-all"]
role = "editor"
[[rule]]
domains = ["@agency.go.th"]
role = "viewer"
"""


def person(email: str, *groups: str, verified: bool = True) -> dict:
    return {"sub": email, "email": email, "email_verified": verified, "roles": list(groups)}


def test_the_highest_role_of_every_rule_that_names_a_person():
    mapping = claims.parse(MAPPING)
    assert mapping.actor(person("boss@agency.go.th", "ita-editors-north")).role == ADMIN  # e-mail, any case
    somchai = mapping.actor(person("somchai@agency.go.th", "ita-editors-north"))
    assert (somchai.role, somchai.agencies, somchai.name, somchai.signed_in) == (
        EDITOR,
        frozenset({"เชียงใหม่"}),
        "somchai@agency.go.th",
        True,
    )
    both = mapping.actor(person("a@other.org", "ita-editors-north", "ita-editors-south"))
    assert both.agencies == frozenset({"เชียงใหม่", "สงขลา"})
    assert mapping.actor(person("a@other.org", "ita-editors-north", "ita-editors-all")).agencies == frozenset()
    assert mapping.actor(person("clerk@agency.go.th")).role == VIEWER  # by domain
    assert mapping.actor(person("clerk@evilagency.go.th")) is None  # a domain is the whole part after "@"
    assert mapping.actor(person("guest@example.com")) is None  # nobody names them, no default role


def test_an_unverified_email_counts_for_nothing_but_groups_still_do():
    mapping = claims.parse(MAPPING)
    assert mapping.actor(person("boss@agency.go.th", verified=False)) is None
    unverified_editor = mapping.actor({**person("boss@agency.go.th", "ita-editors-all", verified=False)})
    assert unverified_editor.role == EDITOR and unverified_editor.name == "boss@agency.go.th"  # its sub, not e-mail
    no_flag = {"sub": "u-17", "email": "boss@agency.go.th", "preferred_username": "somchai.j"}
    assert mapping.actor(no_flag) is None  # a provider that says nothing does not vouch for the e-mail
    assert mapping.identity(no_flag) == "somchai.j"  # the history never records an e-mail nobody vouched for
    assert mapping.actor({**no_flag, "email_verified": "true"}).role == ADMIN  # some providers send a string
    trusting = claims.parse("trust_unverified_email = true\n" + MAPPING)  # Entra ID sends no flag at all
    assert trusting.actor(no_flag).role == ADMIN and trusting.identity(no_flag) == "boss@agency.go.th"
    assert mapping.actor(person("boss@agency.go.th@evil.example")) is None  # one address, one "@"


def test_required_claims_keep_out_everyone_outside_the_organisation():
    mapping = claims.parse(MAPPING + '\n[require]\nhd = "agency.go.th"\n')
    assert mapping.actor({**person("boss@agency.go.th"), "hd": "agency.go.th"}).role == ADMIN
    assert mapping.actor(person("boss@agency.go.th")) is None  # a personal account with the same address
    assert mapping.actor({**person("boss@agency.go.th"), "hd": "other.go.th"}) is None


def test_a_default_role_lets_everyone_signed_in_view():
    mapping = claims.parse('default_role = "viewer"\n' + MAPPING)
    assert mapping.actor(person("guest@example.com")).role == VIEWER
    assert mapping.actor({"sub": "x", "roles": "ita-editors-all"}).role == EDITOR  # one group as a string


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[[rule]]\nemails = ['a@b.c']\nrole = 'boss'\n", "rule 1 has role 'boss'"),
        ("[[rule]]\nrole = 'viewer'\n", "rule 1 names nobody"),
        ("default_role = 'owner'\n", "default_role 'owner'"),
        ("[[rule]\n", "not valid TOML"),
        ("[[rule]]\ngroups = ['g']\nrole = 'editor'\nagency = ['x']\n", "rule 1 has unknown keys agency"),
        ("group_claim = 'roles'\n", "the file has unknown keys group_claim"),
        ("[rule]\ngroups = ['g']\nrole = 'viewer'\n", r"write each rule as \[\[rule\]\]"),
        ("[[rule]]\nemails = ['']\nrole = 'viewer'\n", "names nobody"),
    ],
)
def test_a_wrong_mapping_says_what_and_where(text, said):
    with pytest.raises(claims.RoleMapError, match=said) as caught:
        claims.parse(text, "/etc/ita/roles.toml")
    assert str(caught.value).startswith("/etc/ita/roles.toml: ")


def test_a_missing_mapping_file_is_refused_with_the_setting_to_use(tmp_path, monkeypatch):
    monkeypatch.setenv(claims.ENV_ROLES_FILE, str(tmp_path / "none.toml"))
    with pytest.raises(claims.RoleMapError, match="ITA_OIDC_ROLES"):
        claims.load()


def _client() -> TestClient:
    async def login(request):
        return RedirectResponse("https://provider.example/authorize", status_code=302)

    async def callback(request):
        return RedirectResponse("/", status_code=302)

    app = Starlette(
        routes=[Route("/auth/login", login), Route("/oauth2callback", callback)],
        middleware=[Middleware(ReturnAfterSignIn)],
    )
    return TestClient(app, base_url="http://ita.office.go.th", follow_redirects=False)


def test_the_browser_comes_back_to_the_page_it_left():
    client = _client()
    left = client.get("/auth/login", headers={"referer": "http://ita.office.go.th:8080/overview?year=2566"})
    assert left.headers["location"] == "https://provider.example/authorize"  # the flow itself is untouched
    assert left.cookies[NEXT_COOKIE].strip('"') == "/overview?year=2566"
    back = client.get("/oauth2callback?code=x&state=y")
    assert back.headers["location"] == "/overview?year=2566"
    assert f"{NEXT_COOKIE}=;" in back.headers["set-cookie"] and "Max-Age=0" in back.headers["set-cookie"]


@pytest.mark.parametrize(
    "referer", ["https://evil.example/agency", "http://ita.office.go.th.evil.example/x", "", "not a url"]
)
def test_only_a_page_of_this_app_is_returned_to(referer):
    client = _client()
    client.get("/auth/login", headers={"referer": referer})
    assert client.get("/oauth2callback").headers["location"] == "/"


@pytest.mark.parametrize("forged", ["//evil.example/", "/auth/logout", "/oauth2callback?code=x", "/\\evil.example"])
def test_a_forged_return_cookie_goes_home(forged):
    client = _client()
    client.cookies.set(NEXT_COOKIE, forged)
    assert client.get("/oauth2callback").headers["location"] == "/"


def test_the_return_cookie_is_secure_behind_https():
    client = _client()
    said = client.get(
        "/auth/login", headers={"referer": "https://ita.office.go.th/overview", "x-forwarded-proto": "https"}
    )
    assert "Secure" in said.headers["set-cookie"] and "HttpOnly" in said.headers["set-cookie"]


def test_an_old_sign_in_ends_after_a_session_length():
    from ita.app.signin import _expired
    from ita.storage.sessions import SESSION_HOURS

    assert not _expired({"iat": int(time.time()) - 60})
    assert _expired({"iat": int(time.time() - SESSION_HOURS * 3600 - 60)})
    assert not _expired({})  # a provider that says nothing: Streamlit's own cookie lifetime applies


def test_the_shipped_example_mapping_reads_as_it_says():
    from helpers import ROOT

    mapping = claims.load(ROOT / "deploy" / "oidc" / "ita-roles.example.toml")
    tenant = {"hd": "example.go.th", "email_verified": True}
    assert mapping.actor({**person("someone@example.go.th"), **tenant}).role == VIEWER
    assert mapping.actor(person("someone@example.go.th")) is None  # not of the organisation's Workspace
    north = mapping.actor({"email": "x@example.go.th", "groups": ["ita-editors-chiangmai"], **tenant})
    assert (north.role, north.agencies) == (EDITOR, frozenset({"สำนักงานจังหวัดเชียงใหม่"}))
    assert mapping.actor({"email": "it-admin@example.go.th", **tenant}).role == ADMIN


def test_a_blocked_person_is_shut_out_whatever_names_them():
    mapping = claims.parse('blocked = ["Somchai@Agency.go.th", "u-9"]\n' + MAPPING)
    assert mapping.actor(person("somchai@agency.go.th", "ita-editors-all")) is None
    assert mapping.actor({"sub": "u-9", "roles": ["ita-editors-all"]}) is None
    assert mapping.actor(person("somsri@agency.go.th")).role == VIEWER
