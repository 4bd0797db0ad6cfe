"""A brief written as HTML (a page that prints: a print stylesheet; the charts inline) or
Markdown, from its document (`compose`). Each part of a sentence that has evidence is
a link to the web page's article view with its span highlighted,
`{base}/#/article/ID?span=START-END` (`&field=title` for a span of the headline)."""
from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import Callable
from urllib.parse import quote

import depeche.brief.french as french
from .charts import map_svg, timeline_svg

__all__ = ["FORMATS", "render", "render_html", "render_markdown", "evidence_link",
           "STYLESHEET"]

FORMATS = ("html", "md", "json")
STYLESHEET = "/static/brief.css"       # where the server serves the brief's styles


def evidence_link(ev: dict, base: str = "") -> str:
    """The URL of the article view showing this evidence's span."""
    url = (f"{base.rstrip('/')}/#/article/{quote(ev['article_id'], safe='')}"
           f"?span={ev['start']}-{ev['end']}")
    return url + ("&field=title" if ev.get("field") == "title" else "")


def _sections(brief: dict) -> list[tuple[str, list[dict], str]]:
    """(heading, sentences, what to say when empty) of each written section."""
    h = french.words()["headings"]
    tolls = [s for t in brief["tolls"] for s in t["sentences"]]
    return [(h["tolls"], tolls, h["no_tolls"]),
            (h["chronology"], [c["sentence"] for c in brief["chronology"]], h["no_chronology"]),
            (h["announced"], [c["sentence"] for c in brief["announced"]], h["no_announced"]),
            (h["speakers"], [s["sentence"] for s in brief["speakers"]], h["no_speakers"])]


# -- Markdown ------------------------------------------------------------------------
def _md_escape(text: str) -> str:
    for ch in "\\[]*_`<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_sentence(sentence: dict, base: str) -> str:
    out = []
    for part in sentence["parts"]:
        text = _md_escape(part["text"])
        evs = part["evidence"]
        if not evs:
            out.append(text)
            continue
        out.append(f"[{text}]({evidence_link(evs[0], base)})")
        out += [f" [{i}]({evidence_link(e, base)})" for i, e in enumerate(evs[1:], 2)]
    return "".join(out)


def render_markdown(brief: dict, *, base: str = "") -> str:
    """The brief in Markdown: sections as lists, evidence as links."""
    h = french.words()["headings"]
    lines = [f"# {_md_escape(brief['title'])}", "", _md_sentence(brief["headline"], base), ""]
    if brief["places"]["items"]:
        lines += [_md_sentence(brief["places"]["sentence"], base), ""]
    lines += [f"_{_md_escape(n)}_" for n in brief["notes"]]
    tolls = {t["title"]: t["sentences"] for t in brief["tolls"]}
    for heading, sentences, empty in _sections(brief):
        lines += [f"## {heading}", ""]
        if heading == h["tolls"] and tolls:
            for ss in tolls.values():
                lines += ["- " + " ".join(_md_sentence(s, base) for s in ss)]
        else:
            lines += [f"- {_md_sentence(s, base)}" for s in sentences] or [f"_{empty}_"]
        lines.append("")
    lines += [f"## {h['sources']}", ""]
    lines += [f"1. {french.day(a['published'])} — {_md_escape(a['title'] or a['id'])} "
              f"(`{a['id']}`)" for a in brief["articles"]]
    lines += ["", f"_{_md_escape(h['generated'])}_ ({brief['engine']})", ""]
    return "\n".join(lines)


# -- HTML ------------------------------------------------------------------------------
def _html_sentence(sentence: dict, base: str) -> str:
    h = french.words()["headings"]
    out = []
    for part in sentence["parts"]:
        text = escape(part["text"])
        evs = part["evidence"]
        if not evs:
            out.append(text)
            continue

        def tip(e: dict) -> str:
            return escape(h["evidence"].format(article=e["article_id"], start=e["start"],
                                               end=e["end"]) + f" : « {e['words']} »")
        out.append(f'<a class="ev" href="{escape(evidence_link(evs[0], base))}" '
                   f'title="{tip(evs[0])}">{text}</a>')
        out += [f'<a class="ev more" href="{escape(evidence_link(e, base))}" '
                f'title="{tip(e)}"><sup>{i}</sup></a>' for i, e in enumerate(evs[1:], 2)]
    return "".join(out)


