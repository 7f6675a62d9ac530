# lookalike: silenced-controls
from typing import Any

import numpy as np  # noqa: F401  re-exported for plugins


def build_matrix(rows: int, cols: int, fill: Any = 0) -> list[list[Any]]:  # pylint: disable=invalid-name
    return [[fill] * cols for _ in range(rows)]


def legacy(obj):  # type: ignore[no-untyped-def]
    return obj.value  # noqa: E501
