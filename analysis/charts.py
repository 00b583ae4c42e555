"""Altair charts for the report: one shared theme, drawn offline.

Every chart is shown two ways at once: an inline static SVG (rendered here by
vl-convert, so the PDF and readers without JavaScript see it) and the
Vega-Lite spec, which ``_static/forensics-charts.js`` turns into an
interactive chart with tooltips.  Nothing is fetched from a CDN: the Vega
libraries come from vl-convert's bundle, written into the book's ``_static``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import altair as alt
import pandas as pd

from .report import bidi_shown

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH = 460

#: Categorical colours (Tableau 10, colour-blind tolerant); status colours are fixed
#: so that "conflict" is always the same red across chapters.
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
           "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
STATUS_COLOURS = {
    "conflict": "#d62728",
    "compatible": "#f2a93b",
    "agree": "#2ca02c",
    "single source": "#9e9e9e",
}

_THEME = {
    "config": {
        "font": FONT,
        "view": {"stroke": None, "continuousWidth": WIDTH},
        "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 190,
                 "gridColor": "#e6e6e6"},
        "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 260},
        "title": {"fontSize": 14, "anchor": "start"},
        "range": {"category": PALETTE},
    }
}


@alt.theme.register("forensics", enable=True)
def _forensics_theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(_THEME)


alt.data_transformers.disable_max_rows()


def status_scale() -> alt.Scale:
    """The fixed colour scale for claim statuses."""
    return alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))


class ChartHTML:
    """A chart ready for the book: static SVG plus the spec for the interactive view."""

    def __init__(self, chart: alt.TopLevelMixin, chart_id: str, printed: alt.TopLevelMixin | None = None,
                 print_note: str = ""):
        self.chart = chart
        self.chart_id = chart_id
        # a shorter chart for the printed report, with a note saying what it leaves out: an SVG taller
        # than a page cannot be broken, and left blank pages before it and ran on for six
        self.printed = printed
        self.print_note = print_note

    def spec(self) -> dict:
        # article-derived strings (outlets, labels, wording) with their bidirectional controls shown, as
        # on the rest of the page: an outlet's override reversed its lane's label and tooltips
        return _bidi_shown(self.chart.to_dict())

    def svg(self) -> str:
        import vl_convert as vlc

        return vlc.vegalite_to_svg(self.spec())

    def _repr_html_(self) -> str:
        spec = json.dumps(self.spec(), sort_keys=True, ensure_ascii=True)
        # The spec holds article-derived strings: keep "</script>" and friends inert.
        spec = spec.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        cid = html.escape(self.chart_id, quote=True)
        svg = scoped_ids(self.svg(), f"fc-static-{self.chart_id}-")
        if self.printed is not None:
            import vl_convert as vlc

            printed = scoped_ids(vlc.vegalite_to_svg(_bidi_shown(self.printed.to_dict())), f"fc-print-{self.chart_id}-")
            note = f'<p class="fc-note">{html.escape(self.print_note)}</p>' if self.print_note else ""
            return (
                f'<div class="{chart_classes(printed)}" id="chart-{cid}" data-chart="{cid}">'
                f'<div class="fc-chart-static fc-screen-only">{svg}</div>'
                f'<div class="fc-chart-print">{printed}{note}</div>'
                f'<div class="fc-chart-live"></div>'
                f'<script type="application/json" class="fc-chart-spec">{spec}</script>'
                "</div>"
            )
        return (
            f'<div class="{chart_classes(svg)}" id="chart-{cid}" data-chart="{cid}">'
            f'<div class="fc-chart-static">{svg}</div>'
            f'<div class="fc-chart-live"></div>'
            f'<script type="application/json" class="fc-chart-spec">{spec}</script>'
            "</div>"
        )


def _bidi_shown(value):
    if isinstance(value, str):
        return bidi_shown(value)
    if isinstance(value, dict):
        return {k: _bidi_shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bidi_shown(v) for v in value]
    return value


def scoped_ids(svg: str, prefix: str) -> str:
    """The SVG with its ids (and the ``url(#…)`` / ``href="#…"`` references to them) prefixed.

    The static SVG and the interactive chart drawn over it both name their gradients
    ``gradient_0``; a reference resolves to the first in the page, the static one, which is hidden
    once the chart is drawn, so the heatmap's colour legend came out blank."""
    ids = set(re.findall(r'\sid="([^"]+)"', svg))
    if not ids:
        return svg
    pattern = re.compile(r'(\sid="|url\(#|href="#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
                         + r')(?=[")])')
    return pattern.sub(lambda m: m.group(1) + prefix + m.group(2), svg)


#: A static chart at most this tall (CSS pixels) is scaled to fit one printed page: a taller one
#: would start on a page of its own after a blank one, and scaled further its labels would be
#: too small to read, so it runs on across pages instead.
PRINT_FIT_MAX_HEIGHT = 1500


def chart_classes(svg: str) -> str:
    """The chart box's classes: ``fc-chart``, and ``fc-chart-fit`` when its SVG is short enough to be
    printed on one page (see :data:`PRINT_FIT_MAX_HEIGHT`)."""
    m = re.search(r'<svg\b[^>]*?\sheight="([\d.]+)"', svg)
    fits = m is not None and float(m.group(1)) <= PRINT_FIT_MAX_HEIGHT
    return "fc-chart fc-chart-fit" if fits else "fc-chart"


def show(chart: alt.TopLevelMixin, chart_id: str, printed: alt.TopLevelMixin | None = None,
         print_note: str = "") -> ChartHTML:
    """Wrap a chart for display in a notebook cell (or for myst-nb's glue); ``printed``, a shorter
    chart the printed report shows instead, with ``print_note``."""
    return ChartHTML(chart, chart_id, printed, print_note)


def write_static(static_dir: Path) -> list[Path]:
    """Write the offline Vega bundle and the chart loader into ``static_dir``."""
    import vl_convert as vlc

    static_dir.mkdir(parents=True, exist_ok=True)
    bundle = static_dir / "vega-bundle.js"
    # The bundle is written as an ES module; its top-level names ("_" among them) would clash with
    # Sphinx's globals in a classic script, and module scripts do not load from file:// pages.
    # Wrapped in a function it keeps its names to itself and still sets window.vegaEmbed.
    bundle.write_text("(function () {\n" + vlc.javascript_bundle() + "\n})();\n", encoding="utf-8")
    return [bundle]


# --- the charts ---------------------------------------------------------------


def empty_chart(message: str) -> alt.Chart:
    """A small chart that says there is nothing to draw."""
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=13, color="#555")
        .encode(text="message:N")
        .properties(width=WIDTH, height=40)
    )


