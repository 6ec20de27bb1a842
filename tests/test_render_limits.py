"""Rendering never hangs and never takes the machine's memory: the sandbox refuses what it
can see coming, and the child process that makes every document has limits on CPU, memory
and time. Each hostile template is refused with one Chinese line, exit 1 and no file.

No test asserts a speed: each asserts which limit said no, so a busy machine makes a test
slower, never wrong (a sandbox check that failed would show as the child's time limit, a
different line)."""

from __future__ import annotations

import os
import signal
import sys
import zipfile

import pytest

from conftest import report, write
from jxplan.render import isolate, templating

# a million steps take a second or two; on a machine busy enough to stretch that past the
# sandbox's 10 s, its clock says no first: either way the sandbox's own line
STEPS = ("循環和調用合計超過 1,000,000 步", "執行超過 10 秒")
LONG = "超過上限"

HOSTILE = {
    "nested loops over a long string": ("{% set s = 'x'*100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", STEPS),
    "a tower of powers": ("{{ ((((99**99)**99)**99)**99) is number }}", "乘方的結果超過"),
    "powers of a big product": ("{% set x = 2**16000 %}{{ x*x*x }}", "超過 16,384 位"),
    "center": ("{{ 'x'.center(1500000000)|length }}", LONG),
    "ljust": ("{{ 'x'.ljust(1500000000)|length }}", LONG),
    "rjust": ("{{ 'x'.rjust(1500000000)|length }}", LONG),
    "zfill": ("{{ '1'.zfill(1500000000)|length }}", LONG),
    "expandtabs": ("{{ ('\t' * 1000000).expandtabs(10000)|length }}", LONG),
    "translate": ("{{ ('x' * 1000000).translate({120: 'y' * 100000})|length }}", LONG),
    "concatenation": ("{% set a = 'x'*19000000 %}{{ (a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a)|length }}", "「~」連接"),
    "addition": ("{% set a = 'x'*19000000 %}{{ (a + a)|length }}", LONG),
    "percent width": ("{{ ('%1500000000d' % 1)|length }}", "「%」格式化"),
    "percent star": ("{{ ('%*d' % (1500000000, 1))|length }}", "「%」格式化"),
    "format width": ("{{ '{:>1500000000}'.format(1)|length }}", "format() 的結果"),
    "format_map width": ("{{ '{a:>1500000000}'.format_map({'a': 1})|length }}", "format() 的結果"),
    "format filter": ("{{ '%*d'|format(1500000000, 1)|length }}", "format 的結果"),
    "replace": ("{% set a = 'x'*1000000 %}{{ a.replace('x', a)|length }}", LONG),
    "replace filter": ("{% set a = 'x'*1000000 %}{{ a|replace('x', a)|length }}", LONG),
    "join filter": ("{{ (['x'*19000000]*100)|join|length }}", LONG),
    "join method": ("{{ ''.join(['x'*19000000]*100)|length }}", LONG),
    "center filter": ("{{ 'x'|center(1500000000)|length }}", LONG),
    "indent filter": ("{% set a = '\n'*1000000 %}{{ a|indent(100000)|length }}", LONG),
    "wordwrap filter": ("{{ ('x ' * 1000000)|wordwrap(1, wrapstring='y' * 1000)|length }}", LONG),
    "a list that doubles": ("{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) or '' }}{% endfor %}", "列表會有"),
    "a list multiplied": ("{{ ([1] * 1500000000)|length }}", "列表會有"),
    "a nested list printed": ("{% set a = 'x'*10000000 %}{{ [[a]*1000]*1000 }}", LONG),
    "namespaces printed": ("{% set ns = namespace(a='x'*10000000) %}{{ [ns]*1000 }}", LONG),
    "dict items printed": ("{% set d = {'a': 'x'*10000000} %}{{ [d.items()]*1000 }}", LONG),
    "a block that captures": ("{% set s = 'x'*10000000 %}{% set x %}{% for i in range(1000) %}{{ s }}{{ i }}{% endfor %}"
                              "{% endset %}{{ x|length }}", "輸出合計超過"),
    "a block of template text": ("{% set x %}{% for i in range(300000) %}" + "x" * 100 + "{% endfor %}{% endset %}"
                                 "{{ x|length }}", LONG),
    "a macro that calls itself twice": ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}"
                                        "{{ f(40) }}", STEPS),
    "a recursive loop": ("{% set s = 'x'*1000 %}{% for a in s recursive %}{% if loop.depth < 6 %}{{ loop(s) }}"
                         "{% endif %}{% endfor %}", STEPS),
    "nested loops over a list": ("{% set l = ['x'] * 100000 %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
                                 STEPS),
    "nested loops over a dict's items": ("{% set d = dict(a=1, b=2) %}{% for a in 'x'*1000000 %}{% for k, v in d|dictsort %}"
                                         "{% endfor %}{% endfor %}", STEPS),
    "slice": ("{{ [1]|slice(1000000000)|list|length }}", STEPS),
    "batch": ("{{ [1]|batch(1000000000, 'x')|list|length }}", "列表會有"),
    "lipsum": ("{{ lipsum(1000000) }}", "lipsum"),
    # filters that cut their text into a list of words or characters as they work: a gigabyte for one
    "title": ("{{ ('ab ' * 6000000)|title|length }}", "過濾器一次要處理 18,000,000 個字符"),
    "wordwrap of many words": ("{{ ('ab ' * 4000000)|wordwrap(5)|length }}", "過濾器一次要處理"),
    "striptags": ("{{ ('<a>x ' * 4000000)|striptags|length }}", "過濾器一次要處理"),
    "urlize": ("{{ ('www.a.cn ' * 2000000)|urlize|length }}", "過濾器一次要處理"),
    "urlencode": ("{{ ('中' * 5000000)|urlencode|length }}", "過濾器一次要處理"),
    "wordcount": ("{{ ('a ' * 5000000)|wordcount }}", "過濾器一次要處理"),
    "indent of many lines": ("{{ ('\n' * 5000000)|indent(1)|length }}", "列表會有"),
    # nested past what Jinja's parser or Python's compiler can take: refused, never a fault of jxplan's
    "ifs nested 900 deep": ("{% if true %}" * 900 + "x" + "{% endif %}" * 900, "模板嵌套太深"),
    "loops nested 25 deep": ("{% for i in [1] %}" * 25 + "x" + "{% endfor %}" * 25, "模板嵌套太深"),
    "parentheses 5,000 deep": ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "模板嵌套太深"),
    "lists 5,000 deep": ("{{ " + "[" * 5000 + "1" + "]" * 5000 + " }}", "模板嵌套太深"),
    "a sum of 20,000 terms": ("{{ " + "+".join(["1"] * 20000) + " }}", "模板嵌套太深"),
    "20,000 filters in a row": ("{{ 1" + "|string" * 20000 + " }}", "模板嵌套太深"),
    "20,000 attributes in a row": ("{{ plan" + ".title" * 20000 + " }}", "模板嵌套太深"),
    "20,000 nots": ("{{ " + "not " * 20000 + "1 }}", "模板嵌套太深"),
    "calls nested 300 deep": ("{% macro m() %}{{ caller() }}{% endmacro %}" + "{% call m() %}" * 300 + "x"
                              + "{% endcall %}" * 300, "模板嵌套太深"),
    "blocks captured 300 deep": ("{% set x %}" * 300 + "x" + "{% endset %}" * 300, "模板嵌套太深"),
    "a macro that calls itself for ever": ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "模板遞歸太深"),
    "a template that includes itself": ("{% include 'bulletin.md.j2' %}", "模板遞歸太深"),
    "a template that extends itself": ("{% extends 'bulletin.md.j2' %}", "模板遞歸太深"),
    # lists added one to the next inside one C call: quadratic, and past any clock
    "sum of lists": ("{{ ([[0]] * 999999)|sum(start=[])|length }}", "sum 過濾器只用於數字相加"),
}


