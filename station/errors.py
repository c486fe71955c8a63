"""Errors a person can act on. Each message is written for the person who sees it."""

from __future__ import annotations


class StationError(Exception):
    """Base for every error the station reports to a person (never shown as a traceback)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotInitialized(StationError):
    exit_code = 3


class AlreadyInitialized(StationError):
    exit_code = 3


class WrongPassword(StationError):
    exit_code = 4


class LockedOut(StationError):
    exit_code = 4

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DamagedDatabase(StationError):
    exit_code = 5


class KeyFileDamaged(DamagedDatabase):
    """keyslots.json cannot be trusted: told apart from a wrong password, never counted as one."""


class DiskFull(StationError):
    """Out of space: nothing was lost, the write was refused whole. Never reported as damage."""

    exit_code = 9

    def __init__(self, message: str, folder: str = "", needed_bytes: int = 0) -> None:
        super().__init__(message)
        self.folder = folder
        self.needed_bytes = needed_bytes


class DiskTrouble(StationError):
    """The disk could not be read or written, and a check found the database intact."""

    exit_code = 10


class PermissionDenied(StationError):
    exit_code = 6


class ValidationError(StationError, ValueError):
    """Bad input: names the field and what is allowed."""

    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(StationError):
    exit_code = 7


class Conflict(StationError):
    exit_code = 8
