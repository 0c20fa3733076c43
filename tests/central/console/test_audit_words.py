"""Every action central writes to the audit log has words on the audit page, in Bokmål and
English: the page showed codes such as issue_feed_token for the actions nobody listed."""

import ast
from pathlib import Path

from central.console.i18n import NB
from central.console.pages.audit import ACTION_WORDS

CENTRAL = Path(__file__).parents[3] / "central"


def recorded_actions(tree: ast.AST) -> set[str]:
    """The audit codes a module writes: the text given as ``action=`` (auth.record, an
    AuditEvent) or assigned to a variable named ``action`` that is then given."""
    found: set[str] = set()
    for node in ast.walk(tree):
        values: list[ast.AST] = []
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"
        ):  # argparse's action="store_true" is not an audit code
            values = [k.value for k in node.keywords if k.arg == "action"]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "action" for t in node.targets
        ):
            values = [node.value]
        for value in values:
            found |= {
                c.value
                for c in ast.walk(value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return found


def test_every_recorded_action_has_words_in_both_languages() -> None:
    codes: set[str] = set()
    for module in CENTRAL.rglob("*.py"):
        codes |= recorded_actions(ast.parse(module.read_text("utf-8")))
    assert {"sign_in", "issue_feed_token", "disable_user", "reclassify"} <= codes  # it looked
    assert sorted(codes - set(ACTION_WORDS)) == []
    assert sorted(w for c, w in ACTION_WORDS.items() if c in codes and w not in NB) == []


def test_a_new_unworded_action_is_found() -> None:
    planted = ast.parse(
        "auth.record(session=s, actor='a', action='wipe_everything')\n"
        "action = 'x_on' if on else 'x_off'\n"
        "parser.add_argument('--dry', action='store_true')\n"
    )
    assert recorded_actions(planted) == {"wipe_everything", "x_on", "x_off"}