@pytest.fixture
def hostile(tmp_path, plan_file, run):
    """Run the bulletin with ``body`` as the office's bulletin.md.j2; (code, out, err, folder)."""
    write(tmp_path / "r/fgw.yaml", report("fgw", "Q1", '- target: "2.1"\n  value: 11\n'))
    (tmp_path / "tpl").mkdir()
    (tmp_path / "out").mkdir()

    def _run(body: str, fmt: str = "md", name: str | None = None):
        (tmp_path / "tpl" / (name or f"bulletin.{'html' if fmt == 'pdf' else fmt}.j2")).write_text(body, encoding="utf-8")
        code, out, err = run("bulletin", "--plan", plan_file, "--reports", tmp_path / "r", "--template-dir",
                             tmp_path / "tpl", "-o", tmp_path / "out" / f"b.{fmt}")
        return code, out, err, tmp_path / "out"

    return _run


def refused(code, out, err, folder, words: str | tuple[str, ...]):
    assert code == 1, err
    assert any(w in err for w in ((words,) if isinstance(words, str) else words)), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert not list(folder.iterdir())  # no output, and no temporary file left behind


@pytest.mark.parametrize("body,words", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_template_is_refused_by_the_sandbox(hostile, body, words):
    code, out, err, folder = hostile(body)
    refused(code, out, err, folder, words)
    assert err.startswith("模板錯誤：bulletin.md.j2:")


def test_the_sandbox_alone_refuses_them_where_there_is_no_fork(hostile, monkeypatch):
    monkeypatch.delattr(os, "fork")  # as on Windows: rendered in this process
    for name in ("nested loops over a long string", "center", "join filter", "a block that captures"):
        body, words = HOSTILE[name]
        refused(*hostile(body), words)


def test_the_time_of_a_template_is_bounded_in_its_loops(hostile, monkeypatch):
    monkeypatch.setattr(templating.bounded, "MAX_SECONDS", 0.0)
    refused(*hostile("{% for i in range(100000) %}{{ i }}{% endfor %}"), "執行超過 0 秒")


class _Clock:
    """A clock that moves a second at each reading: the sandbox must read it at every step."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        self.now += 1.0
        return self.now


def test_the_clock_is_read_at_every_step_not_one_in_sixteen(hostile, monkeypatch):
    # five steps of a loop: read one step in sixteen, this clock never said more than 10 s
    monkeypatch.setattr(templating.bounded, "time", _Clock())
    refused(*hostile("{% for i in range(5) %}{{ i }}{% endfor %}"), "執行超過 10 秒")


@pytest.mark.parametrize("body", ["{{ plan.title|md }}", "{{ 'x'|md }}"], ids=["as it runs", "as it compiles"])
def test_one_long_operation_is_stopped_at_the_deadline_by_the_alarm(hostile, monkeypatch, body):
    # a filter that never returns to the sandbox (here: a Python loop that never ends), called
    # as the template runs, or as Jinja compiles it (it calls filters on constants then); the
    # child's own clock, 600 s, is far away: the line must be the sandbox's
    import jxplan.render.documents

    def spin(text):
        while True:
            pass

    monkeypatch.setattr(templating.bounded, "MAX_SECONDS", 0.5)
    monkeypatch.setattr(isolate, "RENDER_SECONDS", 600.0)
    monkeypatch.setattr(jxplan.render.documents, "md_cell", spin)
    refused(*hostile(body), "執行超過 0 秒")


def test_the_templates_of_one_document_share_one_clock(monkeypatch):
    # docxtpl renders each part of a Word document as a template of its own: 10 s for all of
    # them, not 10 s each
    env = templating.sandbox()
    clock = _Clock()
    monkeypatch.setattr(templating.bounded, "time", clock)
    with env.timed():
        pass
    first = env.deadline
    with env.timed():
        pass
    assert env.deadline == first == 1.0 + templating.MAX_SECONDS
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left behind
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


@pytest.mark.parametrize("unit", ["{%% macro m%d() %%}x{%% endmacro %%}", "{{ plan.title }}%d", "{%% if x %%}%d{%% endif %%}"])
def test_a_template_of_countless_tags_is_refused_before_it_is_compiled(hostile, unit):
    # compiling cannot be interrupted: 25,000 macros took Jinja and Python 36 s, past every clock
    body = "".join(unit % i for i in range(25_000))
    refused(*hostile(body), f"模板 bulletin.md.j2 有 {body.count('{{') + body.count('{%'):,} 個標籤（{{{{ }}}}、{{% %}}），超過上限 2,000")


def test_the_shipped_templates_are_well_within_the_tags_a_template_may_have():
    from jxplan.core.resources import packaged

    for path in packaged("templates").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert text.count("{{") + text.count("{%") <= templating.MAX_TAGS // 10, path.name


@pytest.mark.parametrize("extra, said", [
    (b"\xd6\xd0\xce\xc4", "bulletin.md.j2:1: 模板不是 UTF-8 編碼"),  # 中文 in GBK
    (b"x" * (templating.MAX_TEMPLATE_BYTES + 1), "bulletin.md.j2:1: 模板文件夾中的 part.j2 有 1,048,577 字節"),
], ids=["gbk", "too large"])
def test_an_included_template_is_said_as_the_template_itself_would_be(hostile, extra, said, tmp_path):
    (tmp_path / "tpl").mkdir(exist_ok=True)
    (tmp_path / "tpl" / "part.j2").write_bytes(extra)
    code, out, err, folder = hostile("{% include 'part.j2' %}")
    refused(code, out, err, folder, said)
    assert "Error" not in err  # no English class name


def test_an_html_template_for_the_pdf_is_bounded_too(hostile):
    body, words = HOSTILE["nested loops over a long string"]
    refused(*hostile(body, "pdf"), words)


def test_an_ordinary_template_still_renders(hostile):
    body = ("{% for s in sections %}{{ s.title|center(30)|trim }}：{{ s.rows|map(attribute='name')|join('、') }}"
            "{% endfor %}|{{ '%05.1f' % 3.14159 }}|{{ '{:>6}'.format(number) }}|{{ [1, 2] + [3] }}|{{ 2 ** 10 }}"
            "|{{ 'ab' * 3 }}|{{ lipsum(1, false, 3, 4)|wordcount }}|{{ range(3)|list|length }}")
    code, out, err, folder = hostile(body)
    assert code == 0, err
    text = (folder / "b.md").read_text(encoding="utf-8")
    assert "第一部分：固定資產投資增長、新增就業" in text
    assert text.endswith("|003.1|      |[1, 2, 3]|1024|ababab|3|3")  # the small plan has no office_code: no number


# ---- Jinja's errors in Chinese, with the template and line ------------------------------

@pytest.mark.parametrize("body,line", [
    ("line one\n{{ no_such_field }}", "bulletin.md.j2:2: 模板用到了不存在的字段：「no_such_field」沒有定義"),
    ("{{ plan.nme }}", "bulletin.md.j2:1: 模板用到了不存在的字段：字典沒有字段「nme」"),
    ("\n\n{{ 1 / 0 }}", "bulletin.md.j2:3: 模板執行出錯：除數為零（ZeroDivisionError"),
    ("{{ 1 + 'a' }}", "bulletin.md.j2:1: 模板執行出錯：整數和字符串不能做「+」運算（TypeError）"),
    ("{% for x in 3 %}{% endfor %}", "bulletin.md.j2:1: 模板執行出錯：整數不能用於循環（TypeError）"),
    ("{% for %}", "bulletin.md.j2:1: 模板語法錯誤：這裡應有一個值或表達式，卻是「%}」"),
    ("{% for x in plan %}", "bulletin.md.j2:1: 模板語法錯誤：模板在「for」塊結束之前就結束了（缺少 {% endfor %}）"),
    ("{{ x }", "bulletin.md.j2:1: 模板語法錯誤：意外的「}」"),
    ("{{ 1|nosuch }}", "bulletin.md.j2:1: 模板語法錯誤：沒有名為「nosuch」的過濾器"),
    ("{% frobnicate %}", "bulletin.md.j2:1: 模板語法錯誤：未知的標籤「frobnicate」"),
    ("{% include 'nothere.j2' %}", "bulletin.md.j2:1: 找不到模板 nothere.j2"),
    ("{{ ''.__class__ }}", "bulletin.md.j2:1: 模板試圖訪問「__class__」，這是不允許的"),
])
def test_a_broken_template_is_said_in_chinese_with_its_place(hostile, body, line):
    code, out, err, folder = hostile(body)
    assert code == 1 and err.startswith(f"模板錯誤：{line}"), err
    assert err.count("\n") == 1 and not list(folder.iterdir())


# ---- the Word template ------------------------------------------------------------------

def word_template(path, text: str):
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    d.add_paragraph(text)
    d.save(str(path))
    return path


def rezip(src, dest, change):
    """A copy of the zip ``src`` with ``change(zipfile, info, data)`` writing each part."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            change(out, info, z.read(info.filename))
    return dest


@pytest.fixture
def word(tmp_path, run, in_root):
    def _run(folder):
        (tmp_path / "out").mkdir(exist_ok=True)
        code, out, err = run("bulletin", "-q", "Q2", "-o", tmp_path / "out/b.docx", "--template-dir", folder)
        return code, out, err, tmp_path / "out"

    return _run


def test_a_loop_in_a_word_template_is_refused(tmp_path, word):
    word_template(tmp_path / "t/bulletin.docx", HOSTILE["nested loops over a long string"][0])
    refused(*word(tmp_path / "t"), STEPS)


def test_an_undefined_field_in_a_word_template_is_said_in_chinese(tmp_path, word):
    word_template(tmp_path / "t/bulletin.docx", "{{ no_such_field }}")
    refused(*word(tmp_path / "t"), "bulletin.docx: 模板用到了不存在的字段：「no_such_field」沒有定義")


def test_a_word_template_that_inflates_past_its_bounds_is_refused_before_it_is_opened(tmp_path, word, in_root):
    from jxplan.core.resources import packaged

    def pad(out, info, data):  # settings.xml padded with 40 MB of newlines: 40 KB zipped
        if info.filename != "word/settings.xml":
            return out.writestr(info, data)
        part = zipfile.ZipInfo(info.filename)
        part.compress_type = zipfile.ZIP_DEFLATED
        head, tail = data.split(b"?>", 1)
        with out.open(part, "w", force_zip64=True) as f:
            f.write(head + b"?>")
            for _ in range(40):
                f.write(b"\n" * (1 << 20))
            f.write(tail)

    (tmp_path / "t").mkdir()
    rezip(packaged("templates", "bulletin.docx"), tmp_path / "t/bulletin.docx", pad)
    assert (tmp_path / "t/bulletin.docx").stat().st_size < 200_000
    refused(*word(tmp_path / "t"), "「word/settings.xml」解壓後有 41,945,")


def test_a_word_template_with_a_dtd_is_refused(tmp_path, word, in_root):
    from jxplan.core.resources import packaged

    def dtd(out, info, data):
        if info.filename == "word/settings.xml":
            head, tail = data.split(b"?>", 1)
            data = head + b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + tail
        out.writestr(info, data)

    (tmp_path / "t").mkdir()
    rezip(packaged("templates", "bulletin.docx"), tmp_path / "t/bulletin.docx", dtd)
    refused(*word(tmp_path / "t"), "「word/settings.xml」含有 DTD 宣告")


def test_a_word_template_of_too_many_parts_is_refused(tmp_path, word, in_root):
    from jxplan.core.resources import packaged

    def many(out, info, data):
        out.writestr(info, data)
        if info.filename == "word/document.xml":
            for i in range(600):
                out.writestr(f"customXml/x{i}.xml", b"<x/>")

    (tmp_path / "t").mkdir()
    rezip(packaged("templates", "bulletin.docx"), tmp_path / "t/bulletin.docx", many)
    refused(*word(tmp_path / "t"), "有 622 個內部文件（上限 500）")


def test_a_word_template_that_is_not_a_regular_file_is_not_waited_for(tmp_path, word):
    from jxplan.render.docx import DocxProblem, read_template

    os.mkfifo(tmp_path / "fifo.docx")
    with pytest.raises(DocxProblem, match="不是普通文件"):
        read_template(tmp_path / "fifo.docx")


# ---- the child's limits ---------------------------------------------------------------------

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA is relative to /proc's VmData")


@linux
def test_the_child_stops_at_its_memory_limit(hostile, monkeypatch):
    # 300 blocks of 1 MB kept by the document's own code (WeasyPrint, python-docx): no template
    # makes them, so only the child's limit can say no
    import jxplan.render.documents

    monkeypatch.setattr(isolate, "RENDER_MEMORY", 64 * 1024 * 1024)
    monkeypatch.setattr(jxplan.render.documents, "render", lambda *a, **k: [bytearray(1 << 20) for _ in range(300)])
    refused(*hostile("{{ 1 }}"), "生成文件超過內存上限（64 MB），已停止，沒有寫入任何文件；若用了自定義模板")


@linux
@pytest.mark.parametrize("body", [
    # strings of 40 and 80 MB kept in a list, each within the size of one string
    "{% set l = [] %}{% for i in range(60) %}{{ l.append('中' * 19999990 ~ i) or '' }}{% endfor %}",
    "{% set l = [] %}{% for i in range(60) %}{{ l.append('\U00020000' * 19999999) or '' }}{% endfor %}",
    "{% set l = [] %}{% for i in range(2000) %}{{ l.append([i] * 999999) or '' }}{% endfor %}",  # lists of 8 MB
    # a million new strings a list: 8 MB of the list, 76 MB of its items
    "{% set l = [] %}{% for i in range(60) %}{{ l.append(('中 ' * 999999 ~ i).split()) or '' }}{% endfor %}",
    "{% set l = [] %}{% for i in range(60) %}{{ l.append(('中' * 999999 ~ i)|list) or '' }}{% endfor %}",
])
def test_what_a_template_makes_is_bounded_by_the_sandbox_well_below_the_childs_limit(hostile, monkeypatch, body):
    # the child's limit lowered to twice what the sandbox lets a template make: the sandbox says no first
    monkeypatch.setattr(isolate, "RENDER_MEMORY", 2 * templating.MAX_MADE)
    refused(*hostile(body), "生成的字符串和列表合計超過 256 MB")


@pytest.mark.parametrize("body", [
    "{{ ('中' * 19999999)|list|length }}",  # a list of 20 million one-character strings: 1.5 GB
    "{{ ('中' * 19999999)|sort|length }}",
    "{{ ('a ' * 9999999).split()|length }}",
    "{{ ('a,' * 9999999).split(',')|length }}",
    "{{ ('a,' * 9999999).rsplit(',')|length }}",
    "{{ ('\n' * 19999999).splitlines()|length }}",
])
def test_a_list_of_every_character_of_a_long_string_is_refused_before_it_is_made(hostile, body):
    refused(*hostile(body), "列表會有")


def test_the_child_is_killed_past_its_time(hostile, monkeypatch):
    import time

    import jxplan.render.documents

    monkeypatch.setattr(isolate, "RENDER_SECONDS", 1.0)
    monkeypatch.setattr(jxplan.render.documents, "render", lambda *a, **k: time.sleep(600))
    started = time.monotonic()
    refused(*hostile("{{ 1 }}"), "生成文件超過 1 秒仍未完成，已停止，沒有寫入任何文件")
    assert time.monotonic() - started < 300  # killed, not waited for (600 s)


def test_a_word_template_that_docxtpl_itself_takes_forever_on_is_killed(tmp_path, word, monkeypatch):
    # 37 KB: docxtpl's clean-up of the tags (a regular expression) is quadratic in the unclosed
    # ones; no check of the sandbox sees it, the child's clock does
    monkeypatch.setattr(isolate, "RENDER_SECONDS", 2.0)
    word_template(tmp_path / "t/bulletin.docx", "{{" * 50000)
    refused(*word(tmp_path / "t"), "生成文件超過 2 秒仍未完成")


def test_the_child_stops_at_its_cpu_limit(hostile, monkeypatch):
    import jxplan.render.documents

    def spin(*_a, **_k):
        while True:
            pass

    monkeypatch.setattr(isolate, "RENDER_CPU_SECONDS", 1)
    monkeypatch.setattr(isolate, "RENDER_SECONDS", 600.0)
    monkeypatch.setattr(jxplan.render.documents, "render", spin)
    refused(*hostile("{{ 1 }}"), "生成文件用了超過 1 秒的 CPU 時間")


def test_a_child_that_crashes_is_one_line_and_leaves_no_core_file(hostile, monkeypatch, tmp_path):
    import jxplan.render.documents

    monkeypatch.chdir(tmp_path)
    import faulthandler

    def crash(*_a, **_k):
        faulthandler.disable()  # pytest's handler would print a stack, as jxplan's child never does
        os.kill(os.getpid(), signal.SIGSEGV)

    monkeypatch.setattr(jxplan.render.documents, "render", crash)
    refused(*hostile("{{ 1 }}"), "生成文件的進程意外終止（SIGSEGV）")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("core")]


