"""What an app server may keep between requests: data that never changes once written.

Question versions are immutable, and so are an attempt's seed and its version per position.
Each worker keeps those it has read (per engine, so each database has its own) in bounded
dicts; nothing mutable is cached, so several app servers still agree on every decision.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from quiz.banks.question_types import QUESTION_TYPES
from quiz.models import QuestionVersion


@dataclass(frozen=True)
class VersionView:
    """What presenting a question and checking an answer need of a question version.

    Versions are never changed once written, so each app server keeps the ones it has read
    (per engine, so each database has its own). A database restored or rebuilt under running
    servers therefore needs the servers restarted.
    """

    id: int
    type: str
    difficulty: int
    stem: str
    options: tuple[str, ...]  # as stored; `display_options()` gives what a player sees
    dialogue: tuple[dict[str, str], ...]

    def display_options(self) -> tuple[str, ...]:
        return QUESTION_TYPES[self.type].display_options(self.options)


class BoundedCache:
    """A dict that forgets its older half when full; shared by a worker's threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: dict[Any, Any] = {}
        self.lock = threading.Lock()

    def get(self, key: Any) -> Any:
        return self.data.get(key)

    def put(self, key: Any, value: Any) -> None:
        if len(self.data) >= self.size:
            with self.lock:
                for old in list(self.data)[: self.size // 2]:  # list(): one atomic copy
                    self.data.pop(old, None)
        self.data[key] = value


@dataclass(frozen=True)
class AttemptKeys:
    """An attempt's seed and its version per position: fixed when the attempt is created."""

    seed: str
    versions: dict[int, int]


@dataclass
class _Caches:
    versions: BoundedCache = field(default_factory=lambda: BoundedCache(20_000))
    attempts: BoundedCache = field(default_factory=lambda: BoundedCache(50_000))


_CACHES: weakref.WeakKeyDictionary[Engine, _Caches] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def caches_for(bind: Engine | Connection) -> _Caches:
    engine = bind.engine
    found = _CACHES.get(engine)
    if found is None:
        with _CACHES_LOCK:
            found = _CACHES.setdefault(engine, _Caches())
    return found


def bind_of(executor: Session | Connection) -> Engine | Connection:
    # A Session, or Flask-SQLAlchemy's scoped session standing for one.
    return executor if isinstance(executor, Connection) else executor.get_bind()


def version_views(executor: Session | Connection, ids: Iterable[int]) -> dict[int, VersionView]:
    """The versions `ids`, from this worker's cache or in one query for those it lacks."""
    cache = caches_for(bind_of(executor)).versions
    found: dict[int, VersionView] = {}
    missing = []
    for version_id in ids:
        view = cache.get(version_id)
        if view is None:
            missing.append(version_id)
        else:
            found[version_id] = view
    if missing:
        rows = executor.execute(
            select(QuestionVersion.id, QuestionVersion.type, QuestionVersion.difficulty,
                   QuestionVersion.stem, QuestionVersion.options, QuestionVersion.dialogue)
            .where(QuestionVersion.id.in_(set(missing))))
        for version_id, qtype, difficulty, stem, options, dialogue in rows:
            view = VersionView(id=version_id, type=qtype, difficulty=difficulty, stem=stem,
                               options=tuple(options), dialogue=tuple(dialogue or ()))
            cache.put(version_id, view)
            found[version_id] = view
    return found


