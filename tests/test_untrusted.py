"""The one module for untrusted files (read/untrusted.py): the bounded read, the zip guard and the
XML guard, each used by every reader with its own limits and its own words. What the readers say
of each refusal is pinned in test_xlsx_trust, test_trust and test_render_limits; here, the guards
themselves, with inputs built by hand."""

from __future__ import annotations

import io
import os
import stat
import threading
import zipfile

import pytest

from jxplan.read import untrusted
from jxplan.read.untrusted import KINDS, NotRead, ZipLimits, ZipRefused, inflate, open_zip, read_bounded, read_capped
from jxplan.read.xlsx import container as workbook
from jxplan.render import docx as word


# ---- the bounded read -------------------------------------------------------------------------

def test_a_file_within_its_cap_is_read_whole_and_one_byte_over_is_refused_by_its_size(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_bytes(b"0123456789")
    assert read_bounded(f, 10) == b"0123456789"
    with pytest.raises(NotRead) as refused:
        read_bounded(f, 9)
    assert (refused.value.kind, refused.value.size) == ("too-large", 10)
    assert read_capped(f, 9)[1].message == "文件有 10 字節，超過上限 9；這不像 jxplan 的文件"


def test_a_file_that_grows_past_its_cap_as_it_is_read_is_refused_after_cap_plus_one_bytes(tmp_path, monkeypatch):
    # the file says 4 bytes when looked at and when opened, then holds 100: never read past 11
    f = tmp_path / "r.yaml"
    f.write_bytes(b"x" * 100)
    small = os.stat_result((stat.S_IFREG | 0o644, 1, 1, 1, 0, 0, 4, 0, 0, 0))
    monkeypatch.setattr(os, "stat", lambda path: small)
    monkeypatch.setattr(os, "fstat", lambda fd: small)
    asked = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: asked.append(n) or real_read(fd, n))
    raw, problem = read_capped(f, 10)
    assert raw is None and problem.code == "file-too-large" and problem.message == "文件超過上限 10 字節；這不像 jxplan 的文件"
    assert sum(asked) == 11


def test_a_pipe_is_refused_by_its_type_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "r.yaml"
    os.mkfifo(fifo)
    done = []
    worker = threading.Thread(target=lambda: done.append(read_capped(fifo, 10)), daemon=True)
    worker.start()
    worker.join(5)
    assert done, "the read waited for a writer"
    raw, problem = done[0]
    assert raw is None and (problem.code, problem.message) == ("not-a-file", "這是命名管道（FIFO），不是普通文件；jxplan 不讀它")


