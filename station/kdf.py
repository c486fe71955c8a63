"""Argon2id, the key derivation that turns a password into a key-slot key.

Derived with argon2-cffi's low-level API: `cryptography`'s Argon2id (50.0.2) with lanes=4
never returns when two threads derive at once, and the app may unlock from several threads
(sign-in, restore's password check, a second Store). Both libraries implement RFC 9106, so
the same parameters give the same bytes and existing key files open unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

# What a key file may ask for. A damaged or hostile file must not make the station allocate
# gigabytes or loop for hours before it can say the file is damaged.
MEMORY_KIB = (1024, 1024 * 1024)
ITERATIONS = (1, 20)
LANES = (1, 16)
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default costs ~0.15 s and 64 MiB on a clinic PC."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4

    def problem(self) -> str | None:
        """Why these parameters are out of bounds, or None."""
        for name, (low, high) in (("memory_kib", MEMORY_KIB), ("iterations", ITERATIONS), ("lanes", LANES)):
            value = getattr(self, name)
            if type(value) is not int or not low <= value <= high:
                return f"{name} {value!r} is outside {low}..{high}"
        if self.memory_kib < 8 * self.lanes:
            return f"memory_kib {self.memory_kib} is less than 8 per lane"
        return None

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        problem = self.problem()
        if problem:
            raise ValueError(problem)
        return hash_secret_raw(secret, salt, time_cost=self.iterations, memory_cost=self.memory_kib,
                               parallelism=self.lanes, hash_len=KEY_BYTES, type=Type.ID)
