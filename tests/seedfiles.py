"""The five seed texts, as the tests read them.

A byte-identical copy of ../shared/seeds lives in tests/fixtures/seeds so
that the suite runs anywhere the repository is checked out (a pull request's
CI has no shared/ folder). test_seed_fixtures_are_the_shared_seeds pins the
copy to the originals by hash, and to ../shared/seeds itself when present.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

SHA256 = {
    "000_1c8ae59df58d28fb.txt": "486d29c2e1b754898c6e569e247e504a1a19b5db6ab61c59d579e91a7d24efd2",
    "001_f59e673c1788c206.txt": "65c1d668d7ad3be3a74ffd56923329b62893d40eac0152b1d0e09805975585d6",
    "002_1bb78dffa67b4316.txt": "28cae7b7308aa2322af5f9bb6b5eb73dd83a605eefdf07ee49e6f9d7cc4d308c",
    "003_3b139f6f5b742d8d.txt": "e0ee2283a728ab923f7dae32c4479d943360821fd96242baf13aab9f6631e402",
    "004_6963cefcaf1207b7.txt": "285e7dee0c2f1da65151fd0d3b7890ecebac0b2496a9c96273894769ec923a1c",
}


def seed_path(name_or_prefix: str) -> Path:
    """The seed file named, or whose name starts with `prefix_`; fails loudly when missing."""
    exact = SEEDS / name_or_prefix
    if exact.is_file():
        return exact
    found = sorted(SEEDS.glob(f"{name_or_prefix}_*.txt"))
    assert found, f"seed {name_or_prefix!r} not found in {SEEDS}"
    return found[0]


def seed_text(name_or_prefix: str) -> str:
    return seed_path(name_or_prefix).read_text(encoding="utf-8")
