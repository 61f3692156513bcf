"""The login backoff rule: how long one (account, address) waits after its failures.

A hard lock after N failures lets anyone lock anyone out (the bureau's account included) by
typing wrong passwords from anywhere. Counting per (account, address) instead leaves the
owner's own device untouched, and an exponential wait, capped, keeps a guesser at one address
to a few dozen tries a day while a pupil who mistyped five times waits half a minute.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    free_failures: int = 5  # failures before the first wait
    base_seconds: int = 30  # the first wait; each further failure doubles it
    max_seconds: int = 900  # the cap
    window_seconds: int = 24 * 3600  # failures are forgotten this long after the first


def wait_after(failures: int, policy: BackoffPolicy) -> int:
    """Seconds the (account, address) must wait after its `failures`-th failure in a row."""
    if failures < policy.free_failures or policy.free_failures < 1:
        return 0
    doublings = failures - policy.free_failures
    if doublings >= 32:  # 2**32 × any base is past every cap
        return policy.max_seconds
    return min(policy.max_seconds, policy.base_seconds * 2 ** doublings)


def describe_wait(seconds: int) -> tuple[int, str]:
    """(number, unit) for a message: whole seconds under a minute, else minutes rounded up."""
    if seconds < 60:
        return max(seconds, 1), "秒"
    return -(-seconds // 60), "分钟"
