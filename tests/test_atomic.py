"""atomic.replace_dir: the new tree takes the live one's place whole; the old one is deleted or kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import atomic


def _tree(base: Path, text: str) -> Path:
    (base / "sub").mkdir(parents=True)
    (base / "sub" / "f.txt").write_text(text)
    return base


@pytest.mark.parametrize("swap", ["renameat2", "two renames"])
@pytest.mark.parametrize("kept", [False, True])
def test_the_new_tree_replaces_the_live_one_and_the_old_is_deleted_or_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str, kept: bool) -> None:
    if swap == "two renames":
        monkeypatch.setattr(atomic, "exchange", lambda a, b: False)
    live, new = _tree(tmp_path / "live", "old"), _tree(tmp_path / "new", "new")
    keep = tmp_path / "kept" if kept else None
    atomic.replace_dir(new, live, keep=keep)
    assert (live / "sub" / "f.txt").read_text() == "new" and not new.exists()
    if keep is not None:
        assert (keep / "sub" / "f.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["live", *(["kept"] if kept else [])])


def test_a_first_tree_is_moved_into_place(tmp_path: Path) -> None:
    new = _tree(tmp_path / "new", "new")
    atomic.replace_dir(new, tmp_path / "live", keep=tmp_path / "kept")
    assert (tmp_path / "live" / "sub" / "f.txt").read_text() == "new"
    assert not (tmp_path / "kept").exists()
