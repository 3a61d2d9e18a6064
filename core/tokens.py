"""API keys that only their holder ever sees: random, long, and kept as a SHA-256 digest.

The keys are random and long, so a plain SHA-256 is the right hash (a slow password hash would only slow every
API call); a database leak signs nobody in. Used for every core.ApiKey, a person's or a till's or marketplace's.
"""

import hashlib
import secrets


def token_digest(key: str) -> str:
    """What is stored and looked up instead of the key."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_generate(*, prefix: str = "") -> str:
    """A new random key (160 bits), optionally with a readable prefix that says what kind of key it is."""
    return prefix + secrets.token_hex(20)
