"""Data passed between tasks as <PIT_DATA_DIR>/<name>.parquet, through pyarrow (or pandas / polars)."""

import os
from typing import Any

from .errors import NotInPitRunError, PitError


def _path(name: str) -> str:
    folder = os.environ.get("PIT_DATA_DIR")
    if not folder:
        raise NotInPitRunError("not_in_run", "PIT_DATA_DIR is not set: write_output and read_input work inside a task run by Pit")
    file = name if name.endswith(".parquet") else name + ".parquet"
    if os.sep in file or file.startswith("."):
        raise PitError("bad_request", f"'{name}' must be a plain name, not a path")
    return os.path.join(folder, file)


def _needs(what: str) -> PitError:
    return PitError("missing_dependency", f"{what} needs pyarrow (or pandas / polars with a Parquet engine): install pyarrow in the task's environment")


def write_output(name: str, data: Any) -> str:
    """Writes a pyarrow Table, a pandas or polars DataFrame, or a list of dicts to <name>.parquet; returns the path."""
    path = _path(name)
    if hasattr(data, "write_parquet"):  # polars
        data.write_parquet(path)
        return path
    if hasattr(data, "to_parquet"):  # pandas
        data.to_parquet(path)
        return path
    try:
        import pyarrow as pa  # type: ignore
        import pyarrow.parquet as pq  # type: ignore
    except ImportError:
        raise _needs("write_output") from None
    table = data if isinstance(data, pa.Table) else pa.Table.from_pylist(list(data))
    pq.write_table(table, path)
    return path


def read_input(name: str) -> Any:
    """Reads <name>.parquet (written by an upstream task) as a pyarrow Table."""
    path = _path(name)
    if not os.path.exists(path):
        raise PitError("not_found", f"{path} does not exist: no upstream task wrote '{name}'")
    try:
        import pyarrow.parquet as pq  # type: ignore
    except ImportError:
        raise _needs("read_input") from None
    return pq.read_table(path)
