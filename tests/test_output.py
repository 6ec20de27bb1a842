"""Output files written as careful tools write them: modes, file types, one-line errors,
no temporary file left behind, binary content."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from conftest import ROOT
from jxplan.core import output


@pytest.fixture
def umask():
    """Set the umask for one test; the old one comes back."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def absent(path) -> bool:
    try:
        os.lstat(path)
    except OSError as exc:
        return exc.errno in (errno.ENOENT, errno.ENAMETOOLONG, errno.ENOTDIR)
    return False


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("mask,mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_new_file_gets_the_umask_mode(tmp_path, umask, mask, mode):
    umask(mask)
    output.write_atomic(tmp_path / "b.md", "新")
    assert stat.S_IMODE((tmp_path / "b.md").stat().st_mode) == mode


def test_replaced_file_keeps_its_mode(tmp_path, umask):
    umask(0o077)
    target = tmp_path / "b.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    output.write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new" and stat.S_IMODE(target.stat().st_mode) == 0o604


def test_symlink_to_a_file_replaces_the_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    output.write_atomic(link, "new", force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new" and leftovers(tmp_path) == []


def test_binary_content_is_written_as_it_is(tmp_path):
    data = bytes(range(256)) * 3
    output.write_atomic(tmp_path / "b.docx", data)
    assert (tmp_path / "b.docx").read_bytes() == data


def test_a_long_but_legal_name_is_written(tmp_path):
    name = "通" * 80 + ".md"  # 243 bytes: the temporary name must not push it over the limit
    output.write_atomic(tmp_path / name, "x")
    assert (tmp_path / name).read_text(encoding="utf-8") == "x" and leftovers(tmp_path) == []


def _special(kind: str, path):
    """Make a node of ``kind`` at ``path``; returns a check that it is still that node."""
    if kind == "folder":
        path.mkdir()
        return lambda: path.is_dir()
    if kind == "fifo":
        os.mkfifo(path)
        return lambda: stat.S_ISFIFO(os.lstat(path).st_mode)
    if kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
        return lambda: stat.S_ISSOCK(os.lstat(path).st_mode)
    if kind == "symlink to fifo":
        fifo = path.with_name("real-fifo")
        os.mkfifo(fifo)
        path.symlink_to(fifo)
        return lambda: path.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if kind == "dangling symlink":
        path.symlink_to(path.with_name("nowhere"))
        return lambda: path.is_symlink() and not path.with_name("nowhere").exists()
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["folder", "fifo", "socket", "symlink to fifo", "dangling symlink"])
def test_only_regular_files_are_replaced_even_with_force(run, in_root, tmp_path, kind):
    target = tmp_path / "b.md"
    still = _special(kind, target)
    code, out, err = run("bulletin", "-q", "Q2", "-o", target, "--force")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"{target}: ") and "Traceback" not in err
    assert still() and leftovers(tmp_path) == []


def test_a_device_is_never_replaced(run, in_root, tmp_path):
    if os.geteuid() == 0:  # make one of our own; never risk the system's
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        device = "/dev/null"  # not writable as a folder entry without root
    code, _, err = run("template", "--unit", "jtj", "--quarter", "Q2", "-o", device, "--force")
    assert code == 1 and "設備文件" in err and err.count("\n") == 1
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_existing_file_without_force_is_a_usage_error(run, in_root, tmp_path):
    target = tmp_path / "t.yaml"
    target.write_text("old", encoding="utf-8")
    code, out, err = run("template", "--unit", "jtj", "--quarter", "Q2", "-o", target)
    assert code == 2 and out == "" and err == f"{target}: 文件已存在；要覆蓋請加 --force\n"
    assert target.read_text(encoding="utf-8") == "old"


