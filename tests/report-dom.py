#!/usr/bin/env python3
"""tests/report-dom.py - what t8010 reads of a page crest wrote.

    python3 tests/report-dom.py check FILE      parses FILE strictly enough:
        every non-void element closed in order, no stray end tag; and
        nothing that would load from the network (src=/href= to http(s)
        or //, @import, url(...) other than a #fragment)
    python3 tests/report-dom.py hosts FILE      from a rendered DOM: one
        line "HOST WAVE OUTCOME" per timeline row (data-host, data-wave,
        data-outcome of each g.host), in page order
    python3 tests/report-dom.py waves FILE      one line "PLAY WAVE" per
        g.wave of the timelines
    python3 tests/report-dom.py select FILE TAG ATTR   the value of ATTR of
        every TAG element that has it, one a line
"""
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# SVG elements written self-closed (<rect/>) are closed by the parser.


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.elements = [], [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        for k, v in attrs:
            v = (v or "").strip().lower()
            if k in ("src", "href", "xlink:href", "action", "data") and \
                    re.match(r"^(https?:|//|ftp:)", v):
                self.errors.append("loads %s=%s" % (k, v))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        for k, v in attrs:
            v = (v or "").strip().lower()
            if k in ("src", "href", "xlink:href") and \
                    re.match(r"^(https?:|//)", v):
                self.errors.append("loads %s=%s" % (k, v))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("end tag </%s> does not close <%s> (line %d)"
                               % (tag, self.stack[-1] if self.stack else
                                  "nothing", self.getpos()[0]))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            if "@import" in data:
                self.errors.append("@import in a style")
            for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", data):
                if not u.startswith("#"):
                    self.errors.append("url(%s) in a style" % u)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def main():
    what, path = sys.argv[1], sys.argv[2]
    p = parse(path)
    if what == "check":
        if p.stack:
            p.errors.append("unclosed: %s" % " ".join(p.stack))
        for e in p.errors:
            print(e)
        return 1 if p.errors else 0
    for tag, a in p.elements:
        cls = a.get("class", "").split()
        if what == "hosts" and tag == "g" and "host" in cls:
            print(a.get("data-host"), a.get("data-wave"),
                  a.get("data-outcome"))
        elif what == "waves" and tag == "g" and "wave" in cls:
            print(a.get("data-play"), a.get("data-wave"))
        elif what == "select" and tag == sys.argv[3] and sys.argv[4] in a:
            print(a[sys.argv[4]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
