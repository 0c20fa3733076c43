"""The one way a download names its file: ``Content-Disposition`` with the name percent-encoded
(RFC 6266 / RFC 8187), so any station id typed into a URL becomes a safe header."""

from urllib.parse import quote


def attachment(filename: str) -> dict[str, str]:
    """Headers that save the answer as ``filename``; a newline or a "€" in it stays inert.

    A raw name in the header made "€" a 500 (headers are Latin-1) and a newline a dropped
    connection (h11 refuses it), or with another server a header of the caller's choosing."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}"}
