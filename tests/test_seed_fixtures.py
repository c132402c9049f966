"""The tests' copy of the seeds is the seeds, byte for byte."""

from __future__ import annotations

import hashlib

from seedfiles import SEEDS, SHA256, SHARED_SEEDS


def test_seed_fixtures_are_the_shared_seeds() -> None:
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(SHA256)
    for name, digest in SHA256.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name
        if SHARED_SEEDS.is_dir():
            assert (SHARED_SEEDS / name).read_bytes() == (SEEDS / name).read_bytes(), name
