"""The article record every stage works on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One article after ingestion and cleaning.

    ``text`` is the cleaned text; every character offset reported by a later
    stage (passages, figures, dates) indexes into it.  ``published`` is an ISO
    date (``YYYY-MM-DD``) or ``""`` when unknown; ``basis`` maps each metadata
    field to where its value came from (``manifest``, ``header``, ``url``,
    ``text``, ``column``).
    """

    article_id: str
    text: str
    source: str = ""
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    basis: dict[str, str] = field(default_factory=dict)
    raw_text: str = ""
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason)
    status: str = "ok"  # "ok", or "skipped: <reason>"
    #: the id of the article this one repeats (the same outlet's page seen again), "" if none
    duplicate_of: str = ""
    byline: str = ""
    #: the character encoding the text was decoded from ("" for typed tables)
    encoding: str = ""

    @property
    def analysed(self) -> bool:
        """Read, and not a repeat of another article: the stages analyse it."""
        return (self.status or "ok") == "ok" and not self.duplicate_of

    @property
    def words(self) -> int:
        return len(self.text.split())
