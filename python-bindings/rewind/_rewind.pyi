"""Type stubs of the `_rewind` extension: Rewind's C++ API (compiled entries,
the compilation cache). The `rewind` package wraps it; most code uses that."""

from typing import Any, Optional, Sequence

import numpy as np

class Entry:
    """A compiled function (and its gradient or VJP when requested)."""

    @property
    def warnings(self) -> list[str]: ...
    @property
    def num_args(self) -> int: ...
    @property
    def wrt(self) -> list[int]: ...
    def call(self, args: Sequence[Any], max_tape_bytes: int = 0,
             nonfinite: Optional[list[str]] = None) -> list[Any]: ...
    def value_and_grad(self, args: Sequence[Any], max_tape_bytes: int = 0,
                       nonfinite: Optional[list[str]] = None
                       ) -> tuple[Any, list[Optional[np.ndarray]]]: ...
    def vjp(self, args: Sequence[Any], seeds: Sequence[Any],
            max_tape_bytes: int = 0, nonfinite: Optional[list[str]] = None
            ) -> list[Optional[np.ndarray]]: ...

def compile(source: str, entry: str, gradient: bool = False,
            vjp: bool = False, wrt: Sequence[int] = (),
            unconnected: str = "zero", name: str = "<rewind>",
            explain_nonfinite: bool = False) -> Entry: ...
def compilations() -> int: ...
def cache_hits() -> int: ...
