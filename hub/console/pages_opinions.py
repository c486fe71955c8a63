"""Second opinions from the referral page: the holder invites colleagues, each invitee writes one."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hub import audit
from hub.console import guard, opinions, pages_referrals
from hub.console.answer import clean_text
from hub.console.guard import FormFields
from hub.console.web import ConsolePageError, ConsoleRoute

router = APIRouter(route_class=ConsoleRoute)


@router.post("/referrals/{referral_id}/opinions")
def invite(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = pages_referrals._referral_id(referral_id)
    pages_referrals._require_referral(request, referral_id)
    invitation = opinions.InviteForm.from_form(form)
    with guard.engine(request).begin() as conn:
        if not opinions.may_invite(conn, referral_id, session.specialist):
            raise ConsolePageError(403, "Only the specialist holding this referral asks colleagues for opinions.")
        errors = invitation.errors(opinions.colleagues(conn, session.specialist.id))
        if not errors:
            count = opinions.invite(conn, referral_id, session.specialist, invitation, guard.now(),
                                    request.app.state.settings.console_url)
            audit.record(conn, session.specialist.username, "opinion_invited", target=f"referral {referral_id}",
                         detail=f"{count} colleague(s)", address=guard.address(request))
    if errors:
        return pages_referrals._referral_page(request, referral_id, status_code=422,
                                              extra={"invite_errors": errors, "invite_note": invitation.note})
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent=invited#opinions", status_code=303)


@router.post("/referrals/{referral_id}/opinions/mine")
def write(request: Request, referral_id: str, form: FormFields) -> Response:
    session = guard.require_specialist(request)
    guard.require_csrf(request, session, form.get("csrf_token"))
    referral_id = pages_referrals._referral_id(referral_id)
    text = clean_text(form.get("opinion"))
    try:
        with guard.engine(request).begin() as conn:
            opinions.write_opinion(conn, referral_id, session.specialist, text, guard.now())
            audit.record(conn, session.specialist.username, "opinion_written", target=f"referral {referral_id}",
                         address=guard.address(request))
    except opinions.NotAllowed as exc:
        raise ConsolePageError(403, str(exc)) from None
    except ValueError as exc:
        return pages_referrals._referral_page(request, referral_id, status_code=422,
                                              extra={"opinion_error": str(exc), "opinion_text": text})
    return RedirectResponse(f"/referrals/{quote(referral_id)}?sent=opinion#opinions", status_code=303)
