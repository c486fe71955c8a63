"""The teaching library's record on the wire (hub -> every station that asks for it).

A library case is a de-identified copy of an answered referral: no name, father's or husband's
name, CNIC, phone, date of birth or village ever travels, only the age in words, the sex and the
district. The hub checks the free text before a coordinator may publish it (hub/library/deid.py).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sync.wire.payloads import Diagnosis, LongText, RecordData, ShortText, UtcTimestamp, text


class LibraryCaseData(RecordData):
    """One published (or withdrawn) teaching case. A withdrawn case carries empty text."""

    status: Literal["published", "withdrawn"]
    specialty: Annotated[str, text(100, 1)]
    diagnoses: list[Diagnosis] = Field(max_length=50)
    age_text: Annotated[str, text(40)]  # "34 years", "2 years 3 months"
    sex: Literal["female", "male", "other", ""]
    district: ShortText
    question: LongText
    clinical_notes: LongText
    assessment: LongText
    recommendations: LongText
    plan_change: LongText | None
    follow_up: Annotated[str, text(2000)] | None
    learning_point: LongText
    specialist_name: Annotated[str, text(200)]
    published_at: UtcTimestamp | None
