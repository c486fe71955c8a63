"""The one place that binds sqlite-utils to SQLCipher.

sqlite-utils imports `pysqlite3` when it exists and only catches errors of the module it
imported, so `pysqlite3` is aliased to sqlcipher3 before sqlite_utils is first imported.
Every module that needs sqlite-utils imports it from here.
"""

from __future__ import annotations

import sys

import sqlcipher3
import sqlcipher3.dbapi2

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlcipher3.dbapi2)

import sqlite_utils  # noqa: E402  (must follow the alias above)

dbapi = sqlcipher3.dbapi2
DatabaseError = dbapi.DatabaseError
IntegrityError = dbapi.IntegrityError
OperationalError = dbapi.OperationalError

__all__ = ["DatabaseError", "IntegrityError", "OperationalError", "dbapi", "sqlite_utils"]
