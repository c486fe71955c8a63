"""A database error the hub logs (a console page or a background job that failed) names the
statement, never the values it carried: those are a patient's name, a question, an opinion."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import exc

from hub import tables as t
from hub.db import make_engine, migrate
from tests.integration.console_seed import add_station

CANARY = "Qandeel Canary-Zarmeena"


def test_a_failed_statement_does_not_carry_its_values_into_the_log(hub_db_url: str,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(hub_db_url)
    migrate(engine)
    add_station(engine, "st-jhok", "BHU Jhok")
    try:
        row = {"station_id": "st-jhok", "sha256": "a" * 64, "length": 1, "received": 1, "complete": True,
               "media_type": CANARY, "created_at": t.utcnow()}
        with engine.begin() as conn:
            conn.execute(t.blobs.insert().values(**row))
        with pytest.raises(exc.IntegrityError) as caught, engine.begin() as conn:
            conn.execute(t.blobs.insert().values(**row))  # the same key again
        logging.getLogger("hub").exception("console page failed", exc_info=caught.value)
        assert CANARY not in str(caught.value) and CANARY not in caplog.text
        assert "parameters hidden" in str(caught.value)  # the statement still says what failed
    finally:
        engine.dispose()
