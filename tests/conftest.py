"""Shared fixtures: the spaCy model is loaded once per test session; shared data is optional."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{relative} (the project's shared reference data)")
    return path


@pytest.fixture(scope="session")
def coder():
    from eventwire.coding.coder import Coder

    return Coder()