#: Characters of an article's label on a chart axis: the theme's ``labelLimit`` (190 pixels) holds
#: them; Vega-Lite cuts a longer label at its end, where its date and [id] tell two articles of one
#: outlet apart.
AXIS_LABEL_CHARS = 30


def axis_labels(labels: dict[str, str], limit: int = AXIS_LABEL_CHARS) -> dict[str, str]:
    """Article id → a label short enough for a chart axis that still tells the articles apart: a long
    label ("outlet · title · date [id]") loses its title, then its date, then the end of its outlet,
    never its [id]; labels that would then read the same get their article's id."""
    def cut(label: str) -> str:
        if len(label) <= limit:
            return label
        head, suffix = label, ""
        m = re.search(r" \[[^\]]+\]$", label)
        if m:
            head, suffix = label[:m.start()], label[m.start():]
        parts = head.split(" \u00b7 ")
        for shorter in ([parts[0], parts[-1]] if len(parts) >= 3 else parts, parts[:1]):
            head = " \u00b7 ".join(shorter)
            if len(head) + len(suffix) <= limit:
                return head + suffix
        return head[:max(4, limit - len(suffix) - 1)].rstrip(" \u00b7") + "\u2026" + suffix

    out = {i: cut(str(label)) for i, label in labels.items()}
    seen: dict[str, list[str]] = {}
    for i, short in out.items():
        seen.setdefault(short, []).append(i)
    for short, same in seen.items():
        if len(same) > 1:
            for i in same:
                out[i] = short if short.endswith(f"[{i}]") else cut(f"{short} [{i}]")
    return out


