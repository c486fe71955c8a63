"""Request signatures between station and hub, in the shape of RFC 9421 (HTTP Message Signatures).

Covered components: "@method", "@path", "@query" and "content-digest" (RFC 9530, sha-256 of the
body exactly as sent, i.e. after compression), with parameters created, nonce, keyid (the
station id) and alg="ed25519". Shared by the hub (verify) and the station (sign).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

LABEL = "sig1"
ALG = "ed25519"
COMPONENTS = ('"@method"', '"@path"', '"@query"', '"content-digest"')
DEFAULT_WINDOW_SECONDS = 300

_PARAMS_RE = re.compile(r'^sig1=\((?P<components>[^)]*)\)(?P<params>(;[a-z]+=("[^"]*"|-?[0-9]+))*)$')
_PARAM_RE = re.compile(r';([a-z]+)=("([^"]*)"|(-?[0-9]+))')
_SIGNATURE_RE = re.compile(r"^sig1=:(?P<sig>[A-Za-z0-9+/=]+):$")
_DIGEST_RE = re.compile(r"(?:^|,)\s*sha-256=:(?P<digest>[A-Za-z0-9+/=]+):")
_SAFE_PARAM = re.compile(r"^[A-Za-z0-9._~+/=-]{1,128}$")


class SignatureError(Exception):
    """A request signature was refused. `reason` is a stable code, `message` a sentence."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def content_digest(body: bytes) -> str:
    """The Content-Digest header value for `body` (RFC 9530, sha-256)."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii") + ":"


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    """The raw public key, base64: what a station sends at enrollment."""
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_public_key(b64: str) -> Ed25519PublicKey:
    """Parse a base64 raw Ed25519 public key; ValueError if it is not one."""
    try:
        raw = base64.b64decode(b64, validate=True)
    except ValueError:
        raise ValueError("the public key is not valid base64") from None
    if len(raw) != 32:
        raise ValueError("the public key must be the 32 raw bytes of an Ed25519 key, base64-encoded")
    return Ed25519PublicKey.from_public_bytes(raw)


def signature_base(method: str, path_with_query: str, digest: str, params: str) -> bytes:
    """The exact bytes that are signed (RFC 9421 section 2.5)."""
    parts = urlsplit(path_with_query)
    lines = [
        f'"@method": {method.upper()}',
        f'"@path": {parts.path or "/"}',
        f'"@query": ?{parts.query}',
        f'"content-digest": {digest}',
        f'"@signature-params": {params}',
    ]
    return "\n".join(lines).encode("utf-8")


def sign_request(
    private_key: Ed25519PrivateKey,
    station_id: str,
    method: str,
    path_with_query: str,
    body: bytes,
    *,
    created: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Headers to add to a request: Content-Digest, Signature-Input and Signature.

    `body` is the body exactly as it goes on the wire (after compression); b"" when empty.
    """
    if not _SAFE_PARAM.match(station_id):
        raise ValueError("station_id has characters that cannot go in a signature parameter")
    created = int(time.time()) if created is None else created
    nonce = nonce or base64.urlsafe_b64encode(os.urandom(18)).decode("ascii")
    digest = content_digest(body)
    params = f'({" ".join(COMPONENTS)});created={created};nonce="{nonce}";keyid="{station_id}";alg="{ALG}"'
    signature = private_key.sign(signature_base(method, path_with_query, digest, params))
    return {
        "Content-Digest": digest,
        "Signature-Input": f"{LABEL}={params}",
        "Signature": f"{LABEL}=:{base64.b64encode(signature).decode('ascii')}:",
    }


def stale_message(ahead_seconds: float, window_seconds: int) -> str:
    """Why a signature's time was refused, as a sentence ('... 6 minutes 40 seconds ahead of ...')."""
    where, fix = ("ahead of", "fast") if ahead_seconds > 0 else ("behind", "slow")
    return (f"The clinic computer's clock is {_span(abs(ahead_seconds))} {where} the hub's clock "
            f"(the hub allows a difference of at most {_span(window_seconds)}): it is {fix}. Set the computer's date and time "
            "correctly, then sync again.")


