"""Shared code for the claims tasks: where files live. Helpers, not orchestration."""

import os
from pathlib import Path


def data_dir() -> Path:
    """The run's data folder (PIT_DATA_DIR), or ./data when a task is run by hand."""
    path = Path(os.environ.get("PIT_DATA_DIR", "data"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def workspace_dir() -> Path:
    """The workspace root: PIT_WORKSPACE_DIR, else the first folder above this file holding projects/."""
    if os.environ.get("PIT_WORKSPACE_DIR"):
        return Path(os.environ["PIT_WORKSPACE_DIR"]).resolve()
    for folder in Path(__file__).resolve().parents:
        if (folder / "projects").is_dir():
            return folder
    raise RuntimeError("cannot find the workspace: set PIT_WORKSPACE_DIR")


def warehouse_path() -> Path:
    """The SQLite warehouse shared by the sample projects.

    Under Pit it comes from the claims_db secret (``sqlite://<path from the workspace root>``),
    asked for through the run's SDK socket; run by hand, it is data/warehouse.db.
    """
    relative = "data/warehouse.db"
    if os.environ.get("PIT_SOCKET"):
        from pit_sdk import get_secret

        url = get_secret("claims_db")
        if isinstance(url, str) and url.startswith("sqlite://"):
            relative = url[len("sqlite://"):]
    path = workspace_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
