"""The kiosk's fast encoder writes canonical_json's very bytes: the hash names the same records."""

import json

from hypothesis import given
from hypothesis import strategies as st

from contract.fields import INT_MAX
from contract.wire import canonical_json
from kiosk.sync.outbox import _canonical

# Every character a record's text can hold in the store (a lone surrogate cannot be UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUE = st.one_of(st.none(), st.integers(-INT_MAX - 1, INT_MAX), TEXT)
RECORD = st.dictionaries(TEXT, VALUE, max_size=8).map(lambda d: dict(sorted(d.items())))


@given(st.lists(RECORD, max_size=5))
def test_fast_encoding_is_the_canonical_json(records: list[dict[str, object]]) -> None:
    assert _canonical(records) == canonical_json(records).encode("utf-8")


def test_every_control_character_and_non_ascii_is_written_as_canonical_json() -> None:
    text = "".join(map(chr, range(0x80))) + "\u2028\u2029\x7f\xe6\xf8\xe5\U0001f600"
    records = [{"note": text, "seq": 1, "type": None}]
    assert _canonical(records) == canonical_json(records).encode("utf-8")
    # The comparison can fail: the same records escaped as ASCII are other bytes.
    assert _canonical(records) != json.dumps(records, separators=(",", ":")).encode()