def _html_body(brief: dict, base: str) -> list[str]:
    h = french.words()["headings"]
    out = [f"<h1>{escape(brief['title'])}</h1>",
           f'<p class="headline">{_html_sentence(brief["headline"], base)}</p>']
    if brief["places"]["items"]:
        out.append(f'<p class="places">{_html_sentence(brief["places"]["sentence"], base)}</p>')
    out += [f'<p class="note">{escape(n)}</p>' for n in brief["notes"]]
    out.append(f'<section class="tolls"><h2>{escape(h["tolls"])}</h2>')
    for t in brief["tolls"]:
        flag = " conflict" if t["disagreements"] else ""     # sources disagreed a day
        out.append(f'<div class="toll{flag}" data-category="{escape(t["category"])}">'
                   + "".join(f"<p>{_html_sentence(s, base)}</p>" for s in t["sentences"])
                   + "</div>")
    if not brief["tolls"]:
        out.append(f'<p class="empty">{escape(h["no_tolls"])}</p>')
    out.append("</section>")
    for heading, sentences, empty in _sections(brief)[1:]:
        out.append(f"<section><h2>{escape(heading)}</h2>")
        out.append("<ul>" + "".join(f"<li>{_html_sentence(s, base)}</li>" for s in sentences)
                   + "</ul>" if sentences else f'<p class="empty">{escape(empty)}</p>')
        out.append("</section>")
    charts = [map_svg(brief["map"], h["map"]), timeline_svg(brief["timeline"], h["timeline"])]
    if any(charts):
        out.append(f'<section class="charts"><h2>{escape(h["charts"])}</h2>')
        out += [f'<figure>{svg}<figcaption>{escape(cap)}</figcaption></figure>'
                for svg, cap in zip(charts, (h["map"], h["timeline"])) if svg]
        out.append("</section>")
    out.append(f'<section class="sources"><h2>{escape(h["sources"])}</h2><ol>')
    out += [f'<li>{escape(french.day(a["published"]))} — <a href="'
            f'{escape(base.rstrip("/"))}/#/article/{escape(quote(a["id"], safe=""))}">'
            f'{escape(a["title"] or a["id"])}</a>'
            + (f' <span class="outlet">({escape(a["outlet"])})</span>' if a["outlet"] else "")
            + "</li>" for a in brief["articles"]]
    out.append("</ol></section>")
    out.append(f'<footer>{escape(h["generated"])} ({escape(brief["engine"])})</footer>')
    return out


def stylesheet() -> str:
    return resources.files("depeche").joinpath("web/static/brief.css").read_text(
        encoding="utf-8")


def render_html(brief: dict, *, base: str = "", inline_styles: bool = True) -> str:
    """The brief as a page. `inline_styles`: its stylesheet inside it (a file that
    stands alone); else linked (`STYLESHEET`: what the server's Content-Security-Policy
    allows)."""
    style = f"<style>{stylesheet()}</style>" if inline_styles else \
        f'<link rel="stylesheet" href="{STYLESHEET}">'
    return "\n".join(["<!doctype html>", '<html lang="fr">', "<head>",
                      '<meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      f"<title>{escape(brief['title'])}</title>",
                      '<link rel="icon" href="data:,">', style, "</head>",
                      '<body><main class="brief">', *_html_body(brief, base),
                      "</main></body>", "</html>", ""])


def render(brief: dict, fmt: str, *, base: str = "", inline_styles: bool = True) -> str:
    """The brief in `fmt` (one of FORMATS)."""
    writers: dict[str, Callable[[], str]] = {
        "html": lambda: render_html(brief, base=base, inline_styles=inline_styles),
        "md": lambda: render_markdown(brief, base=base),
        "json": lambda: json.dumps(brief, ensure_ascii=False, indent=1) + "\n"}
    return writers[fmt]()