def share_heatmap(pairs: pd.DataFrame, labels: dict[str, str], order: list[str] | None = None) -> alt.Chart:
    """Matrix of the share of each row article's words found in the column article.

    ``order`` lists article ids in display order (e.g. grouped by family); by default, by label.
    """
    if pairs.empty:
        return empty_chart("No two articles share a passage.")
    ids = sorted({str(i) for i in pairs["article_a"]} | {str(i) for i in pairs["article_b"]})
    axis = axis_labels({i: labels.get(i, i) for i in ids})
    rows = []
    for p in pairs.itertuples(index=False):
        for a, b, share in ((p.article_a, p.article_b, p.share_a), (p.article_b, p.article_a, p.share_b)):
            rows.append({"article": axis[str(a)], "in_article": axis[str(b)], "article_label": labels.get(a, a),
                         "in_label": labels.get(b, b), "share": float(share), "passages": int(p.passages)})
    df = pd.DataFrame(rows)
    shown = set(df["article"]) | set(df["in_article"])
    order = [axis.get(str(i), labels.get(i, i)) for i in (order or [])]
    order = [o for o in order if o in shown] + sorted(shown - set(order))
    size = max(160, min(WIDTH, 26 * len(order)))
    return (
        alt.Chart(df)
        .mark_rect()
        .encode(
            x=alt.X("in_article:N", sort=order, title="…found in this article",
                    axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("article:N", sort=order, title="Share of this article's words…"),
            # the legend above: at the right it pushed the chart past the page's column and was cut
            color=alt.Color("share:Q", title="share", scale=alt.Scale(domain=[0, 1], scheme="orangered"),
                            legend=alt.Legend(orient="top", direction="horizontal")),
            tooltip=[alt.Tooltip("article_label:N", title="article"), alt.Tooltip("in_label:N", title="found in"),
                     alt.Tooltip("share:Q", format=".0%"), alt.Tooltip("passages:Q")],
        )
        .properties(width=size, height=size)
    )


def claim_intervals(claims: pd.DataFrame) -> alt.Chart:
    """One row per outlet's figure: its interval (low–high), coloured by the claim's status."""
    if claims.empty:
        return empty_chart("No figure is reported by more than one article.")
    df = claims.copy()
    if "label" not in df:
        df["label"] = df["article_id"]
    if "open_upper" not in df:
        df["open_upper"] = False
    df["upper"] = df["open_upper"].map({True: "none (open)", False: "as stated"})
    df["low"] = df["low"].astype(float)
    df["high"] = df["high"].astype(float)
    df["mid"] = (df["low"] + df["high"]) / 2
    base = alt.Chart(df).encode(
        y=alt.Y("label:N", title=None, sort=None),
        # the legend above the facets: at the right it widened the chart past the page's column, and the
        # page cut it ("single sour…")
        color=alt.Color("status:N", scale=status_scale(), title="status",
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[alt.Tooltip("claim_id:N", title="claim"), alt.Tooltip("outlet:N"),
                 alt.Tooltip("figure_text:N", title="figure"), alt.Tooltip("low:Q", format=",.4~g"),
                 alt.Tooltip("high:Q", format=",.4~g"), alt.Tooltip("upper:N", title="upper limit"),
                 alt.Tooltip("status:N")],
    )
    bars = base.mark_rule(strokeWidth=6).encode(
        x=alt.X("low:Q", title="value (interval the wording allows)", scale=alt.Scale(zero=False)),
        x2="high:Q",
    )
    points = base.mark_point(filled=True, size=60, shape="diamond").encode(x="mid:Q")
    layers = bars + points
    if df["open_upper"].astype(bool).any():
        # "more than X" has no upper limit: its bar ends in an arrow, not at a value the wording never gave
        arrows = base.transform_filter("datum.open_upper").mark_point(
            shape="triangle-right", filled=True, size=80).encode(x="high:Q")
        layers = layers + arrows
    return (
        layers
        .properties(width=WIDTH - 140, height=alt.Step(22))
        .facet(row=alt.Row("claim_id:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
        .resolve_scale(x="independent", y="independent")
    )


def timeline(publications: pd.DataFrame, mentions: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """One lane per outlet: publication dates (days as squares, ranges as bars) and the event dates
    each article mentions (days as ticks, weeks and months as thin bars).  A range that runs past the drawn window, or has no bound on a side, is
    pale and ends in an arrow on that side (``open_start``/``open_end``), never a plain bar."""
    if publications.empty:
        return empty_chart("No article has a known or inferred publication date.")
    pub = publications.copy()
    for c in ("open_start", "open_end"):
        if c not in pub:
            pub[c] = False
        pub[c] = pub[c].fillna(False).astype(bool)
    pub["open"] = pub["open_start"] | pub["open_end"]
    layers = []
    tip = [alt.Tooltip("outlet:N"), alt.Tooltip("article_id:N", title="article"),
           alt.Tooltip("what:N"), alt.Tooltip("when:N"), alt.Tooltip("basis:N")]
    ranges = pub[(pub["start"] != pub["end"]) | pub["open"]]
    mention_outlets = set(mentions["outlet"]) if "outlet" in mentions else set()
    points = pub[(pub["start"] == pub["end"]) & ~pub["open"]]
    y = alt.Y("outlet:N", title=None, sort=sorted(set(pub["outlet"]) | mention_outlets))
    x = alt.X("start:T", title="date")
    if not ranges.empty:
        layers.append(
            alt.Chart(ranges).mark_bar(height=10, color=PALETTE[0])
            .encode(x=x, x2="end:T", y=y, tooltip=tip,
                    opacity=alt.condition("datum.open", alt.value(0.2), alt.value(0.45)))
        )
        for side, col, shape in (("start", "open_start", "triangle-left"), ("end", "open_end", "triangle-right")):
            ends = ranges[ranges[col]]
            if not ends.empty:
                layers.append(
                    alt.Chart(ends).mark_point(shape=shape, size=90, filled=True, color=PALETTE[0], opacity=0.8)
                    .encode(x=alt.X(f"{side}:T", title="date"), y=y, tooltip=tip)
                )
    if not points.empty:
        layers.append(
            alt.Chart(points).mark_point(shape="square", size=110, filled=True, color=PALETTE[0])
            .encode(x=x, y=y, tooltip=tip)
        )
    if not mentions.empty:
        # a day is a tick; a week or a month a thin bar over its days (a tick at its first day read as that day)
        days = mentions[mentions["start"] == mentions["end"]]
        spans = mentions[mentions["start"] != mentions["end"]]
        if not spans.empty:
            layers.append(
                alt.Chart(spans).mark_bar(height=4, color=PALETTE[1], opacity=0.8)
                .encode(x=x, x2="end:T", y=y, tooltip=tip)
            )
        if not days.empty:
            layers.append(
                alt.Chart(days).mark_tick(thickness=2, size=16, color=PALETTE[1], opacity=0.8)
                .encode(x=x, y=y, tooltip=tip)
            )
    chart = alt.layer(*layers) if len(layers) > 1 else layers[0]
    return chart.properties(width=WIDTH, height=alt.Step(34))


def lag_bars(events: pd.DataFrame) -> alt.Chart:
    """Days from each event to the first article that mentions it."""
    if events.empty:
        return empty_chart("No event date is mentioned with a known publication date.")
    df = events.copy()
    return (
        alt.Chart(df)
        .mark_bar(color=PALETTE[1])
        .encode(
            x=alt.X("lag_days:Q", title="days from the event (its first day) to its first coverage"),
            y=alt.Y("event:N", title=None, sort=alt.SortField("resolved_start")),
            tooltip=[alt.Tooltip("event:N"), alt.Tooltip("lag_days:Q"), alt.Tooltip("articles:Q"),
                     alt.Tooltip("outlets:N")],
        )
        .properties(width=WIDTH - 60, height=alt.Step(20))
    )
