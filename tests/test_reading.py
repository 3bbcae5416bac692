from __future__ import annotations

import json
from pathlib import Path

from summarizer.reading import (
    Article,
    ReadFailure,
    _control_share,
    read_articles,
    safe_article_id,
)


def read(paths: list[Path]) -> tuple[dict[str, Article], dict[str, str]]:
    ok: dict[str, Article] = {}
    bad: dict[str, str] = {}
    for item in read_articles(paths):
        if isinstance(item, ReadFailure):
            bad[item.article_id] = item.reason
        else:
            ok[item.article_id] = item
    return ok, bad


def test_utf8_bom_and_windows_1252_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffCafé owners said 12 shops closed.".encode())
    (tmp_path / "legacy.txt").write_bytes("“Quoted” – 5 €uros".encode("cp1252"))
    ok, bad = read([tmp_path])
    assert not bad
    assert ok["bom"].text == "Café owners said 12 shops closed."
    assert ok["legacy"].text == "“Quoted” – 5 €uros"


def test_empty_whitespace_and_binary_files_fail_with_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    ok, bad = read([tmp_path])
    assert not ok
    assert "empty" in bad["empty"]
    assert "empty" in bad["blank"]
    assert "binary" in bad["binary"]


def test_html_main_text_is_extracted_without_scripts_or_navigation(tmp_path: Path) -> None:
    body = " ".join(["The council approved 14 new bus routes on Tuesday."] * 6)
    (tmp_path / "page.html").write_text(
        "<html><head><title>Buses</title><script>alert('x')</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<article><h1>Buses</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Copyright</footer></body></html>", encoding="utf-8")
    ok, _ = read([tmp_path])
    text = ok["page"].text
    assert "14 new bus routes" in text
    assert "alert" not in text and "Copyright" not in text


def test_jsonl_with_broken_lines_and_duplicate_ids(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": "First 1."}), "{not json",
             json.dumps({"id": "a", "text": "Again 2."}), json.dumps({"text": "no id"}),
             json.dumps({"id": "b", "text": "Second 3.", "title": "B"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    ok, bad = read([tmp_path])
    assert set(ok) == {"a", "b"}
    assert ok["a"].text == "First 1." and ok["b"].title == "B"
    reasons = " | ".join(bad.values())
    assert "invalid JSON line" in reasons and "duplicate" in reasons and '"id"' in reasons


def test_article_ids_cannot_escape_the_output_folder() -> None:
    for raw in ("../../x", "/etc/passwd", "..", "a/../../b", "C:\\win\\x"):
        cleaned = safe_article_id(raw)
        assert "/" not in cleaned and "\\" not in cleaned and ".." not in cleaned
        assert cleaned not in ("", ".", "..")


def test_unicode_and_space_file_names_keep_their_stem(tmp_path: Path) -> None:
    (tmp_path / "Zürich report 1.md").write_text("# Title\n\n3 trams stopped.", "utf-8")
    ok, _ = read([tmp_path])
    assert ok["Zürich report 1"].text.startswith("# Title")


def test_control_share_counts_control_characters_but_layout_ones() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    control = sum(1 for c in every if ord(c) < 32 and c not in "\n\r\t\f")
    assert control == 28
    assert _control_share(every) == control / len(every)
    assert _control_share("") == 0.0


def test_a_broken_link_in_a_folder_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("Crews cleared 4 roads.", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "moved-away.txt")
    (tmp_path / "image.png").symlink_to(tmp_path / "nowhere.png")  # not an article suffix
    ok, bad = read([tmp_path])
    assert list(ok) == ["real"]
    assert list(bad) == ["gone"] and "cannot read file" in bad["gone"]
