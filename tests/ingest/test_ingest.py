"""Reading articles: the seed conventions, JSONL field names, saved pages, paths, bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.ingest import read_articles
from kg.ingest.dates import BadDate, dateline, parse_date
from kg.records import Article, InputProblem
from tests.conftest import SEEDS, shared_data


def articles(*paths, **kw) -> tuple[list[Article], list[InputProblem]]:
    got = list(read_articles([str(p) for p in paths], **kw))
    return [a for a in got if isinstance(a, Article)], [p for p in got if isinstance(p, InputProblem)]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    arts, problems = articles(SEEDS)
    assert not problems
    return {a.id: a for a in arts}


def test_seed_ids_are_file_stems(seeds):
    assert sorted(seeds) == sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize(
    ("article_id", "published", "author", "title_start"),
    [
        ("000_4c6d2b9258616e59", date(2022, 3, 2), "Will Taylor", "Putin's invasion of Ukraine leaves"),  # dateline
        ("001_e953b9b09d8558c9", date(2022, 3, 2), "Will Taylor", "Putin's invasion of Ukraine leaves"),  # date line
        ("002_a0a28e4cab6760e0", None, None, "Civilians ran for their lives"),  # no date at all
        ("003_9005c87e2e9c69b0", date(2022, 3, 2), None, "Ukraine has claimed that more than 2,000"),
        ("004_c7c84149450f7894", None, None, "U.N.: Ukraine Refugee Count Tops 1 Million"),
    ],
)
def test_seed_metadata(seeds, article_id, published, author, title_start):
    a = seeds[article_id]
    assert a.published == published
    assert a.author == author
    assert a.title.startswith(title_start)
    assert a.text.startswith(a.title)


@pytest.mark.parametrize(
    "furniture",
    ["Listen to this article", "Loading audio...", "Read more:", "Picture: Alamy", "More to follow...",
     "By Will Taylor", "2 March 2022, 13:44", "Updated:", " date 2022-03-02"],
)
def test_page_furniture_is_not_text(seeds, furniture):
    for a in seeds.values():
        assert furniture not in a.text, (a.id, furniture)


def test_story_text_is_kept(seeds):
    text = seeds["000_4c6d2b9258616e59"].text
    assert "Ukraine's State Emergency Service said that 2,000 civilians have been killed" in text
    assert text.count("Ukraine's cities are being devastated by Russian bombardments") == 0  # a caption
    assert "\n\n" in text  # paragraphs survive
    # The headline printed twice at the top of 004 is read once, as the title.
    assert seeds["004_c7c84149450f7894"].text.count("Refugee Count Tops 1 Million") == 1


def test_txt_date_line_and_title(tmp_path):
    f = tmp_path / "a1.txt"
    f.write_text(" date 2021-12-31 A headline\n\nBy Jane Doe\n\nThe body. It has two sentences.\n", encoding="utf-8")
    (a,), problems = articles(f)
    assert not problems
    assert (a.id, a.title, a.published, a.author) == ("a1", "A headline", date(2021, 12, 31), "Jane Doe")
    assert a.text == "A headline\n\nThe body. It has two sentences."


def test_jsonl_field_names(tmp_path):
    f = tmp_path / "dump.jsonl"
    records = [
        {"id": "x1", "title": "T1", "text": "Body one.", "published": "2022-03-01", "url": "https://e.x/1", "outlet": "Paper"},
        {"headline": "T2", "body": "Body two.", "date": "March 2, 2022", "source": {"name": "Wire"}, "author": ["A", "B"]},
        {"id": 7, "content": "Body three.", "datePublished": "2022-03-03T10:00:00Z"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    arts, problems = articles(f)
    (note,) = problems  # the third has no title: kept, with a note
    assert not note.skipped and note.origin.endswith(":3") and "no title" in note.problem
    a1, a2, a3 = arts
    assert (a1.id, a1.url, a1.source, a1.published) == ("x1", "https://e.x/1", "Paper", date(2022, 3, 1))
    assert (a2.id, a2.title, a2.source, a2.author, a2.published) == ("dump-2", "T2", "Wire", "A, B", date(2022, 3, 2))
    assert (a3.id, a3.published, a3.text) == ("7", date(2022, 3, 3), "Body three.")


def test_jsonl_bad_lines_are_reported_and_the_rest_land(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"id": "ok1", "text": "Fine."}\n{"id": "bad", "text": \n{"id": "ok2", "text": 5}\n'
                 '{"id": "ok3", "text": "Also fine.", "published": "2022-02-31"}\n[1, 2]\n{"id": "ok4", "text": "Last."}\n',
                 encoding="utf-8")
    arts, problems = articles(f)
    assert [a.id for a in arts] == ["ok1", "ok3", "ok4"]  # an impossible date costs the date, not the article
    assert [p.origin.rsplit(":", 1)[1] for p in problems] == ["1", "2", "3", "4", "4", "5", "6"]
    assert [p.skipped for p in problems] == [False, True, True, False, False, True, False]
    assert "malformed JSON" in problems[1].problem
    assert "'text' is int" in problems[2].problem
    assert "not a real date" in problems[4].problem and "kept without a date" in problems[4].problem
    assert "expected a JSON object" in problems[5].problem
    assert all(str(f) in str(p) and "\n" not in str(p) for p in problems)


def test_html_page(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        """<html><head><title>Site | Story</title><meta property="og:title" content="Mayor speaks">
        <meta property="article:published_time" content="2022-03-04T08:00:00+00:00">
        <meta name="author" content="Ann Lee"><meta property="og:site_name" content="Daily">
        <script>var x = "<p>not text</p>";</script></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Mayor speaks</h1><p>The mayor of Kharkiv, Ihor Terekhov, said the city stands.</p>
        <figure><figcaption>A photo caption.</figcaption></figure>
        <p>Residents &amp; officials gathered in the square on Friday.</p></article>
        <footer>Copyright Daily</footer></body></html>""",
        encoding="utf-8",
    )
    (a,), problems = articles(f)
    assert not problems
    assert (a.title, a.published, a.author, a.source) == ("Mayor speaks", date(2022, 3, 4), "Ann Lee", "Daily")
    assert "Ihor Terekhov" in a.text and "Residents & officials" in a.text
    for absent in ("not text", "Home", "photo caption", "Copyright"):
        assert absent not in a.text


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"   \n\t\n", "only whitespace"),
        ("nul.txt", b"abc\x00def", "binary file"),
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_get_one_line_and_good_ones_land(tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Title\n\nA good article.", encoding="utf-8")
    arts, problems = articles(tmp_path / name, tmp_path / "good.txt")
    assert [a.id for a in arts] == ["good"]
    assert len(problems) == 1 and problem in problems[0].problem and name in problems[0].origin


def test_directories_globs_and_missing_paths(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One\n\nText one.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text("Two\n\nText two.", encoding="utf-8")
    (tmp_path / "a" / "b" / "skip.md").write_text("not an article", encoding="utf-8")
    arts, problems = articles(tmp_path / "a")
    assert [a.id for a in arts] == ["two", "one"] and not problems  # sorted by path: a/b/two.txt < a/one.txt
    arts, problems = articles(str(tmp_path / "a" / "**" / "*.txt"), tmp_path / "nowhere")
    assert sorted(a.id for a in arts) == ["one", "two"]
    assert [p.problem for p in problems] == ["no such file or directory; nothing read"]


def test_the_order_paths_are_given_in_does_not_matter(tmp_path):
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.txt").write_text(f"{name}\n\nText.", encoding="utf-8")
    one, _ = articles(tmp_path / "c.txt", tmp_path / "a.txt", tmp_path / "b.txt")
    two, _ = articles(tmp_path / "b.txt", tmp_path / "c.txt", tmp_path / "a.txt")
    assert [a.id for a in one] == [a.id for a in two] == ["a", "b", "c"]


def test_duplicate_ids_are_reported(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "same.txt").write_text("T\n\nBody.", encoding="utf-8")
    arts, problems = articles(tmp_path)
    assert len(arts) == 1 and len(problems) == 1 and "already taken" in problems[0].problem


def test_future_date_is_dropped_with_a_note(tmp_path):
    f = tmp_path / "f.txt"
    f.write_text(" date 2099-01-01 Title\n\nBody.", encoding="utf-8")
    (a,), (note,) = articles(f, today=date(2026, 1, 1))
    assert a.published is None and not note.skipped and "in the future" in note.problem


def test_default_publication_date(tmp_path):
    f = tmp_path / "nodate.txt"
    f.write_text("Title\n\nBody.", encoding="utf-8")
    (a,), _ = articles(f, published=date(2022, 3, 5))
    assert a.published == date(2022, 3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2022-03-02", date(2022, 3, 2)), ("2 March 2022", date(2022, 3, 2)), ("March 2, 2022", date(2022, 3, 2)),
     ("Wed, 02 Mar 2022 13:44:00 GMT", date(2022, 3, 2)), ("2022-03-02T13:44:00Z", date(2022, 3, 2)),
     ("not a date", None)],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2022-02-31", "20222-01-01", "31 February 2022"])
def test_impossible_dates_raise(text):
    with pytest.raises(BadDate):
        parse_date(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("2 March 2022, 13:44 | Updated: 2 March 2022, 18:14", date(2022, 3, 2)),
     ("Published: March 4, 2022", date(2022, 3, 4)),
     ("On 2 March 2022 the city was shelled.", None)],
)
def test_dateline(line, expected):
    assert dateline(line) == expected


def test_reference_jsonl_reads_completely():
    path = shared_data("ukraine-news-2022", "articles_2022-02-20_to_2022-03-31.jsonl")
    arts, problems = articles(path)
    assert len(arts) == 1146 and not problems
    assert all(a.published is not None and a.text for a in arts)


def test_inputs_are_counted_ahead_for_the_progress_bar(tmp_path):
    from kg.ingest import count_inputs, read_articles

    (tmp_path / "a.txt").write_text("Title\n\nSome text here.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<html><body><h1>T</h1><p>Text of it.</p></body></html>", encoding="utf-8")
    lines = ['{"id": "x1", "title": "T", "text": "One."}', "", '{"id": "x2", "title": "T", "text": "Two."}', "not json", "  "]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths = [str(tmp_path), str(tmp_path / "missing.txt")]
    items = [i for i in read_articles(paths) if not hasattr(i, "skipped") or i.skipped]
    assert count_inputs(paths) == len(items) == 6  # two files, three JSONL lines (one bad), one missing path


def test_a_txt_of_page_furniture_only_is_skipped_and_furniture_is_never_a_title(tmp_path):
    """A .txt of "Read more" and the like used to land as an article titled "Read more"."""
    (tmp_path / "furniture.txt").write_text("Read more\n\nAdvertisement\n\nShare this article\n\nFollow us on Twitter\n",
                                            encoding="utf-8")
    (tmp_path / "story.txt").write_text("Advertisement\n\nKyiv shelled overnight\n\nRussian forces shelled the capital.\n",
                                        encoding="utf-8")
    arts, problems = articles(tmp_path)
    assert [(a.id, a.title) for a in arts] == [("story", "Kyiv shelled overnight")]
    assert [(p.origin, p.skipped) for p in problems] == [(str(tmp_path / "furniture.txt"), True)]
    assert "only page furniture" in problems[0].problem


@pytest.mark.parametrize("head", ["", "<title>Kyiv shelled overnight</title>"])
def test_the_title_of_an_inline_svg_is_not_the_headline(tmp_path, head):
    page = (f"<html><head>{head}</head><body><button><svg><title>Close menu</title></svg></button>"
            "<svg><title>Share icon</title><path d='M0'/></svg>"
            "<p>Russian forces shelled the capital overnight, officials said on Tuesday morning.</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    [article], _ = articles(tmp_path / "page.html")
    assert article.title == ("Kyiv shelled overnight" if head else "")
    assert "icon" not in article.text and "menu" not in article.text


def test_metadata_fields_are_bounded_with_a_note_each(tmp_path):
    """A 10 MB author or URL used to go into the store, every export and the explorer's page."""
    record = {"id": "a", "title": "T" * 3000, "author": "x" * 10_000_000, "url": "https://example.org/" + "a" * 5000,
              "source": "Wire", "text": "Russian forces shelled the capital overnight."}
    (tmp_path / "big.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article], notes = articles(tmp_path / "big.jsonl")
    assert (article.title, article.author, article.url, article.source) == ("", None, None, "Wire")
    assert article.text.startswith("T" * 3000)  # the headline stays in the text
    assert [(n.origin, n.skipped) for n in notes] == [(f"{tmp_path / 'big.jsonl'}:1", False)] * 3
    assert [n.problem.split(" is ")[0] for n in notes] == ["headline", "author", "URL"]
    assert "10,000,000 characters, over the 2,000-character limit" in notes[1].problem


@pytest.mark.parametrize(("body", "text"), [
    # what a page leaves of a link or an embedded post whose words it dropped
    ("Biden might lose. ‘ ’ , Rove argued that he would.", "Biden might lose. Rove argued that he would."),
    ("He made up his mind. : ‘ ’ One clip shows it.", "He made up his mind. One clip shows it."),
    ("He took office. ‘’ : 'T ‘ President Biden spoke.", "He took office. President Biden spoke."),
    ("A poll. - : ‘’ ‘ ’ President Biden listens.", "A poll. President Biden listens."),
    ("Was it? 'S ‘ ’ : A ‘- ’ \"Absolutely not,\" she said.", "Was it? \"Absolutely not,\" she said."),
    # a capital that ends the run begins the next sentence
    ("He left. ‘ ’ A man was killed.", "He left. A man was killed."),
    # a quotation's own marks, and a dash of the story, stay
    ("He said 'yes ' and left. It is - as he said - over.", "He said 'yes ' and left. It is - as he said - over."),
    ('"We will win. " He left.', '"We will win. " He left.'),
])
def test_stray_quotation_marks_of_a_page_are_not_text(tmp_path, body, text):
    f = tmp_path / "dump.jsonl"
    f.write_text(json.dumps({"id": "x1", "title": "T1", "text": body, "published": "2022-03-01"}) + "\n", encoding="utf-8")
    (article,), _ = articles(f)
    assert article.text == f"T1\n\n{text}"