def test_a_fault_of_jxplan_in_the_child_is_said_as_in_the_parent(hostile, monkeypatch):
    import jxplan.render.documents

    def broken(*_a, **_k):
        raise KeyError("H9")

    monkeypatch.delenv("JXPLAN_DEBUG", raising=False)
    monkeypatch.setattr(jxplan.render.documents, "render", broken)
    code, out, err, folder = hostile("{{ 1 }}")
    assert code == 70 and err.startswith("jxplan 內部錯誤（KeyError：'H9'）") and err.count("\n") == 1
    assert not list(folder.iterdir())
    monkeypatch.setenv("JXPLAN_DEBUG", "1")  # a developer sees the child's traceback
    with pytest.raises(isolate.RenderFault) as raised:
        hostile("{{ 1 }}")
    assert type(raised.value).__name__ == "KeyError" and "in broken" in "".join(raised.value.__notes__)


def test_the_child_cannot_write_to_standard_output(capfd):
    def leak():
        os.write(1, b"leaked")
        print("printed", flush=True)
        return "document"

    assert isolate.run(leak) == "document"
    assert "leaked" not in capfd.readouterr().out


def test_the_child_sends_back_plain_bytes_tagged(monkeypatch):
    assert isolate.run(lambda: b"\x00PK\xff" * 1000) == b"\x00PK\xff" * 1000
    assert isolate.run(lambda: "嘉興\udcff") == "嘉興\udcff"
    with pytest.raises(templating.TemplateProblem, match="^x.j2:1: 壞了$"):
        isolate.run(lambda: (_ for _ in ()).throw(templating.TemplateProblem("x.j2:1: 壞了")))
    with pytest.raises(isolate.RenderLimit, match="內存上限"):
        isolate.run(lambda: (_ for _ in ()).throw(MemoryError()))
    with pytest.raises(isolate.RenderLimit, match="意外退出（退出碼 5）"):
        isolate.run(lambda: os._exit(5))
    monkeypatch.delattr(os, "fork")  # no fork: the same answers, made here
    assert isolate.run(lambda: "嘉興") == "嘉興"
    with pytest.raises(isolate.RenderLimit, match="內存上限"):
        isolate.run(lambda: (_ for _ in ()).throw(MemoryError()))


