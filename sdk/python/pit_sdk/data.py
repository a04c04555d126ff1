"""Data passed between tasks as <PIT_DATA_DIR>/<name>.parquet, and moved to and from databases by Pit.

With pyarrow (or pandas / polars) the task reads and writes Parquet itself. Without them, lists of
dicts travel through the run's SDK socket and Pit reads and writes the Parquet files. Database work
(load_data, output_sql, read_sql) is always done by Pit: the task needs no database driver.
"""

import os
from typing import Any, Dict, List, Optional

from .connection import client
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
        if isinstance(data, list) and all(isinstance(row, dict) for row in data):
            client().call("write_rows", name=name, rows=data)
            return path
        raise _needs("write_output") from None
    table = data if isinstance(data, pa.Table) else pa.Table.from_pylist(list(data))
    pq.write_table(table, path)
    return path


def read_input(name: str) -> Any:
    """Reads <name>.parquet (written by an upstream task) as a pyarrow Table; without pyarrow, as a list of dicts."""
    path = _path(name)
    if not os.path.exists(path):
        raise PitError("not_found", f"{path} does not exist: no upstream task wrote '{name}'")
    try:
        import pyarrow.parquet as pq  # type: ignore
    except ImportError:
        return client().call("read_rows", name=name)
    return pq.read_table(path)


def load_data(file: str, table: str, connection: str, schema: Optional[str] = None, mode: Optional[str] = None) -> Dict[str, Any]:
    """Bulk-loads <file>.parquet from the run's data folder into a table of the connection (a secret name).

    mode: "append" (default), "truncate_and_load" or "create_or_replace". Returns rows, row_groups,
    seconds and rows_per_second.
    """
    params: Dict[str, Any] = {"file": file, "table": table, "connection": connection}
    if schema is not None:
        params["schema"] = schema
    if mode is not None:
        params["mode"] = mode
    return dict(client().call("load_data", **params))


def output_sql(connection: str, query: str, name: str) -> str:
    """Streams the query's result straight into <name>.parquet in the run's data folder; returns the path."""
    return str(client().call("output_sql", connection=connection, query=query, name=name)["path"])


def read_sql(connection: str, query: str, max_rows: Optional[int] = None) -> Any:
    """The query's rows: a pyarrow Table when pyarrow is present, else a list of dicts (at most max_rows, 100,000 by default)."""
    try:
        import pyarrow.parquet as pq  # type: ignore
    except ImportError:
        params: Dict[str, Any] = {"connection": connection, "query": query}
        if max_rows is not None:
            params["max_rows"] = max_rows
        rows: List[Dict[str, Any]] = client().call("read_sql", **params)
        return rows
    name = f".read_sql_{os.getpid()}"
    path = str(client().call("output_sql", connection=connection, query=query, name=name)["path"])
    try:
        return pq.read_table(path)
    finally:
        os.remove(path)
