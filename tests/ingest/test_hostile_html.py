"""Saved pages built to stall a reader: each is read in time linear in its size.

Each case took tens of seconds to minutes before (measured in bench/html_parsing.py); the bound
here is many times what a linear reader needs on a busy machine, and stops a regression early.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from kg.errors import InputError
from kg.ingest.clean import clean_body
from kg.ingest.html import parse_html

STORY = "<p>The story begins with this first paragraph of plain text.</p>"
LIMIT = 10  # seconds; a linear reader takes well under one for each case


@contextmanager
def deadline(seconds: int):  # noqa: ANN201
    def expired(*_: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s: the reader is not linear in its input")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(STORY + "<span>" * 64_000 + "</b>" * 64_000, id="spans-then-stray-end-tags"),  # 46 s before
        pytest.param(STORY + "<p>This is one more sentence of the long story.</p>" * 128_000, id="short-paragraphs"),  # 20 s at 64,000
        pytest.param(STORY + '<a b="' * 32_000, id="cut-off-attribute"),  # 92 s
        pytest.param(STORY + "<!--" * 64_000, id="cut-off-comment"),  # 15 s at 32,000
        pytest.param(STORY + "<![CDATA[" * 128_000, id="cut-off-cdata"),  # 38 s
        pytest.param(STORY + "<!" * 1_000_000, id="cut-off-declaration"),  # 11 s at 512,000
    ],
)
def test_hostile_pages_are_read_in_linear_time(page):
    with deadline(LIMIT):
        try:
            article, _ = parse_html(page, article_id="x", origin="x.html")
        except InputError:
            return
    assert article.text.startswith("The story begins")


def test_what_the_end_of_the_file_cuts_off_is_not_text():
    page = '<p>A sentence of the story that is long enough to keep.</p><p>The last paragraph of the story, saved unfinished <a href="x'
    article, _ = parse_html(page, article_id="x", origin="x.html")
    assert article.text == "A sentence of the story that is long enough to keep.\n\nThe last paragraph of the story, saved unfinished"


def test_many_lines_are_cleaned_in_linear_time():
    with deadline(LIMIT):
        body = clean_body([f"Line {i} of the story goes on here." for i in range(400_000)])
    assert body.text.count("\n\n") == 399_999
