"""Vietnamese text normalisation: NFC, tone-mark placement, diacritic folding.

Stored text keeps what the source printed; these functions produce the forms
used for comparison, search and slugs.
"""

from __future__ import annotations

import re
import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"   # huyền, sắc, ngã, hỏi, nặng

# "hoà" / "hòa", "thuỷ" / "thủy", "Thanh Hoá" / "Thanh Hóa": the old and new
# rules put the tone on different vowels of oa, oe, uy in an open syllable.
# We fold to the placement official texts mostly use (hòa, thủy). "qu" is a
# consonant, so "quý" is left alone; a final consonant ("hoàng") or another
# vowel after the pair means both rules agree and nothing moves.
_TONE_ON_SECOND = re.compile(
    r"(?<![qQ])([oO])([aAeE])([" + TONE_MARKS + r"])(?![^\W\d_])"
    r"|(?<![qQ])([uU])([yY])([" + TONE_MARKS + r"])(?![^\W\d_])"
)

# Invisible characters that break matching and that no source means to print.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# One regex pass: the validator runs this over every string of every record.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + ZERO_WIDTH + "]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _move_tone(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def fold_tones(text: str) -> str:
    """Put tone marks where the older rule puts them: hoà -> hòa, thuỷ -> thủy."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _TONE_ON_SECOND.sub(_move_tone, decomposed))


def strip_diacritics(text: str) -> str:
    """'Tín dụng Đảng' -> 'Tin dung Dang' (case kept)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The comparison key: no diacritics, đ -> d, lower case, spaces squeezed."""
    return " ".join(strip_diacritics(text).lower().split())


def canonical(text: str) -> str:
    """NFC with one tone placement: the key for comparing printed forms."""
    return fold_tones(nfc(text))


def slug(text: str) -> str:
    """ASCII slug for ids and anchors: 'Kế hoạch 6766/KH-UBND' -> 'ke-hoach-6766-kh-ubnd'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def invisible_characters(text: str) -> list[str]:
    """Control and zero-width characters in text, as U+XXXX names."""
    return sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall(text)})