def test_a_folder_a_missing_file_and_a_link_loop_are_said_in_chinese(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    said = {name: read_capped(tmp_path / name, 10)[1] for name in (".", "gone.yaml", "loop")}
    assert (said["."].code, said["."].message) == ("not-a-file", "這是文件夾，不是普通文件；jxplan 不讀它")
    assert said["gone.yaml"].code == "not-found" and said["loop"].code == "symlink-loop"


def test_the_word_template_is_read_by_the_same_bounded_read_in_its_own_words(tmp_path, monkeypatch):
    big = tmp_path / "bulletin.docx"
    with open(big, "wb") as f:
        f.truncate(word.MAX_TEMPLATE_BYTES + 1)  # sparse: nothing written, nothing read
    calls = []
    monkeypatch.setattr(untrusted, "_read_upto", lambda *a: calls.append(a) or pytest.fail("read"))
    with pytest.raises(word.DocxProblem, match="^bulletin.docx 超過 16 MB；Word 模板不會這麼大$"):
        word.read_template(big)
    with pytest.raises(word.DocxProblem, match=r"^gone.docx: 無法讀取模板（文件不存在（或符號鏈接指向的文件不存在））$"):
        word.read_template(tmp_path / "gone.docx")
    (tmp_path / "t").mkdir()
    with pytest.raises(word.DocxProblem, match="^t 不是普通文件$"):
        word.read_template(tmp_path / "t")
    assert calls == []


# ---- the zip guard ----------------------------------------------------------------------------

LIMITS = ZipLimits(parts=5, part_bytes=1000, total_bytes=1500, ratio=10, ratio_floor=500)


def zipped(*parts: tuple[str, bytes], method: int = zipfile.ZIP_DEFLATED, flags: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            info.flag_bits |= flags
            zf.writestr(info, data)
    return buf.getvalue()


def kind(raw: bytes, limits: ZipLimits = LIMITS) -> tuple[str, dict]:
    with pytest.raises(ZipRefused) as refused:
        zf, infos = open_zip(raw, limits)
        for info in infos:
            untrusted.refuse_dtd(inflate(zf, info), info)
    return refused.value.kind, refused.value.facts


@pytest.mark.parametrize("raw, expected", [
    (b"", ("not-zip", {"part": ""})),
    (b"PK\x03\x04 and nothing that is a zip", ("damaged", {"part": ""})),
    (zipped(*((f"p{i}", b"") for i in range(6))), ("too-many-parts", {"part": "", "count": 6, "limit": 5})),
    (zipped(("a.xml", b"<a/>"), ("A.XML", b"<b/>")), ("repeated", {"part": "A.XML"})),
    (zipped(("a.xml", b"<a/>"), method=zipfile.ZIP_BZIP2), ("compression", {"part": "a.xml", "method": 12})),
    (zipped(("a.xml", b"x" * 1001), method=zipfile.ZIP_STORED), ("too-large", {"part": "a.xml", "size": 1001, "ratio": 1.0})),
    (zipped(("a.xml", b"x" * 800), ("b.xml", b"x" * 701), method=zipfile.ZIP_STORED),  # 1,501 in all
     ("too-large", {"part": "b.xml", "size": 701, "ratio": 1.0})),
    (zipped(("a.xml", b"<!DOCTYPE a>")), ("dtd", {"part": "a.xml"})),
    (zipped(("a.xml", b'<a><!ENTITY b "c"></a>')), ("dtd", {"part": "a.xml"})),
])
def test_each_refusal_of_the_zip_guard_by_hand(raw, expected):
    assert kind(raw) == expected


def test_the_ratio_counts_only_for_parts_past_its_floor():
    assert open_zip(zipped(("a.xml", b"\0" * 500)), LIMITS)[1][0].file_size == 500  # 500 to about 50: under the floor
    found, facts = kind(zipped(("a.xml", b"\0" * 501)))
    assert found == "too-large" and facts["ratio"] > 10


def test_an_encrypted_part_is_refused_from_the_directory(monkeypatch):
    raw = zipped(("a.xml", b"<a/>"))
    real = zipfile.ZipFile.infolist

    def flagged(self):
        infos = real(self)
        infos[0].flag_bits |= 0x1
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", flagged)
    assert kind(raw) == ("encrypted", {"part": "a.xml"})


def test_a_part_that_inflates_past_what_the_directory_declares_is_refused():
    class Lying:  # zipfile itself stops at the declared size: the guard does not count on it
        def open(self, info):
            return io.BytesIO(b"x" * (info.file_size + 5))

    info = zipfile.ZipInfo("a.xml")
    info.file_size = 3
    with pytest.raises(ZipRefused) as refused:
        inflate(Lying(), info)  # type: ignore[arg-type]
    assert refused.value.kind == "grew"


def test_a_damaged_stream_is_refused_when_inflated():
    raw = bytearray(zipped(("a.xml", b"<a>" + b"hello " * 50 + b"</a>")))
    at = raw.index(b"a.xml") + 10  # inside the compressed stream of the first local header
    raw[at:at + 8] = b"\xff" * 8
    assert kind(bytes(raw))[0] == "unreadable"


def test_the_same_guard_takes_each_readers_limits():
    # a part of 20 MB, stored: past a workbook's part (16 MB), within a Word template's (32 MB)
    raw = zipped(("xl/a.xml", b"<" + b" " * (20 * 1024 * 1024) + b"/>"), method=zipfile.ZIP_STORED)
    assert kind(raw, workbook.limits())[0] == "too-large"
    open_zip(raw, word.LIMITS)
    assert workbook.limits().part_bytes < word.LIMITS.part_bytes


@pytest.mark.parametrize("words", [workbook.ZIP_WORDS, word.ZIP_WORDS], ids=["workbook", "word"])
def test_every_reader_words_every_refusal_of_the_guard(words):
    assert set(words) == set(KINDS)
