"""Turn a file's bytes into text, or say precisely why they are not an article.

Text that can still be read with confidence is read, with a note: UTF-16 or UTF-32 with a
byte-order mark, and UTF-8 that was decoded as Windows-1252 and encoded again (mojibake such as
``â€™`` for ``’``), which is repaired. Bytes that are not text (NUL bytes, invalid UTF-8 with no
byte-order mark) are refused: guessing an encoding would put wrong names in the graph.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from kg.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Bytes 0x80-0xBF as Windows-1252 shows them (its five undefined bytes as Latin-1 shows them):
# what UTF-8 continuation bytes become when UTF-8 is mistaken for Windows-1252.
_CONTINUATION = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0))
_C = f"[{re.escape(_CONTINUATION)}]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_C}|[\u00e0-\u00ef]{_C}{{2}}|[\u00f0-\u00f4]{_C}{{3}}")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, and notes on what had to be done to read it."""

    text: str
    notes: tuple[str, ...] = ()


def _size(n: int, *, exact: bool = False) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.0f} {unit}" if exact and n % scale == 0 else f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def too_big(size: int, limit: int, what: str = "file") -> str:
    return (f"{what} is {_size(size)}, over the {_size(limit, exact=True)} limit for one input; "
            "skipped (split it, or raise the limit with --max-bytes)")


def line_of(data: bytes | str, offset: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, offset) + 1


def _windows_1252_byte(ch: str) -> int:
    return ord(ch) if ord(ch) < 0x100 else ch.encode("cp1252")[0]


def _unmangle(seq: str) -> str | None:
    try:
        return bytes(_windows_1252_byte(ch) for ch in seq).decode("utf-8")
    except (UnicodeError, ValueError):
        return None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Text with UTF-8-read-as-Windows-1252 sequences (``Ã©``, ``â€™``) put back; and how many there were.

    One two-character match alone proves nothing (``CAFÉ’S`` is not mojibake for ``CAFɒS``), so
    the text is repaired only when it shows two such sequences, or one of three or four characters.
    """
    fixes = {m.group(): _unmangle(m.group()) for m in _MOJIBAKE.finditer(text)}
    found = [m for m in _MOJIBAKE.finditer(text) if fixes[m.group()] is not None]
    if not (len(found) >= 2 or any(len(m.group()) >= 3 for m in found)):
        return text, 0
    return _MOJIBAKE.sub(lambda m: fixes[m.group()] or m.group(), text), len(found)


def scrub_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (which JSON's ``\\ud800`` escapes can produce) replaced by U+FFFD."""
    return _SURROGATE.subn("\ufffd", text)


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 4 and max(even.count(0) / len(even), odd.count(0) / max(1, len(odd))) > 0.4


def _text_checks(text: str, origin: str, notes: list[str]) -> Decoded:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(sample) // 50):
        raise InputError(origin, "binary file (mostly control characters); skipped (kg reads text, JSONL and HTML)")
    text, repaired = repair_mojibake(text)
    if repaired:
        notes.append(f"text was double-encoded (mojibake such as 'â€™' for '’'); repaired {repaired} "
                     "sequences, the article is kept")
    return Decoded(text, tuple(notes))


def decode(data: bytes, origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """The text of ``data``; raises InputError naming ``origin`` when it is unusable."""
    if len(data) > max_bytes:
        raise InputError(origin, too_big(len(data), max_bytes))
    if not data.strip():
        raise InputError(origin, "file is empty; skipped" if not data else "file holds only whitespace; skipped")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(origin, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                         f"({exc.reason} at byte {exc.start}); skipped") from None
            if not text.strip():
                raise InputError(origin, "file holds only whitespace; skipped")
            notes = [] if encoding == "utf-8-sig" else [f"encoded as {encoding.upper()} (byte-order mark), not UTF-8; "
                                                         "read as such, the article is kept"]
            return _text_checks(text, origin, notes)
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_like_utf16(data):
            raise InputError(origin, "looks like UTF-16 without a byte-order mark; skipped (re-save the file as UTF-8)")
        raise InputError(origin, f"binary file (NUL byte at line {line_of(data, nul)}, offset {nul}); skipped "
                                 "(kg reads text, JSONL and HTML)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp1252")
            hint = ", perhaps Windows-1252 or Latin-1"
        except UnicodeDecodeError:
            hint = ""
        raise InputError(
            origin,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line_of(data, exc.start)}, offset {exc.start}{hint}); "
            "skipped (re-save the file as UTF-8)",
        ) from None
    return _text_checks(text, origin, [])


def decode_line(data: bytes, where: str) -> Decoded:
    """One line of a UTF-8 JSONL file; raises InputError naming ``where`` when it is not text."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(where, f"NUL byte at column {nul + 1}; skipped (a JSON line is text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {exc.start + 1}); "
                                "skipped (re-save the file as UTF-8)") from None
    text, repaired = repair_mojibake(text)
    notes = (f"text was double-encoded (mojibake such as 'â€™' for '’'); repaired {repaired} sequences, "
             "the article is kept",) if repaired else ()
    return Decoded(text, notes)