def _span(seconds: float) -> str:
    whole = round(seconds)
    parts = []
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts[:2]) or "0 seconds"


def verify_request(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str],
    body: bytes,
    lookup_public_key: Callable[[str], Ed25519PublicKey | bytes | str | None],
    now: float | None = None,
    check_nonce: Callable[[str, str, int], bool] | None = None,
    window_seconds: int = DEFAULT_WINDOW_SECONDS,
) -> str:
    """Check a signed request and return the station id that signed it.

    `lookup_public_key(station_id)` returns the key (object, raw bytes or base64), or None for an
    unknown station; it may raise SignatureError itself (e.g. a revoked station).
    `check_nonce(station_id, nonce, created)` returns False if the nonce was seen before; it is
    called only once the signature is valid, so strangers cannot use up nonces.
    Raises SignatureError with reason: unsigned, malformed_signature, unsupported_algorithm,
    stale_signature, digest_mismatch, unknown_station, bad_signature or replayed_nonce.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    sig_input = lower.get("signature-input")
    sig_value = lower.get("signature")
    if not sig_input or not sig_value:
        raise SignatureError("unsigned", "This request must be signed with the station's key (Signature headers missing).")
    match = _PARAMS_RE.match(sig_input.strip())
    sig_match = _SIGNATURE_RE.match(sig_value.strip())
    if not match or not sig_match:
        raise SignatureError("malformed_signature", "The Signature-Input or Signature header is malformed.")
    if tuple(match.group("components").split()) != COMPONENTS:
        raise SignatureError(
            "malformed_signature", f"The signature must cover exactly {' '.join(COMPONENTS)}."
        )
    params: dict[str, str] = {}
    for name, _full, quoted, number in _PARAM_RE.findall(match.group("params")):
        if name in params:
            raise SignatureError("malformed_signature", f"The signature parameter {name!r} appears twice.")
        params[name] = quoted if quoted or not number else number
    missing = [p for p in ("created", "nonce", "keyid", "alg") if p not in params]
    if missing:
        raise SignatureError("malformed_signature", f"The signature lacks {', '.join(missing)}.")
    if not _SAFE_PARAM.match(params["nonce"]) or not _SAFE_PARAM.match(params["keyid"]):
        raise SignatureError("malformed_signature", "The signature's nonce or keyid has characters or a length not allowed.")
    if params["alg"] != ALG:
        raise SignatureError("unsupported_algorithm", f"Only alg=\"{ALG}\" signatures are accepted.")
    try:
        created = int(params["created"])
    except ValueError:
        raise SignatureError("malformed_signature", "The signature's created time must be a number.") from None
    now = time.time() if now is None else now
    if abs(now - created) > window_seconds:
        raise SignatureError("stale_signature", stale_message(created - now, window_seconds))
    digest_header = lower.get("content-digest", "")
    digest_match = _DIGEST_RE.search(digest_header)
    expected = content_digest(body)
    if not digest_match or not hmac.compare_digest(f"sha-256=:{digest_match.group('digest')}:", expected):
        raise SignatureError("digest_mismatch", "The Content-Digest does not match the body that arrived.")
    station_id = params["keyid"]
    key = lookup_public_key(station_id)
    if key is None:
        raise SignatureError("unknown_station", "The hub does not know this station; it must enroll first.")
    if isinstance(key, str):
        key = load_public_key(key)
    elif isinstance(key, bytes):
        key = Ed25519PublicKey.from_public_bytes(key)
    signed = f"({match.group('components')}){match.group('params')}"
    try:
        key.verify(
            base64.b64decode(sig_match.group("sig")),
            signature_base(method, path_with_query, f"sha-256=:{digest_match.group('digest')}:", signed),
        )
    except (InvalidSignature, ValueError):
        raise SignatureError("bad_signature", "The signature does not match this request and station key.") from None
    if check_nonce is not None and not check_nonce(station_id, params["nonce"], created):
        raise SignatureError("replayed_nonce", "This request was already received once (its nonce was used).")
    return station_id
