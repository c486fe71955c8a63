"""Accounts and their key slots."""

from __future__ import annotations

import re

from station import pending_slots
from station.errors import Conflict, NotFound, ValidationError
from station.keyslots import PENDING_FILE, KdfParams, KeySlots
from station.records import ROLES, User
from station.store import Store

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 8
MIN_PIN = 6


def check_username(username: str) -> None:
    if not USERNAME_RE.match(username or ""):
        raise ValidationError(
            "username", "Username: use 2–32 characters, lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter (for example 'amina' or 'dr.khan').")


def check_secret(secret: str, role: str, credential: str) -> None:
    """Passwords for everyone; health workers may choose a PIN of 6 or more digits instead."""
    if credential == "pin":
        if role != "health_worker":
            raise ValidationError("credential", "Only health workers may sign in with a PIN; "
                                  "administrators and clinicians need a password.")
        if not (secret.isascii() and secret.isdigit() and len(secret) >= MIN_PIN):
            raise ValidationError("pin", f"PIN: use at least {MIN_PIN} digits (0–9).")
        if len(set(secret)) == 1 or secret in "01234567890" or secret in "9876543210":
            raise ValidationError("pin", "PIN: that PIN is too easy to guess (all the same digit or "
                                  "counting up/down). Choose another.")
        return
    if len(secret) < MIN_PASSWORD:
        raise ValidationError("password", f"Password: use at least {MIN_PASSWORD} characters.")
    if secret.strip() != secret:
        raise ValidationError("password", "Password: do not start or end it with a space.")


def add(store: Store, username: str, role: str, secret: str, full_name: str = "",
        credential: str = "password", kdf: KdfParams | None = None) -> User:
    """Add an account and its key slot together: both exist afterwards, or (if anything stops it,
    a kill or a full disk) neither does (station.pending_slots).

    A switched-off account, or one left without a key slot by an older version, is switched on
    again with the new role and secret instead of being refused.
    """
    store.require_role("admin")
    check_username(username)
    if role not in ROLES:
        raise ValidationError("role", f"Role: choose one of {', '.join(ROLES)}.")
    check_secret(secret, role, credential)
    existing = store.find(User, "username = ?", [username])
    if existing and existing[0].active and username in store.slots.data["slots"]:
        raise Conflict(f"There is already a user called '{username}'.")
    slot = KeySlots.make_slot(username, secret, store.db_key, kdf)  # slow: before taking the write lock
    pending = store.data_dir / PENDING_FILE
    digest = ""
    try:
        with store.atomic():
            # Read the key file again under the lock: another program may have changed it meanwhile.
            slots = KeySlots.load(store.data_dir)
            slots.verify(store.db_key)
            slots.data["slots"][username] = slot
            slots.save(pending)
            if existing:
                user = existing[0]
                user.role, user.credential, user.active = role, credential, True
                user.full_name = full_name or user.full_name
                store.update(user)
                store.audit("user.reactivated", "user", user.id)
            else:
                user = store.insert(User(username=username, full_name=full_name or username, role=role,
                                         credential=credential))
            digest = pending_slots.file_digest(pending)
            store.set_meta(pending_slots.MARKER, digest)
    except BaseException:
        # A Ctrl-C can land after the COMMIT: then the account exists and its slot must follow.
        if not digest or store.meta(pending_slots.MARKER) != digest:
            pending.unlink(missing_ok=True)
        raise
    store.slots = pending_slots.settle(store.conn, store.data_dir, store.slots, store.db_key, store.user.username)
    return user


def change_secret(store: Store, username: str, secret: str, kdf: KdfParams | None = None) -> None:
    """Set a new password/PIN for `username` (the user themself, or an admin for anyone)."""
    if username != store.user.username:
        store.require_role("admin")
    rows = store.find(User, "username = ?", [username])
    if not rows:
        raise NotFound(f"There is no user called '{username}'.")
    check_secret(secret, rows[0].role, rows[0].credential)
    store.slots.add_user(username, secret, store.db_key, kdf)
    store.slots.save()
    store.audit("user.secret_changed", "user", rows[0].id)


def deactivate(store: Store, username: str) -> None:
    """Switch an account off and remove its key slot: its password no longer opens anything."""
    store.require_role("admin")
    rows = store.find(User, "username = ?", [username])
    if not rows:
        raise NotFound(f"There is no user called '{username}'.")
    user = rows[0]
    if user.username == store.user.username:
        raise ValidationError("username", "You cannot switch off your own account.")
    user.active = False
    store.update(user)
    store.slots.remove_user(username)
    store.slots.save()
