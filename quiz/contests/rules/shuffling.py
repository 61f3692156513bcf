"""Opaque option keys and option order for one attempt.

A client answers with keys, never with positions: each option's key is an HMAC of the
attempt's seed, so it is stable for the attempt (a reload shows the same keys) but says
nothing about where the option was written, and the same option gets unrelated keys in
another attempt. Shuffling therefore never leaks the written order, and the answer key cannot
be learnt from one attempt and replayed in another.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Sequence
from dataclasses import dataclass

KEY_LENGTH = 8  # hex characters; 32 bits make a clash within one question a one-in-a-billion


@dataclass(frozen=True)
class PresentedOption:
    """One option as a client sees it: an opaque key and, for the server only, its index."""

    key: str  # lowercase hex, unique within the question
    index: int  # 0-based index into the question's display options


def present_options(
    *, seed: str, position: int, option_count: int, shuffle: bool
) -> list[PresentedOption]:
    """The options of the question at `position`, in the order the student sees them.

    Shuffled with a generator seeded from the attempt's seed and the position, so a reload
    gives the same order; with `shuffle` False the order is the written one, but the keys are
    still opaque so clients handle both alike.
    """
    if not isinstance(seed, str) or not seed:
        raise ValueError("seed must be a non-empty string")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise ValueError(f"position must be a whole number of at least 0, got {position!r}")
    if not isinstance(option_count, int) or isinstance(option_count, bool) or option_count < 1:
        raise ValueError(f"option_count must be at least 1, got {option_count!r}")
    keys = _keys(seed, position, option_count)
    order = list(range(option_count))
    if shuffle:
        # Reproducible by design; what must stay secret is the seed, not the generator.
        random.Random(_digest(seed, f"shuffle:{position}")).shuffle(order)  # noqa: S311
    return [PresentedOption(keys[index], index) for index in order]


def indices_for_keys(
    presented: Sequence[PresentedOption], keys: Sequence[str]
) -> tuple[int, ...] | None:
    """The sorted option indices a client's keys name, or None for an unknown or repeated key.

    Sorted because answers are compared as sorted index tuples everywhere; an empty list of
    keys gives an empty tuple, which the question type then reports as "choose an option".
    """
    if isinstance(keys, str | bytes):
        return None  # one bare key is not a list of keys
    by_key = {option.key: option.index for option in presented}
    try:
        chosen = [by_key[key] for key in keys]
    except (KeyError, TypeError):  # TypeError: an unhashable key such as a JSON list
        return None
    if len(set(chosen)) != len(chosen):
        return None
    return tuple(sorted(chosen))


def _digest(seed: str, message: str) -> str:
    """HMAC-SHA256 of `message` under the attempt's seed, as lowercase hex."""
    return hmac.new(seed.encode(), message.encode(), hashlib.sha256).hexdigest()


def _keys(seed: str, position: int, option_count: int) -> list[str]:
    """Each option's key by index: KEY_LENGTH hex characters, longer for the whole question
    in the unlikely case two options' keys would clash (the full digests never do)."""
    digests = [_digest(seed, f"{position}:{index}") for index in range(option_count)]
    length = KEY_LENGTH
    while len({digest[:length] for digest in digests}) < option_count and length < 64:
        length *= 2
    return [digest[:length] for digest in digests]
