"""Loaders: real files written to tmp_path (and the seed article), one reader per format."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_helpers import LIMIT, read, skip_reason, write

from index.loaders import SUPPORTED_EXTENSIONS, read_articles
from index.loaders.dates import date_from_filename, find_date, parse_date

SEED = Path(__file__).parents[1] / "examples/articles/lavrov-mirzoyan-call-2021-10-01.ar.txt"


def test_seed_article_title_date_language_and_verbatim_text() -> None:
    root = SEED.parents[1]
    articles, warnings = read_articles(SEED, root, LIMIT)
    assert warnings == []
    [article] = articles
    assert article.source == "articles/lavrov-mirzoyan-call-2021-10-01.ar.txt"
    assert article.text == SEED.read_text(encoding="utf-8")
    assert article.date == "2021-10-01"
    assert article.language == "ar"
    # The first line is a 30-word sentence, not a headline, so the file name is the title,
    # written as headlines are.
    assert article.title == "Lavrov Mirzoyan Call"


def test_date_and_headline_come_from_the_text_without_a_dated_name(tmp_path: Path) -> None:
    body = SEED.read_text(encoding="utf-8")
    path = write(tmp_path, "lavrov.txt", "لافروف وميرزويان يبحثان اتفاقات قره باغ\n" + body)
    [article], _ = read(path)
    assert article.date == "2021-10-01"  # "اليوم الجمعة 1 تشرين الأول/ أكتوبر 2021"
    assert article.title == "لافروف وميرزويان يبحثان اتفاقات قره باغ"


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        (
            "Published 2 October 2021\nMoscow hosts Karabakh talks\n\n",
            "Moscow hosts Karabakh talks",
        ),
        ("Moscow, 1 October 2021 (TASS)\nLavrov calls Mirzoyan\n", "Lavrov calls Mirzoyan"),
        ("https://news.example/a/1\nBy Jane Roe\nTalks resume\n", "Talks resume"),
        ("Source: TASS\nTitle: Ministers speak by phone\n", "Ministers speak by phone"),
        ("نشر بتاريخ 1 تشرين الأول 2021\nلافروف يتصل بميرزويان\n", "لافروف يتصل بميرزويان"),
        ("العنوان: قمة موسكو\n", "قمة موسكو"),
        (
            "Lavrov and Mirzoyan speak on 1 October 2021\n\n",
            "Lavrov and Mirzoyan speak on 1 October 2021",
        ),
    ],
)
def test_the_articles_own_title_line_is_found_past_datelines_and_bylines(
    tmp_path: Path, opening: str, title: str
) -> None:
    body = "Foreign ministers discussed the agreements in a telephone call on Friday."
    [article], _ = read(write(tmp_path, "untitled-note.txt", opening + body))
    assert article.title == title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("lavrov-mirzoyan-call-2021-10-01.ar.txt", "Lavrov Mirzoyan Call"),
        ("talks_in_moscow_on_karabakh.txt", "Talks in Moscow on Karabakh"),
        ("un-general-assembly-76.txt", "UN General Assembly 76"),
        ("iPhone-launch.txt", "iPhone Launch"),
        ("قمة-موسكو.txt", "قمة موسكو"),
    ],
)
def test_titles_made_from_file_names_are_capitalised_like_headlines(
    tmp_path: Path, name: str, title: str
) -> None:
    [article], _ = read(write(tmp_path, name, "Ministers spoke by phone on Friday and agreed."))
    assert article.title == title


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("اليوم الجمعة 1 تشرين الأول/ أكتوبر 2021.", "2021-10-01"),
        ("الموقّعة بتاريخ 9 نوفمبر(تشرين الثاني) 2020", "2020-11-09"),
        ("في تاريخ 27 سبتمبر/ أيلول 2020، تفاقم", "2020-09-27"),
        ("في ١٥ آب ٢٠٢٠", "2020-08-15"),
        ("le 3 أوت 2019", "2019-08-03"),
        ("Published on 1 October 2021 in Moscow", "2021-10-01"),
        ("Updated Oct. 2, 2021", "2021-10-02"),
        ("see 2021-10-01T09:00:00Z", "2021-10-01"),
        ("32 October 2021 is not a date", None),
        ("no date here", None),
    ],
)
def test_find_date(text: str, iso: str | None) -> None:
    assert find_date(text) == iso


def test_parse_date_metadata_forms() -> None:
    assert parse_date("2021-10-01T09:00:00+03:00") == "2021-10-01"
    assert parse_date("Fri, 01 Oct 2021 10:00:00 GMT") == "2021-10-01"
    assert parse_date("D:20211001120000+03'00'") == "2021-10-01"
    assert parse_date(1633046400) == "2021-10-01"
    assert parse_date(1633046400000) == "2021-10-01"
    assert parse_date("soon") is None and parse_date(None) is None
    assert date_from_filename("tass_20211001_lavrov.txt") == "2021-10-01"
    assert date_from_filename("report-2021-13-01.txt") is None


HTML = """<!doctype html><html><head><title>Talks | Example News</title>
<meta property="og:title" content="Lavrov and Mirzoyan discuss Karabakh">
<link rel="canonical" href="https://news.example/lavrov">
<script type="application/ld+json">
{"@graph": [{"@type": "NewsArticle", "datePublished": "2021-10-01T09:00:00+03:00"}]}
</script><style>p {color: red}</style></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav>Example News</header>
<div class="menu"><ul><li><a href="/p">Politics</a></li><li><a href="/s">Sports</a></li></ul></div>
<article><h1>Lavrov and Mirzoyan discuss Karabakh</h1>
<p>Russian Foreign Minister Sergei Lavrov and his Armenian counterpart discussed the
<a href="/k">trilateral agreements</a> on Nagorno-Karabakh in a phone call on Friday.</p>
<p>The ministers also talked about <b>humanitarian</b> issues, the ministry said.</p>
<div class="related"><h3>Related stories</h3><ul><li><a href="/1">Story one about it</a></li>
<li><a href="/2">Story two about something else</a></li></ul></div>
<form><input name="q"> Subscribe to our newsletter</form></article>
<aside>Most read: <a href="/x">Celebrity gossip</a></aside>
<footer>Copyright 2021 Example News</footer><script>var tracking = 1;</script></body></html>"""


def test_html_keeps_the_story_and_drops_menus(tmp_path: Path) -> None:
    [article], _ = read(write(tmp_path, "page.html", HTML))
    assert (article.title, article.date) == ("Lavrov and Mirzoyan discuss Karabakh", "2021-10-01")
    assert (article.url, article.language) == ("https://news.example/lavrov", "en")
    assert "discussed the trilateral agreements on Nagorno-Karabakh" in article.text
    assert "about humanitarian issues" in article.text
    furniture = "Home Politics Related Story Subscribe Celebrity Copyright tracking color"
    assert not [word for word in furniture.split() if word in article.text]


def test_html_without_article_uses_meta_time_and_title(tmp_path: Path) -> None:
    page = """<html><head><title>قمة موسكو - موقع الأخبار</title>
    <meta property="article:published_time" content="2020-11-09T10:00:00Z"></head>
    <body><nav><a href="/">الرئيسية</a></nav>
    <main><p>وقع الرؤساء بيانا مشتركا.</p></main></body></html>"""
    [article], _ = read(write(tmp_path, "summit.htm", page))
    assert article.title == "قمة موسكو"
    assert article.date == "2020-11-09"
    assert article.text == "وقع الرؤساء بيانا مشتركا."
    assert article.language == "ar"


def test_markdown_front_matter_and_light_stripping(tmp_path: Path) -> None:
    md = (
        '---\ntitle: "Front title"\ndate: 2021-10-01\nurl: https://x.example/a\n---\n'
        "# Heading one\n\nSome **bold** and [a link](http://x) and `code`.\n\n"
        "- item one\n- item two\n\n> quoted text\n\n---\n![alt text](img.png)\n"
    )
    [article], _ = read(write(tmp_path, "post.md", md))
    assert (article.title, article.date, article.url) == (
        "Front title",
        "2021-10-01",
        "https://x.example/a",
    )
    assert article.text == (
        "Heading one\n\nSome bold and a link and code.\n\n"
        "item one\nitem two\n\nquoted text\n\nalt text"
    )
    [plain], _ = read(write(tmp_path, "notes.md", "# The *real* title\n\nBody on 2 May 2020."))
    assert (plain.title, plain.date) == ("The real title", "2020-05-02")


def test_jsonl_skips_malformed_lines_and_reports_them(tmp_path: Path) -> None:
    lines = [
        '{"title": "One", "text": "First article text.", "date": "2021-10-01", "url": "http://x/1"}',
        "{bad json",
        "",
        '{"headline": "Two", "content": "ثاني مقال عن قره باغ", "published_at": 1633132800}',
        '{"title": "no text here"}',
        '{"body": "truncated',
    ]
    articles, warnings = read(write(tmp_path, "feed.jsonl", "\n".join(lines)))
    assert [(a.record, a.title, a.date, a.language) for a in articles] == [
        (0, "One", "2021-10-01", "en"),
        (3, "Two", "2021-10-02", "ar"),
    ]
    assert articles[0].url == "http://x/1" and articles[1].source == "feed.jsonl"
    assert warnings == [
        "2 malformed lines skipped (lines 2, 6)",
        "1 record without text/content/body skipped (line 5)",
    ]


def test_json_object_and_list(tmp_path: Path) -> None:
    [one], _ = read(
        write(tmp_path, "one.json", '{"headline": "Solo", "body": ["P one.", "P two."]}')
    )
    assert (one.title, one.text, one.record) == ("Solo", "P one.\nP two.", 0)
    many, warnings = read(write(tmp_path, "many.json", '[{"text": "A."}, 5, {"content": "B."}]'))
    assert [(a.record, a.text) for a in many] == [(0, "A."), (2, "B.")]
    assert warnings == ["1 record without text/content/body skipped (record 1)"]


def test_bad_file_reasons(tmp_path: Path) -> None:
    assert {".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".pdf"} == SUPPORTED_EXTENSIONS
    assert skip_reason(write(tmp_path, "report.docx", b"PK\x03\x04")).startswith(
        "unsupported file type (.docx)"
    )
    assert skip_reason(write(tmp_path, "empty.txt", b"")) == "empty file (0 bytes)"
    assert skip_reason(write(tmp_path, "blank.md", " \n\t\n")) == "empty file (no text)"
    big = write(tmp_path, "big.txt", b"a" * (2 * 1024 * 1024 - 100_000))
    assert skip_reason(big, 1024 * 1024) == "1.9 MB is over the 1 MB limit (NEWSQA_MAX_FILE_MB)"
    assert skip_reason(write(tmp_path, "bin.txt", b"abc\x00\x01def")) == (
        "binary file (contains NUL bytes), not text"
    )
    garbage = bytes(range(128, 256)) * 4 + b"\x01"
    assert skip_reason(write(tmp_path, "latin.txt", garbage)) == "not valid UTF-8 text"
    assert skip_reason(write(tmp_path, "bad.json", '{"title": "x",')).startswith("malformed JSON")
    assert skip_reason(write(tmp_path, "notext.json", '[{"title": "x"}]')) == (
        "no JSON object with a text/content/body field"
    )
    assert skip_reason(write(tmp_path, "allbad.jsonl", "{\n[")).startswith("no valid JSON line")


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", "hidden")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod does not stop root
    assert skip_reason(path) == "cannot read the file: permission denied"


def test_other_encodings_are_decoded(tmp_path: Path) -> None:
    arabic = "عنوان الخبر\nوقال الوزير إن المحادثات كانت مثمرة."
    [cp1256], _ = read(write(tmp_path, "win.txt", arabic.encode("cp1256")))
    assert (cp1256.text, cp1256.title, cp1256.language) == (arabic, "عنوان الخبر", "ar")
    [utf16], _ = read(write(tmp_path, "u16.TXT", "Title\r\nBody text.".encode("utf-16")))
    assert (utf16.text, utf16.title) == ("Title\nBody text.", "Title")
    [bom], _ = read(write(tmp_path, "bom.txt", b"\xef\xbb\xbfHello there."))
    assert bom.text == "Hello there."
