"""Normalisation and folding of Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.vietnamese import canonical, fold, fold_tones, invisible_characters, nfc, slug


@pytest.mark.parametrize("text,expected", [
    ("hoà", "hòa"),                  # the new rule's placement, folded to the one official texts use
    ("Thanh Hoá", "Thanh Hóa"),      # the province name both ways in the seeds' family
    ("thuỷ", "thủy"),
    ("Uỷ ban", "Ủy ban"),            # capital U keeps its case
    ("khoẻ", "khỏe"),                # oe pair
    ("hòa", "hòa"),                  # already folded: unchanged
    ("quý", "quý"),                  # qu is a consonant: the tone is on y in both rules
    ("hoàng", "hoàng"),              # closed syllable: both rules agree
    ("hoà.", "hòa."),                # punctuation ends the syllable
    ("tín dụng", "tín dụng"),        # no oa/oe/uy pair
])
def test_fold_tones_puts_the_mark_on_one_vowel(text: str, expected: str) -> None:
    assert fold_tones(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Tín dụng chính sách xã hội", "tin dung chinh sach xa hoi"),
    ("ĐẢNG", "dang"),                # đ/Đ fold to d
    ("Thanh  Hóa", "thanh hoa"),     # spaces squeezed
])
def test_fold_removes_diacritics(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("6766/KH-UBND", "6766-kh-ubnd"),
    ("100/2024/NĐ-CP", "100-2024-nd-cp"),
    ("Tiếp tục triển khai Chỉ thị 40-CT/TW", "tiep-tuc-trien-khai-chi-thi-40-ct-tw"),
])
def test_slug_makes_ascii_ids(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_nfc_composes_decomposed_accents() -> None:
    assert nfc(unicodedata.normalize("NFD", "Hưng Yên")) == "Hưng Yên"


def test_invisible_characters_are_named() -> None:
    assert invisible_characters("a\u200bb\x07c\ufeff") == ["U+0007", "U+200B", "U+FEFF"]
    assert invisible_characters("tín dụng\n") == []


@given(st.text())
def test_canonical_is_idempotent_and_fold_is_ascii_lowercase(text: str) -> None:
    once = canonical(text)
    assert canonical(once) == once
    assert fold(fold(text)) == fold(text)
    assert slug(text) == slug(slug(text)) or slug(text) == ""
