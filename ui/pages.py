"""The app's pages by name: the keys the main window registers, shows and navigates to.

A StrEnum, so a page key is checked by the type checker and a misspelt one fails at import,
while the values stay the plain words used in logs and tests.
"""

from __future__ import annotations

from enum import StrEnum


class Page(StrEnum):
    HOME = "home"
    PATIENTS = "patients"
    REGISTER = "register"
    CHART = "chart"
    CONSULTATION = "consultation"
    REFERRALS = "referrals"
    REFER = "refer"
    REFERRAL = "referral"
    ADMIN = "admin"
    CONFLICTS = "conflicts"
    LEARNING = "learning"
