"""One msgid, one meaning: the pages' Bokmål words go into one catalogue, and a msgid a page
translates otherwise than another ("Change" as "Endring" and as "Endre") is refused at
import instead of the later page silently renaming the earlier page's column or button."""

import pytest

import central.console.main  # noqa: F401  (every page's words are in the catalogue)
from central.console.i18n import NB, add_nb, translator


def test_the_planned_pages_edit_link_and_the_tables_change_column_keep_their_words() -> None:
    _ = translator("nb")
    assert (_("Edit"), _("Change")) == ("Endre", "Endring")


def test_a_msgid_translated_otherwise_is_refused_and_changes_nothing() -> None:
    before = dict(NB)
    with pytest.raises(ValueError, match="Change"):
        add_nb({"Change": "Endre", "A new word": "Et nytt ord"})
    assert before == NB


def test_the_same_words_again_are_taken() -> None:
    add_nb({"Change": NB["Change"]})
