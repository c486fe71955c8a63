"""The console keeps patient data to signed-in specialists and never runs what a station typed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select

from hub import tables as t
from hub.app import create_app
from hub.console import referral as referral_module
from hub.console.web import CONTENT_SECURITY_POLICY
from hub.settings import Settings
from tests.integration.console_seed import (
    GOOD_ADVICE,
    Case,
    ConsoleUser,
    add_attachment_record,
    add_blob,
    add_case,
    add_specialist,
    add_station,
    form_fields,
)

HUB_DIR = Path(__file__).resolve().parents[2] / "hub"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    # On SQLite and PostgreSQL: what a hostile form or address does can depend on the database.
    app = create_app(Settings(db_url=hub_db_url))
    add_station(app.state.engine, "bhu-jhok", "BHU Jhok Sharif")
    add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    add_specialist(app.state.engine, "dr.baloch", "Dr Hina Baloch", "paediatrics")
    yield app
    app.state.engine.dispose()


def new_user(app: FastAPI, username: str | None = "dr.khan") -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    if username:
        assert user.login(username).status_code == 303
    return user


@pytest.fixture
def user(app: FastAPI) -> ConsoleUser:
    return new_user(app)


@pytest.fixture
def case(app: FastAPI) -> Case:
    return add_case(app.state.engine, "bhu-jhok")


def advice_count(app: FastAPI) -> int:
    with app.state.engine.connect() as conn:
        return len(conn.execute(select(t.advice.c.id)).all()) + len(
            conn.execute(select(t.outbound.c.seq).where(t.outbound.c.entity == "advice")).all()
        )


@pytest.mark.parametrize("path", ["/login", "/inbox", "/dashboard", "/audit", "/referrals/{id}", "/no/such/page",
                                  "/api/v1/docs"])
def test_every_page_carries_a_strict_content_security_policy(user: ConsoleUser, case: Case, path: str) -> None:
    response = user.http.get(path.format(id=case.referral_id))
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    # The policy forbids inline script and style, so the pages must not rely on any.
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)
    assert "<style" not in response.text
    assert not re.search(r"\sstyle=", response.text)
    assert not re.search(r"\son[a-z]+=", response.text)


def test_nothing_is_loaded_from_another_site() -> None:
    for file in [*HUB_DIR.joinpath("templates").glob("*.html"), *HUB_DIR.joinpath("static").glob("*.css"),
                 *HUB_DIR.joinpath("static").glob("*.js")]:
        text = file.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", text), file.name
    from hub.api.docs import PAGE

    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", PAGE)


def test_the_api_docs_come_from_the_hub_itself(user: ConsoleUser) -> None:
    page = user.http.get("/api/v1/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert scripts == ["/api/v1/docs/assets/swagger-ui-bundle.js", "/static/api-docs.js"]
    for path in (*scripts, *styles):
        asset = user.http.get(path)
        assert asset.status_code == 200 and len(asset.content) > 100, path
        if path.startswith("/api/v1/docs/"):
            assert asset.headers["x-content-type-options"] == "nosniff"
    assert user.http.get("/api/v1/docs/assets/swagger-ui.css").headers["content-type"].startswith("text/css")
    # Only the files the page needs; nothing else of the package, no way out of its folder.
    for other in ("index.html", "oauth2-redirect.html", "..%2F__init__.py", "swagger-initializer.js"):
        assert user.http.get(f"/api/v1/docs/assets/{other}").status_code == 404


@pytest.mark.parametrize(
    "typed",
    ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "{{ 7*7 }} & <b>bold</b>"],
)
def test_what_a_station_typed_is_shown_as_text(app: FastAPI, user: ConsoleUser, typed: str) -> None:
    case = add_case(app.state.engine, "bhu-jhok", name=typed, question=typed)
    for page in (user.http.get("/inbox").text, user.open_referral(case.referral_id).text):
        assert typed not in page
        assert str(escape(typed)) in page


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200))
def test_any_question_is_shown_exactly_and_escaped(app: FastAPI, user: ConsoleUser, question: str) -> None:
    case = add_case(app.state.engine, "bhu-jhok", question=question)
    page = user.open_referral(case.referral_id).text
    assert f'<p class="prose">{escape(question)}</p>' in page


@pytest.mark.parametrize(
    ("token", "origin"),
    [(None, None), ("forged-token", None), ("<own>", "https://evil.example"), ("<own>", "null")],
)
def test_advice_without_this_sessions_csrf_token_is_refused(
    app: FastAPI, user: ConsoleUser, case: Case, token: str | None, origin: str | None
) -> None:
    action = f"/referrals/{case.referral_id}/advice"
    fields = form_fields(user.open_referral(case.referral_id).text, action)
    if token is None:
        fields.pop("csrf_token")
    elif token != "<own>":
        fields["csrf_token"] = token
    headers = {"Origin": origin} if origin else {}
    response = user.http.post(action, data={**fields, **GOOD_ADVICE}, headers=headers)
    assert response.status_code == 403
    assert advice_count(app) == 0


def test_another_specialists_csrf_token_does_not_work(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    other = new_user(app, "dr.baloch")
    action = f"/referrals/{case.referral_id}/advice"
    theirs = form_fields(other.open_referral(case.referral_id).text, action)
    mine = form_fields(user.open_referral(case.referral_id).text, action)
    response = user.http.post(action, data={**mine, "csrf_token": theirs["csrf_token"], **GOOD_ADVICE})
    assert response.status_code == 403
    assert advice_count(app) == 0


def test_a_message_without_the_csrf_token_is_refused(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    response = user.http.post(f"/referrals/{case.referral_id}/messages", data={"body": "hello"})
    assert response.status_code == 403
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.messages)).first() is None


def test_forms_are_refused_when_signed_out(app: FastAPI, case: Case) -> None:
    stranger = new_user(app, None)
    response = stranger.http.post(f"/referrals/{case.referral_id}/advice", data=GOOD_ADVICE)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert advice_count(app) == 0


def test_an_oversized_form_is_refused_politely(app: FastAPI, user: ConsoleUser, case: Case) -> None:
    action = f"/referrals/{case.referral_id}/advice"
    fields = form_fields(user.open_referral(case.referral_id).text, action)
    response = user.http.post(action, data={**fields, **GOOD_ADVICE, "assessment": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than the hub accepts" in response.text
    assert advice_count(app) == 0


def test_a_form_sent_as_json_is_a_friendly_400(user: ConsoleUser, case: Case) -> None:
    response = user.http.post(f"/referrals/{case.referral_id}/advice", json=GOOD_ADVICE)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


def test_a_failure_shows_a_calm_page_without_internals(
    user: ConsoleUser, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(referral_module, "load_referral", broken)
    response = user.open_referral(case.referral_id)
    assert response.status_code == 500
    assert "Something went wrong on the hub" in response.text
    for leak in ("secret internal detail", "RuntimeError", "Traceback", "File \""):
        assert leak not in response.text


def test_unknown_pages_are_friendly_and_the_api_keeps_json(user: ConsoleUser) -> None:
    page = user.http.get("/no/such/page")
    assert page.status_code == 404
    assert "Page not found" in page.text
    api = user.http.get("/api/v1/no/such/endpoint")
    assert api.status_code == 404
    assert api.json()["error"] == "not_found"


def test_photos_are_shown_only_to_signed_in_specialists(app: FastAPI, user: ConsoleUser) -> None:
    sha = hashlib.sha256(PNG).hexdigest()
    add_blob(app.state.engine, "bhu-jhok", sha, PNG, "image/png")
    case = add_case(app.state.engine, "bhu-jhok", attachments=[sha])
    add_attachment_record(app.state.engine, case, sha, "chest photo.png", "image/png", len(PNG))
    url = f"/referrals/{case.referral_id}/attachments/{sha}"
    assert f'src="{url}"' in user.open_referral(case.referral_id).text
    photo = user.http.get(url)
    assert photo.status_code == 200
    assert photo.content == PNG
    assert photo.headers["content-type"] == "image/png"
    assert "sandbox" in photo.headers["content-security-policy"]
    assert photo.headers["content-disposition"].startswith("inline")
    stranger = new_user(app, None)
    assert stranger.http.get(url).status_code == 303


def test_a_file_that_is_not_a_photo_is_downloaded_not_opened(app: FastAPI, user: ConsoleUser) -> None:
    data = b"<html><script>alert(1)</script></html>"
    sha = hashlib.sha256(data).hexdigest()
    add_blob(app.state.engine, "bhu-jhok", sha, data, "text/html")
    case = add_case(app.state.engine, "bhu-jhok", attachments=[sha])
    response = user.http.get(f"/referrals/{case.referral_id}/attachments/{sha}")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment")


def test_a_photo_not_listed_on_the_referral_is_not_served(app: FastAPI, user: ConsoleUser) -> None:
    sha = hashlib.sha256(PNG).hexdigest()
    add_blob(app.state.engine, "bhu-jhok", sha, PNG, "image/png")
    case = add_case(app.state.engine, "bhu-jhok", attachments=[])
    assert user.http.get(f"/referrals/{case.referral_id}/attachments/{sha}").status_code == 404


def test_another_stations_photo_never_shows_on_this_stations_patient(app: FastAPI, user: ConsoleUser) -> None:
    # A referral naming a file only another station uploaded (accepted before attachments were
    # per station, or the same file each clinic must upload itself): its bytes are not shown.
    sha = hashlib.sha256(PNG).hexdigest()
    add_station(app.state.engine, "rhc-mirpur", "RHC Mirpur Sakro")
    add_blob(app.state.engine, "rhc-mirpur", sha, PNG, "image/png")
    case = add_case(app.state.engine, "bhu-jhok", attachments=[sha])
    page = user.open_referral(case.referral_id).text
    assert "Still uploading from the station" in page
    assert f'src="/referrals/{case.referral_id}/attachments/{sha}"' not in page
    assert user.http.get(f"/referrals/{case.referral_id}/attachments/{sha}").status_code == 404
    add_blob(app.state.engine, "bhu-jhok", sha, PNG, "image/png")  # once it uploads its own copy
    assert user.http.get(f"/referrals/{case.referral_id}/attachments/{sha}").content == PNG


def test_a_photo_still_uploading_is_announced_not_broken(app: FastAPI, user: ConsoleUser) -> None:
    sha = hashlib.sha256(PNG).hexdigest()
    add_blob(app.state.engine, "bhu-jhok", sha, PNG, "image/png", complete=False)
    case = add_case(app.state.engine, "bhu-jhok", attachments=[sha])
    assert "Still uploading from the station" in user.open_referral(case.referral_id).text
    assert user.http.get(f"/referrals/{case.referral_id}/attachments/{sha}").status_code == 404
