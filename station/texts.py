"""Sentences for people, kept translatable although station/ knows nothing of the interface.

A `Text` is the English sentence (a plain `str` wherever it is used: logs, the hub, the CLI,
tests) that also remembers the template and values it was made from. An interface in another
language translates the template (Qt context "station": ui/station_strings.py is generated
from every `Text("…")` literal in station/ by `make translations`) and fills in the values,
translating those that are themselves `Text`. Numbers stay as they were formatted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any


class Text(str):
    """The English sentence `template.format(**values)`, with its template and values kept."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Text:
        made = super().__new__(cls, template.format(**values) if values else template)
        made.template = template
        made.values = values
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.template, self.values))


class Joined(Text):
    """Parts joined by a separator (", " or " "), each part translated on its own."""

    parts: tuple[str, ...]
    separator: str

    def __new__(cls, parts: Iterable[str], separator: str = ", ") -> Joined:
        items = tuple(parts)
        made = str.__new__(cls, separator.join(items))
        made.template, made.values = "", {}
        made.parts, made.separator = items, separator
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.parts, self.separator))


def _rebuild(cls: type[Text], template: str, values: dict[str, Any]) -> Text:
    return cls(template, **values)


def and_list(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c": each item translated on its own."""
    if len(items) <= 1:
        return items[0] if items else ""
    return Text("{items} and {last}", items=Joined(items[:-1]), last=items[-1])


def render(message: str, translate: Callable[[str], str]) -> str:
    """`message` in the interface's language; `translate` maps an English template to its translation.

    A plain str is translated whole (a fixed message); a template whose translation is missing
    or does not keep the same placeholders falls back to English, never to a broken sentence.
    """
    if isinstance(message, Joined):
        separator = translate(message.separator) if message.separator.strip() else message.separator
        return separator.join(render(part, translate) for part in message.parts)
    if not isinstance(message, Text):
        return translate(message)
    values = {key: render(value, translate) if isinstance(value, Text) else value
              for key, value in message.values.items()}
    translated = translate(message.template)
    try:
        return translated.format(**values) if values else translated
    except (KeyError, IndexError, ValueError):
        return message.template.format(**values) if values else message.template
