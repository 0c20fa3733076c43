"""A page's forms read as a browser submits them (stdlib HTML parser): every successful
control's name and value, so a test posts exactly what staff would post unchanged."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def data(self) -> dict[str, str]:
        return dict(self.fields)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._option: str | None = None
        self._chosen: dict[str, str] = {}  # a select's selected option, else its first
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and "name" in a and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            form.fields.append((a["name"], a.get("value", default)))
        elif tag == "select" and "name" in a:
            self._select = a["name"]
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            if self._select not in self._chosen or "selected" in a:
                self._chosen[self._select] = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            self.forms[-1].fields.append((self._select, self._chosen.get(self._select, "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].fields.append((self._textarea, self._text))
            self._textarea = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, action: str) -> Form:
    """The one POST form whose action is ``action``."""
    found = [f for f in forms(html) if f.method == "post" and f.action == action]
    assert len(found) == 1, f"{len(found)} POST forms to {action}"
    return found[0]
