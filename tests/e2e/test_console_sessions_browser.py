"""In Chromium: an unattended console signs out on time although its ringing poll keeps running,
a switched-off specialist's open tab is signed out at its next click, coordinators read the
audit, and the API docs load only from the hub itself."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ServedHub, serve_hub
from tests.e2e.test_console_browser import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PASSWORD = "a long consultant password"
IDLE_SECONDS = 30  # `--idle-minutes 0.5`: the warning shows 10 s before (a third of it)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def short_idle_hub(tmp_path: Path) -> Iterator[ServedHub]:
    with serve_hub(tmp_path, "--idle-minutes", str(IDLE_SECONDS / 60)) as hub:
        password_file = tmp_path / "password.txt"
        password_file.write_text(PASSWORD + "\n")
        run_cli("user", "add", "--db", hub.db_url, "--username", "dr.baloch", "--name", "Dr Hina Baloch",
                "--specialty", "Internal medicine", "--password-file", str(password_file))
        run_cli("user", "add", "--db", hub.db_url, "--username", "huma", "--name", "Huma Qureshi",
                "--role", "coordinator", "--password-file", str(password_file))
        yield hub


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_an_idle_console_signs_out_although_the_ringing_poll_runs(
        short_idle_hub: ServedHub, chromium, artifacts_dir: Path) -> None:
    base = short_idle_hub.base_url
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = watch(page)
    polls: list[float] = []
    page.on("request", lambda r: polls.append(time.monotonic()) if "/console/calls/ringing" in r.url else None)
    sign_in(page, base, "dr.baloch")
    started = time.monotonic()

    # A minute (here a third of the time) before the end, the page warns and counts down.
    warning = page.locator("#idle-warning")
    expect(warning).to_be_visible(timeout=(IDLE_SECONDS + 5) * 1000)
    assert time.monotonic() - started >= IDLE_SECONDS * 2 / 3 - 3
    expect(page.locator("#idle-countdown")).to_contain_text("seconds")
    page.screenshot(path=str(artifacts_dir / "console-idle-warning.png"))

    # "Stay signed in" is the person being there: the warning goes and the clock starts again.
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    stayed = time.monotonic()

    # Then nobody touches the screen; the ringing poll goes on every 4 s, and the tab signs out.
    expect(page).to_have_url(re.compile(r"/login\?next=%2Finbox&expired=1$"), timeout=(IDLE_SECONDS + 15) * 1000)
    assert time.monotonic() - stayed >= IDLE_SECONDS - 2
    expect(page.locator(".notice")).to_contain_text("signed out after 30 seconds without activity")
    assert len([p for p in polls if p > stayed]) >= 5, polls
    page.screenshot(path=str(artifacts_dir / "console-idle-signed-out.png"))
    # The session is gone at the hub too: going back shows the sign-in page, not patient data.
    page.goto(f"{base}/inbox")
    expect(page).to_have_url(re.compile(r"/login"))
    context.close()
    # The hub's "signed out" answer (401) is expected; nothing else may fail, no CSP violation.
    assert [p for p in problems if "status of 401" not in p] == []


def test_the_idle_warning_fits_a_phone(short_idle_hub: ServedHub, chromium, artifacts_dir: Path) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    sign_in(page, short_idle_hub.base_url, "dr.baloch")
    expect(page.locator("#idle-warning")).to_be_visible(timeout=(IDLE_SECONDS + 5) * 1000)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts_dir / "console-idle-warning-phone.png"))
    context.close()


def test_a_switched_off_specialists_open_tab_is_signed_out_at_its_next_click(
        served_hub: ServedHub, chromium, tmp_path: Path, artifacts_dir: Path) -> None:
    base = served_hub.base_url
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    run_cli("specialist", "add", "--db", served_hub.db_url, "--username", "dr.baloch", "--name", "Dr Hina Baloch",
            "--specialty", "Internal medicine", "--password-file", str(password_file))
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = watch(page)
    sign_in(page, base, "dr.baloch")
    expect(page.get_by_text("Dr Hina Baloch")).to_be_visible()

    assert "1 open session ended" in run_cli("user", "disable", "dr.baloch", "--db", served_hub.db_url)
    page.get_by_role("link", name="Inbox").click()
    expect(page).to_have_url(re.compile(r"/login\?next=%2Finbox&ended=account$"))
    expect(page.locator(".notice")).to_contain_text("your account was changed at the hub")
    page.screenshot(path=str(artifacts_dir / "console-account-switched-off.png"))
    # And signing in again is refused.
    page.get_by_label("Username").fill("dr.baloch")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Wrong username or password")).to_be_visible()
    context.close()
    assert [p for p in problems if "status of 401" not in p] == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_coordinator_reads_the_audit(short_idle_hub: ServedHub, chromium, artifacts_dir: Path,
                                       viewport: dict[str, int]) -> None:
    base = short_idle_hub.base_url
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    problems = watch(page)
    sign_in(page, base, "huma")
    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", name="Audit")).to_be_visible()
    rows = page.locator(".audit-table tbody tr")
    expect(rows.first).to_contain_text("huma")
    expect(page.locator(".audit-table")).to_contain_text("Account added")
    name = "desktop" if viewport is DESKTOP else "phone"
    page.screenshot(path=str(artifacts_dir / f"console-audit-{name}.png"), full_page=True)
    page.get_by_label("What").select_option("sign_in")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Signed in")
    if viewport is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(artifacts_dir / f"console-audit-{name}-filtered.png"), full_page=True)
    context.close()
    assert problems == []


def test_the_api_docs_load_only_from_the_hub(served_hub: ServedHub, chromium, artifacts_dir: Path) -> None:
    base = served_hub.base_url
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = watch(page)
    origins: set[str] = set()
    page.on("request", lambda r: origins.add(re.match(r"^[a-z]+://[^/]+", r.url).group(0)))  # type: ignore[union-attr]
    page.goto(f"{base}/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/enroll")
    page.screenshot(path=str(artifacts_dir / "api-docs.png"))
    context.close()
    assert origins == {base}
    assert problems == []
