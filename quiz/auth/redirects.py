"""Where a login may send the browser next: only a path on this site.

An open redirect would let a phishing link borrow our login page ("log in at the real site,
land on the fake one"). Browsers are lenient in ways a naive prefix check is not: they drop
tabs and newlines inside a URL and read a backslash as a slash, so "/\t/evil.example/" and
"/\\evil.example" both become "//evil.example" — another host. So a target is refused unless
it is a plain path in every form a browser might read it.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/contests/3?tab=x"), else None."""
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    # Check the target as sent and once percent-decoded: a client or proxy that decodes once
    # more must not turn it into another host either.
    for form in (target, unquote(target)):
        if not _is_plain_local_path(form):
            return None
    return target


def _is_plain_local_path(text: str) -> bool:
    if not text.startswith("/") or text.startswith("//"):
        return False
    if "\\" in text or any(_is_control_or_space(char) for char in text):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def _is_control_or_space(char: str) -> bool:
    # Cc/Cf/Zs/Zl/Zp and the rest of C* and Z*: tabs, newlines, NUL, zero-width and bidi
    # marks, ideographic spaces. None belongs in a path our own pages link to.
    return char.isspace() or unicodedata.category(char)[0] in ("C", "Z")
