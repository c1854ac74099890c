"""What a failure of the disk or of the store's files means, in one line that says what to do.

RocksDB (under Oxigraph) reports them as ``OSError`` or ``RuntimeError`` whose text starts with
its status ("IO error: ...", "Corruption: ..."), from any call that touches the files: opening,
writing, flushing, or reading the results of a query long after it started. ``storage_error``
tells those apart from the errors of kg's own code, so that the caller can stop with one line.
"""

from __future__ import annotations

import errno
import re

from kg.errors import StorageError

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_FULL_TEXT = re.compile(r"No space left on device|Disk quota exceeded|File too large", re.I)
_ROCKSDB = re.compile(r"^(?:IO error|Corruption|Invalid argument|Not implemented|Incomplete|Shutdown in progress|"
                      r"Operation aborted|Result incomplete|Resource busy|Timed out)\b")


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"


def storage_error(location: str, exc: BaseException) -> StorageError | None:
    """The StorageError that ``exc`` means for the store at ``location``, or None if it is not one."""
    if not isinstance(exc, (OSError, RuntimeError)):
        return None
    text = _first_line(exc)
    code = exc.errno if isinstance(exc, OSError) else None
    if code in _FULL or _FULL_TEXT.search(text):
        return StorageError(f"store {location}: no room left to write ({text}); free some space on its disk and run "
                            "the command again: every article written before is kept (each one is a transaction)")
    if text.startswith("Corruption"):
        return StorageError(f"store {location} is damaged ({text}); build it again into a new folder "
                            "(kg build PATH --store NEW) or put back a copy of it")
    if _ROCKSDB.match(text) or code in (errno.EIO, errno.EROFS):
        return StorageError(f"store {location}: its disk failed ({text}); check the disk and the folder's "
                            "permissions, then run the command again")
    return None
