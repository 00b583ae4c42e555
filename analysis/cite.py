"""Citation blocks: how to cite one section of a built report."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from . import __version__
from .report import HTML, esc


def settings_fingerprint(settings: dict) -> str:
    """A short hash of the analysis parameters, stable across runs."""
    blob = json.dumps(settings, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Citation:
    """Everything needed to cite one section of one build of the report."""

    report_title: str
    section_title: str
    label: str  # the section's stable anchor
    page: str  # page name without suffix, e.g. "book/overlap"
    base_url: str
    build_date: str
    corpus_fingerprint: str
    settings_hash: str
    author: str = "coverage-forensics"
    version: str = __version__

    @property
    def url(self) -> str:
        base = self.base_url.rstrip("/")
        target = f"{self.page}.html#{self.label}"
        return f"{base}/{target}" if base else target

    def plain(self) -> str:
        return (
            f"{self.author}. \u201c{self.section_title}.\u201d In {self.report_title}, "
            f"report version {self.version}, built {self.build_date}. {self.url} "
            f"(corpus {self.corpus_fingerprint[:12]}, parameters {self.settings_hash})."
        )

    def bibtex(self) -> str:
        key = f"forensics-{self.label}-{self.corpus_fingerprint[:8]}"
        year = self.build_date[:4]
        fields = {
            "author": "{" + self.author + "}",
            "title": "{" + self.section_title + "}",
            "booktitle": "{" + self.report_title + "}",
            "year": "{" + year + "}",
            "version": "{" + self.version + "}",
            "url": "{" + self.url + "}",
            "urldate": "{" + self.build_date + "}",
            "note": "{Corpus fingerprint " + self.corpus_fingerprint[:12]
            + ", parameters " + self.settings_hash + "}",
        }
        body = ",\n".join(f"  {k} = {v}" for k, v in fields.items())
        return f"@incollection{{{key},\n{body}\n}}"

    def block(self) -> HTML:
        """The "Cite this section" block shown at the end of a chapter."""
        return HTML(
            '<div class="fc-cite">'
            f"<p><strong>Cite this section.</strong> Permalink: <code>{esc(self.url)}</code></p>"
            f"<pre>{esc(self.plain())}</pre>"
            f"<pre>{esc(self.bibtex())}</pre>"
            "</div>"
        )
