"""Turn a file's bytes into text, or say precisely why they are not an article."""

from __future__ import annotations

import codecs

from kg.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes, origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of ``data``; raises InputError naming ``origin`` when it is unusable."""
    if len(data) > max_bytes:
        raise InputError(
            origin,
            f"file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one "
            "input (split it, or raise the limit with --max-bytes)",
        )
    if not data.strip():
        raise InputError(origin, "file is empty" if not data else "file holds only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(origin, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary file (contains NUL bytes); kg reads text, JSONL and HTML")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            origin,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
        ) from None
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(sample) // 50):
        raise InputError(origin, "binary file (mostly control characters); kg reads text, JSONL and HTML")
    return text