def _fail_with(monkeypatch, err: int, where: str):
    def boom(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", boom)
    else:
        monkeypatch.setattr(os, where, boom)


@pytest.mark.parametrize("case,reason", [
    ("missing folder", "不存在"),
    ("name too long", "文件名或路徑太長"),
    ("a file as a folder", "不是文件夾"),
    ("unwritable folder", "沒有寫入權限"),
    ("disk full", "磁盤空間不足"),
    ("read-only file system", "只讀"),
    ("quota", "配額"),
    ("unknown system error", "系統錯誤 EXDEV"),
])
def test_every_os_error_is_one_line_naming_the_path(run, in_root, tmp_path, monkeypatch, case, reason):
    target = tmp_path / "b.md"
    if case == "missing folder":
        target = tmp_path / "no" / "such" / "b.md"
    elif case == "name too long":
        target = tmp_path / ("長" * 100 + ".md")
    elif case == "a file as a folder":
        (tmp_path / "f").write_text("x", encoding="utf-8")
        target = tmp_path / "f" / "b.md"
    elif case == "unwritable folder":
        if os.geteuid() == 0:  # root writes anywhere: make the system say no
            _fail_with(monkeypatch, errno.EACCES, "mkstemp")
        else:
            (tmp_path / "ro").mkdir(mode=0o500)
            target = tmp_path / "ro" / "b.md"
    elif case == "disk full":
        _fail_with(monkeypatch, errno.ENOSPC, "fsync")
    elif case == "read-only file system":
        _fail_with(monkeypatch, errno.EROFS, "mkstemp")
    elif case == "quota":
        _fail_with(monkeypatch, errno.EDQUOT, "replace")
        _fail_with(monkeypatch, errno.EDQUOT, "link")  # a new file is placed by a link (never replacing)
    else:
        _fail_with(monkeypatch, errno.EXDEV, "replace")
        _fail_with(monkeypatch, errno.EXDEV, "link")
    code, out, err = run("bulletin", "-q", "Q2", "-o", target)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"{target}: ") and reason in err, err
    assert "Traceback" not in err and "Errno" not in err
    assert absent(target) and not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_output_path_with_control_characters_is_shown_escaped(run, in_root, tmp_path):
    target = tmp_path / "a\nb\x1b[2J" / "b.yaml"
    code, _, err = run("template", "--unit", "jtj", "--quarter", "Q2", "-o", target)
    assert code == 1 and err.count("\n") == 1 and "\x1b" not in err and "a\\nb\\x1b[2J" in err


def test_stale_temporary_files_of_ours_are_swept(tmp_path):
    old = time.time() - 2 * output.STALE_SECONDS
    names = {
        ".b.md.jxplan-abcd1234.tmp": True,          # ours, old: swept
        ".other.yaml.jxplan-k_9zzzzz.tmp": True,    # ours for another file in the folder, old: swept
        ".b.md.jxplan-fresh123.tmp": False,         # ours, but a write may be under way
        ".b.md.abcd1234.tmp": False,                # another program's temporary file: not ours
        ".b.md.jxplan-ABCD1234.tmp": False,         # not our pattern (mkstemp uses lower case)
        "b.md.jxplan-abcd1234.tmp": False,          # not hidden: not ours
        ".b.md.jxplan-abcd12345.tmp": False,        # nine characters: not ours
        "notes.tmp": False,
    }
    for name, _ in names.items():
        (tmp_path / name).write_text("x", encoding="utf-8")
        if name != ".b.md.jxplan-fresh123.tmp":
            os.utime(tmp_path / name, (old, old))
    folder_like = tmp_path / ".c.md.jxplan-abcd1234.tmp"
    folder_like.mkdir()
    os.utime(folder_like, (old, old))
    output.write_atomic(tmp_path / "b.md", "new")
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"b.md", folder_like.name} | {n for n, swept in names.items() if not swept}


WRITER = textwrap.dedent("""
    import os, signal, sys, time
    from jxplan.core import output
    # the usual dispositions, whatever this test run inherited (a background job ignores SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    real = os.fsync
    def slow(fd):
        print("writing", flush=True)
        time.sleep(30)
        real(fd)
    os.fsync = slow
    output.write_atomic(sys.argv[1], "new" * 100000, force=True)
""")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_interrupted_write_removes_its_temporary_file(tmp_path, sig):
    target = tmp_path / "b.md"
    target.write_text("old", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
        assert len(leftovers(tmp_path)) == 1  # the write is under way
        proc.send_signal(sig)
        code = proc.wait(timeout=10)
    finally:
        proc.kill()
    assert code == -sig  # ended by the signal, as if there had been no handler
    assert leftovers(tmp_path) == [] and target.read_text(encoding="utf-8") == "old"


def test_interrupt_through_the_command_line_leaves_nothing(tmp_path):
    target = tmp_path / "b.yaml"
    script = WRITER.replace("output.write_atomic(sys.argv[1], \"new\" * 100000, force=True)",
                            "sys.argv = ['jxplan', 'template', '--unit', 'jtj', '--quarter', 'Q2', '-o', sys.argv[1]]\n"
                            "from jxplan.cli import main\nmain()")
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=10)
    finally:
        proc.kill()
    assert code == 130 and proc.stderr.read() == "已中止。\n"  # one line (Typer alone exits 130 without a word)
    assert leftovers(tmp_path) == [] and not target.exists()


