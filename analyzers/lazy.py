"""`lazy_property`: `functools.cached_property` without its lock.

On Python 3.11, `cached_property` takes a re-entrant lock on every first read; the engine
builds a `CallSite` per interesting call and reads most of its attributes once, so the lock
was a sizeable share of a check's cost. Analyses run on one thread at a time, which is all
this descriptor supports (3.12 dropped the lock for the same reason).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

_O = TypeVar("_O")
_T = TypeVar("_T")


class lazy_property(Generic[_O, _T]):
    """Computed on the first read and stored in the instance's `__dict__`, where later reads
    find it before this (non-data) descriptor is consulted."""

    def __init__(self, compute: Callable[[_O], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> lazy_property[_O, _T]: ...

    @overload
    def __get__(self, instance: _O, owner: type | None = None) -> _T: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
