"""The forms on a page as a browser would send them: the load generator fills in the real forms
(CSRF token, one-time form token, the record's version) rather than making up a request."""

from __future__ import annotations

from html.parser import HTMLParser


class Forms(HTMLParser):
    """Every <form> on a page with the values a browser would send as it stands."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}}
            self._form["choices"] = {}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            self._form["choices"].setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                self._form["fields"][self._select] = [a.get("value", "")]
        elif not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            name = a["name"]
            if kind in ("radio", "checkbox"):
                self._form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self._form["fields"].setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._form["fields"][name] = [a.get("value", "")]
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = [""]
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data):
        if self._textarea and self._form:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            # As a browser does: with no option selected, the first one is sent.
            options = self._form["choices"].get(self._select) if self._form else None
            if options and self._select not in self._form["fields"]:
                self._form["fields"][self._select] = [options[0]]
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_on(html: str, field: str = "form_token") -> dict | None:
    """The page's form that carries `field` (not the sign-out button in the header)."""
    parser = Forms()
    parser.feed(html)
    return next((f for f in parser.forms if field in f["fields"]), None)
