"""Masking minors' names (张三明 → 张*明); who sees which name is `quiz.permissions.names`."""

from __future__ import annotations

import unicodedata

MASK = "*"
# Latin-script and other non-Chinese names show at most this many stars, so the mask does not
# give away the length of a long name ("Alice Wang" → "A***").
MAX_LATIN_STARS = 3
# Separators inside transliterated names of ethnic minorities (艾力·买买提); part of a Chinese name.
_NAME_DOTS = frozenset("·・‧•")


def mask_name(name: str) -> str:
    """A name as shown to someone outside the student's class.

    Surrounding whitespace is trimmed first; an empty name stays "".
    Chinese names (every character a Han ideograph or a name dot, as in 艾力·买买提) keep their
    first and last character and mask each one between: 张三明 → 张*明, 欧阳小明 → 欧**明;
    a two-character name keeps its first: 李四 → 李*. Compound surnames (欧阳, 司马) get no
    special case: telling them apart from a given name needs a surname list and would show
    more of a short name, while first-and-last already hides the given name well enough.
    Other names ("Alice Wang", "Ayşe") keep their first character and show one star per
    further letter up to MAX_LATIN_STARS: "Al" → "A*", "Ayşe" → "A***", "Alice Wang" → "A***".
    A name of one character, of either kind, becomes "*": keeping it would show it whole.
    """
    # NFC so that "ş" typed as s + combining cedilla counts as one character, not two.
    name = unicodedata.normalize("NFC", name).strip()
    letters = [ch for ch in name if not ch.isspace()]
    if not letters:
        return ""
    if len(letters) == 1:
        return MASK
    if all(_is_han(ch) or ch in _NAME_DOTS for ch in letters):
        if len(letters) == 2:
            return letters[0] + MASK
        return letters[0] + MASK * (len(letters) - 2) + letters[-1]
    return letters[0] + MASK * min(len(letters) - 1, MAX_LATIN_STARS)


def _is_han(ch: str) -> bool:
    """Whether a character is a Chinese ideograph (any CJK unified or compatibility block)."""
    return unicodedata.name(ch, "").startswith(
        ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")
    )
