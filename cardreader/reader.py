"""Read a Thai ID card over any `Connection`, in as few round trips as the memory map allows.

Three READs give every text field (the citizen ID arrives with the first, and is handed to
`on_cid` at once so an API call can overlap the rest of the read). The photo, only when asked,
takes 255-byte READs until the JPEG's end marker.
"""

from __future__ import annotations

from collections.abc import Callable

from cardreader import layout
from cardreader.apdu import (
    SW1_MORE_DATA,
    SW_OK,
    Connection,
    ResponseProcessor,
    read_apdu,
    select_apdu,
)
from cardreader.errors import CardDataError, MalformedResponse, NotThaiIdCard
from cardreader.jpeg import jpeg_end
from cardreader.model import CardData, Identity
from cardreader.parse import parse_card, parse_cid, parse_identity

CidCallback = Callable[[str], None]
ProgressCallback = Callable[[int, int], None]  # (done, total) READs of the photo


class CardSession:
    """One read of one inserted card: SELECT once, then READs of spans."""

    def __init__(self, connection: Connection) -> None:
        self._processor = ResponseProcessor(connection)
        _, sw = connection.transmit(select_apdu(layout.THAI_ID_AID))
        if sw != SW_OK and sw >> 8 != SW1_MORE_DATA:  # 61 0A also means selected
            raise NotThaiIdCard(sw)

    def read(self, span: layout.Span) -> bytes:
        data = self._processor.send(read_apdu(span.offset, span.length), f"READ {span.offset:04X}")
        if len(data) != span.length:
            raise MalformedResponse(
                f"READ {span.offset:04X} asked {span.length} bytes, card returned {len(data)}"
            )
        return data

    def read_spans(self, spans: tuple[layout.Span, ...]) -> dict[int, bytes]:
        return {span.offset: self.read(span) for span in spans}

    def read_photo(self, on_progress: ProgressCallback | None) -> bytes:
        """READ the photo area until the JPEG ends; never past the area, never trimmed inside."""
        data = b""
        total = len(layout.PHOTO_SPANS)
        for done, span in enumerate(layout.PHOTO_SPANS, start=1):
            data += self.read(span)
            if on_progress is not None:
                on_progress(done, total)
            end = _photo_end(data)
            if end is not None:
                if on_progress is not None and done < total:
                    on_progress(total, total)
                return data[:end]
        raise CardDataError("photo", "no JPEG end marker within the photo area")


def _photo_end(data: bytes) -> int | None:
    try:
        return jpeg_end(data)
    except ValueError as error:
        raise CardDataError("photo", str(error)) from None


def read_cid(connection: Connection) -> str:
    """Only the citizen ID: SELECT and one READ (for lookups that need nothing else)."""
    session = CardSession(connection)
    return parse_cid(session.read(layout.Span(layout.CID.offset, layout.CID.length)))


def read_identity(connection: Connection) -> Identity:
    """Only the citizen ID and the names: SELECT and one READ from the ID to the end of the
    English name. Nothing else on the card is read."""
    session = CardSession(connection)
    span = layout.Span(layout.CID.offset, layout.NAME_EN.end - layout.CID.offset)
    return parse_identity({span.offset: session.read(span)})


def read_card(
    connection: Connection,
    *,
    photo: bool = False,
    on_cid: CidCallback | None = None,
    on_photo_progress: ProgressCallback | None = None,
) -> CardData:
    """Read every text field (and the photo if asked) and return them as one `CardData`.

    Any failure raises a `CardError`; partial data is never returned.
    """
    session = CardSession(connection)
    first, *rest = layout.MAIN_SPANS
    memory = {first.offset: session.read(first)}
    if on_cid is not None:
        on_cid(parse_cid(memory[first.offset][: layout.CID.length]))
    memory.update(session.read_spans(tuple(rest)))
    memory.update(session.read_spans(layout.ADDRESS_SPANS))
    picture = session.read_photo(on_photo_progress) if photo else None
    return parse_card(memory, picture)
