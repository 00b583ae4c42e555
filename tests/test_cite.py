"""Citation blocks: permalinks with stable anchors, fingerprints, valid BibTeX shape."""

from analysis.cite import Citation, settings_fingerprint


def make(**kw):
    base = dict(report_title="Report", section_title="Source overlap", label="overlap", page="book/overlap",
                base_url="https://example.org/report/", build_date="2026-01-02",
                corpus_fingerprint="ab" * 32, settings_hash="123456789abc")
    base.update(kw)
    return Citation(**base)


def test_permalink_has_page_and_anchor():
    assert make().url == "https://example.org/report/book/overlap.html#overlap"
    assert make(base_url="").url == "book/overlap.html#overlap"


def test_plain_and_bibtex_carry_version_date_and_fingerprints():
    c = make()
    for text in (c.plain(), c.bibtex()):
        assert "2026-01-02" in text and "abababababab" in text and "123456789abc" in text
    bib = c.bibtex()
    assert bib.startswith("@incollection{forensics-overlap-abababab,")
    assert bib.count("{") == bib.count("}")


def test_block_escapes_titles():
    html = str(make(report_title="<script>x</script>").block())
    assert "<script>x" not in html and "&lt;script&gt;" in html


def test_settings_fingerprint_is_order_independent_and_sensitive():
    assert settings_fingerprint({"a": 1, "b": 2}) == settings_fingerprint({"b": 2, "a": 1})
    assert settings_fingerprint({"a": 1}) != settings_fingerprint({"a": 2})