def test_an_interrupted_parent_takes_the_child_with_it(monkeypatch):
    import time

    def interrupted(_fd):
        def wait(_seconds):
            raise KeyboardInterrupt
        return wait

    forked, fork = [], os.fork

    def remember():
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(isolate, "_wait_readable", interrupted)
    monkeypatch.setattr(os, "fork", remember)
    with pytest.raises(KeyboardInterrupt):
        isolate.run(lambda: time.sleep(600))
    with pytest.raises(ChildProcessError):  # killed and reaped: not left running, nor a zombie
        os.waitpid(forked[0], os.WNOHANG)


def _gone(pid: int) -> bool:
    """Whether a process has ended (gone, or a zombie its new parent has not reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except FileNotFoundError:
        return True


@linux
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_child_dies_with_its_parent_however_the_parent_ends(how):
    # jxplan ended by SIGTERM (or SIGKILL) while its child lays out a document: the child goes
    # too, at once, not after its own minute of rendering for no one
    import time

    r, w = os.pipe()
    jxplan = os.fork()
    if jxplan == 0:  # pragma: no cover - the process playing jxplan
        try:
            os.close(r)
            fork = os.fork

            def told():
                pid = fork()
                if pid:
                    os.write(w, f"{pid}\n".encode())
                return pid

            os.fork = told
            isolate.run(lambda: time.sleep(60))
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as said:
        child = int(said.readline())
    time.sleep(0.3)  # the child is rendering
    assert not _gone(child)
    os.kill(jxplan, how)
    os.waitpid(jxplan, 0)
    deadline = time.monotonic() + 30
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child)


def test_style_sheets_are_kept_out_of_the_script_conversion_in_linear_time(hostile, monkeypatch, run, tmp_path):
    from jxplan.render.documents import convert_markup

    html = "<p>发展</p><STYLE>font: 仿宋</style><p>發展</p><style x>發</style>"
    assert convert_markup(html, "traditional") == "<p>發展</p><STYLE>font: 仿宋</style><p>發展</p><style x>發</style>"
    assert convert_markup("<style>發<style>發", "simplified") == "<style>发<style>发"  # never closed: text
    # 100,000 sheets never closed: the pattern that found them rescanned the rest from each (33 s);
    # the child's clock, lowered to 10 s, must not be what ends it
    monkeypatch.setattr(isolate, "RENDER_SECONDS", 10.0)
    hostile("{{ 1 }}", "html")  # the folders and a report
    (tmp_path / "tpl" / "bulletin.html.j2").write_text("{{ ('<style' * 100000)|safe }}發展", encoding="utf-8")
    code, out, err = run("bulletin", "--plan", tmp_path / "plan.yaml", "--reports", tmp_path / "r", "--template-dir",
                         tmp_path / "tpl", "-o", tmp_path / "out" / "s.html", "--script", "simplified")
    assert code == 0, err
    assert (tmp_path / "out" / "s.html").read_text(encoding="utf-8").endswith("<style发展")
