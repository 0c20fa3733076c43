"""How a download leaves central: ``Content-Disposition`` with the name percent-encoded
(RFC 6266 / RFC 8187), so any station id typed into a URL becomes a safe header."""

from urllib.parse import quote

from fastapi.responses import Response


def attachment(filename: str) -> dict[str, str]:
    """Headers that save the answer as ``filename``; a newline or a "€" in it stays inert.

    A raw name in the header made "€" a 500 (headers are Latin-1) and a newline a dropped
    connection (h11 refuses it), or with another server a header of the caller's choosing."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}"}


# What a staff download is, by its file name's extension: the effect report, a station's
# figures, use by hour. CSV and XLSX bodies come from central.services.spreadsheet.
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(body: bytes, filename: str) -> Response:
    """The one way a staff CSV or XLSX leaves central: its media type by ``filename``'s
    extension, saved under that name (``attachment``)."""
    media = MEDIA[filename.rpartition(".")[2]]
    return Response(body, media_type=media, headers=attachment(filename))