def test_interrupt_while_starting_is_one_line():
    # Ctrl-C while Typer and the commands load (the first tenth of a second): no traceback
    script = textwrap.dedent("""
        import sys, types
        class Loading(types.ModuleType):
            def __getattr__(self, name):
                raise KeyboardInterrupt
        sys.modules["jxplan.cli.commands"] = Loading("jxplan.cli.commands")
        sys.argv = ["jxplan", "status"]
        from jxplan.cli import main
        main()
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (130, "已中止。\n")


def test_an_ignored_signal_stays_ignored(tmp_path):
    old = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        output.write_atomic(tmp_path / "b.md", "x")
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, old)


# ---- standard output that cannot be written -----------------------------------------------

def _jxplan_with_stdout(stdout, *args, close: tuple = ()):
    return subprocess.run([sys.executable, "-m", "jxplan", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=60, cwd=ROOT,
                          preexec_fn=(lambda: [os.close(fd) for fd in close]) if close else None,
                          env={**os.environ, "JXPLAN_CACHE": "off"})


@pytest.mark.skipif(os.name != "posix", reason="closing a descriptor before exec is a POSIX thing")
@pytest.mark.parametrize("args", [("status", "--quarter", "Q2"), ("validate",), ("bulletin", "--quarter", "Q2")])
def test_a_closed_stdout_is_one_chinese_line_and_exit_1_never_a_traceback(args):
    done = _jxplan_with_stdout(None, *args, close=(1,))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "內部錯誤" not in done.stderr
    assert done.stderr.strip() == "標準輸出無法寫入：已關閉；輸出不完整。請用 -o 文件 寫入，或檢查磁盤空間"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_under_stdout_is_said_as_such_not_as_jxplans_fault():
    with open("/dev/full", "w") as full:
        done = _jxplan_with_stdout(full, "status", "--quarter", "Q2")
    assert done.returncode == 1
    assert "磁盤空間不足" in done.stderr and "內部錯誤" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_help_page_that_cannot_be_written_is_not_a_success():
    with open("/dev/full", "w") as full:
        done = _jxplan_with_stdout(full, "-h")
    assert done.returncode == 1 and done.stderr.strip() == "標準輸出無法寫入：磁盤空間不足；幫助頁沒有完整輸出"


@pytest.mark.skipif(os.name != "posix", reason="closing a descriptor before exec is a POSIX thing")
def test_a_closed_stdout_or_stderr_does_not_fail_a_bulletin_written_to_a_file(tmp_path):
    for i, fd in enumerate((1, 2)):
        out = tmp_path / f"b{i}.md"
        done = _jxplan_with_stdout(subprocess.DEVNULL, "bulletin", "--quarter", "Q2", "-o", out, close=(fd,))
        assert done.returncode == 0 and out.read_text(encoding="utf-8").startswith("**")
        assert "Traceback" not in (done.stderr or "")


def test_a_file_created_while_jxplan_writes_is_not_replaced_without_force(tmp_path, monkeypatch):
    """Two runs writing one new output: the one that finishes second must not replace, without
    --force, what the first wrote after the second looked (the check before the rename)."""
    target = tmp_path / "通報.md"
    real_fsync = os.fsync

    def other_run_finishes_meanwhile(fd):
        real_fsync(fd)
        if not target.exists():
            target.write_text("the other run's bulletin", encoding="utf-8")

    monkeypatch.setattr(output.os, "fsync", other_run_finishes_meanwhile)
    with pytest.raises(output.OutputExists):
        output.write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "the other run's bulletin"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["通報.md"]  # no temporary file left


def test_a_new_file_is_still_written_whole_without_force(tmp_path):
    target = tmp_path / "new.md"
    output.write_atomic(target, "內容")
    assert target.read_text(encoding="utf-8") == "內容" and sorted(p.name for p in tmp_path.iterdir()) == ["new.md"]
    assert os.stat(target).st_nlink == 1


def test_a_workbook_that_cannot_be_made_for_a_full_temporary_folder_is_a_failed_write(run, tmp_path, monkeypatch):
    """openpyxl writes each sheet through a temporary file: a full /tmp was 'jxplan 內部錯誤'
    (exit 70), as if jxplan were at fault."""
    from openpyxl.worksheet import _writer

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_writer, "create_temporary_file", full)
    target = tmp_path / "form.xlsx"
    code, out, err = run("template", "--unit", "fgw", "--quarter", "Q2", "-o", target,
                         "--plan", ROOT / "plans" / "2012.yaml")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(f"{target}: ") and "磁盤空間不足" in err and "內部錯誤" not in err
    assert not target.exists()


def test_ctrl_c_is_one_line_and_130(run, in_root, monkeypatch):
    import jxplan.check.pipeline

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(jxplan.check.pipeline, "open_workspace", interrupted)
    code, out, err = run("status")
    assert (code, out, err) == (130, "", "已中止。\n")  # Typer makes it Exit(130); said all the same
