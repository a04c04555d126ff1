"""Shared code for the report tasks: where files live. Helpers, not orchestration."""

import os
from pathlib import Path

SUMMARY_COLUMNS = ["provider_id", "provider_name", "claims", "members", "paid", "pending", "denied",
                   "total_amount", "paid_amount"]


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


def report_files(month: str) -> dict[str, Path]:
    """The files generate writes for a month, by kind."""
    return {
        "csv": data_dir() / f"provider_summary_{month}.csv",
        "html": data_dir() / f"provider_report_{month}.html",
    }
