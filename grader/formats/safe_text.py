"""Untrusted text (student ids, entry names, roster names, student messages) on its way out: to a
spreadsheet, a Markdown file or a terminal. One function per kind of output, used by every writer.

* ``csv_cell`` — a spreadsheet cell that cannot run as a formula: a text starting with ``= + - @``,
  a tab or a carriage return gets a leading ``'`` (OWASP's advice against CSV injection); the csv
  module quotes the rest.
* ``printable`` — text for a terminal: control characters (ESC, and so every escape sequence: an
  OSC 52 sequence writes to the clipboard, others retitle or garble the terminal; C1 controls; the
  bidirectional overrides that make text read in another order) become U+FFFD; newlines and tabs stay.
* ``one_line`` — the same, newlines and tabs included: a name, never more than one line.
* ``markdown_inline`` — ``one_line``, then every ASCII punctuation character backslash-escaped
  (CommonMark allows that for each of them), so a name can neither start a heading, list or table
  row, nor open a link, emphasis, code or HTML.
"""
from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_CONTROL_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def csv_cell(text: Any) -> str:
    """A text cell no spreadsheet runs as a formula."""
    s = "" if text is None else str(text)
    return "'" + s if s.startswith(FORMULA_START) else s


def printable(text: Any) -> str:
    """Text for a terminal or a report, lines kept: no control characters but newline and tab."""
    return _CONTROL.sub(REPLACEMENT, str(text).replace("\r\n", "\n"))


def one_line(text: Any) -> str:
    """A name for a terminal: no control characters at all, so no line breaks either."""
    return _CONTROL_ALL.sub(REPLACEMENT, str(text))


def markdown_inline(text: Any) -> str:
    """A name inside a Markdown line, read as the text it is."""
    return _MD_PUNCT.sub(r"\\\1", one_line(text))
