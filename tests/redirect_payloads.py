"""`next` targets an open-redirect attacker tries: the pure rule's test and the login page's
test walk the same list."""

from __future__ import annotations

# Each of these reaches another host (or another scheme) in some browser, proxy or client.
OFF_SITE = [
    "//evil.example/", "///evil.example/", "////evil.example", "/\t/evil.example/",
    "/\n/evil.example", "/\r\n/evil.example", "/%09/evil.example/", "/%0a/evil.example",
    "/%2F/evil.example", "/%2f%2fevil.example", "%2F%2Fevil.example", "/\\evil.example",
    "\\\\evil.example", "/\\/evil.example", "/%5Cevil.example", "https://evil.example/",
    "http:evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
    "evil.example", " /contests", "/ /evil.example", "\x00/evil", "/\x00/evil.example",
    "/\u3000/evil.example", "/\u200b/evil.example", "/\u202e/evil.example", "\t//evil.example",
    "https:/evil.example", "//evil.example@good", "/" + "a" * 2001, "", None,
]
