"""Shared pytest options. `--update-golden` (or UPDATE_GOLDEN=1) rewrites the
golden files under tests/golden/ from the current output; review the diff."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# `make test` runs Hypothesis's default short run; HYPOTHESIS_PROFILE=long
# runs the fuzzing documented in docs/dong-gop/bao-mat.md.
settings.register_profile("long", max_examples=5000, deadline=None)
settings.register_profile("default", deadline=None)   # a loaded CI machine must not fail on time
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ expectations from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden")) or os.environ.get("UPDATE_GOLDEN") == "1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "inject_axe: the test injects axe-core, so the page's CSP is bypassed")
