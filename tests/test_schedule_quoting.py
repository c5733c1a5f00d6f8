"""`briefing schedule` prints lines that run exactly `briefing digest`, whatever the paths hold.

The crontab line is run as cron runs it (its `%` handling, then `sh -c`) with a stand-in
`briefing` that records what it received; the systemd unit is read by systemd's quoting rules
(and checked by `systemd-analyze verify` where it is installed). Every path and value holds
spaces, quotes, `$(...)`, backticks, `;` and `%`: none of it may run, split or vanish.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()

CRON = "30 6 * * 1-5"
# Folder names a user could have (a folder name cannot hold "/" or NUL).
WORK_DIR = "w d 'q' \"dq\" $(touch pwned-work) `touch pwned-tick` 50%p \\n ;x"
CORPUS_DIR = "my corpus;x"
HOME_DIR = "home $(id) $(touch pwned-home) 'h' %n \\"
OUT_DIR = "out dir $(touch pwned-out) 100%"
# systemd runs no program whose path holds a quote (sh starts it then); other paths directly.
BIN_DIRS = {"via-sh": "bin 'b' $(touch pwned-bin)", "direct": "bin dir $(touch pwned-bin) 5%"}
MODEL = "m \"x\" $HOME ${HOME} %n ;y 'q' `touch pwned-model`"
BASE_URL = "http://127.0.0.1:9/v1/$(id)/%7e"
API_KEY = "sk-test-0123456789abcdef"


class Setup:
    """The hostile folders, the stand-ins and where they report."""

    def __init__(self, tmp: Path, bin_dir: str) -> None:
        self.tmp = tmp
        self.via_sh = "'" in bin_dir
        self.work = tmp / WORK_DIR
        self.corpus = self.work / CORPUS_DIR
        self.home = tmp / HOME_DIR
        self.out = tmp / OUT_DIR
        self.bin = tmp / bin_dir
        self.launch = tmp / "launch"  # where cron's shell starts (not the working directory)
        self.record = tmp / "record.jsonl"
        for folder in (self.corpus, self.home, self.bin, self.launch):
            folder.mkdir(parents=True)
        stand_in = self.bin / "briefing"
        stand_in.write_text(
            f"#!{sys.executable}\n"
            "import json, os, sys\n"
            "seen = {k: v for k, v in os.environ.items() if k.startswith(('BRIEFING_', 'OPENAI_'))}\n"
            f"with open({str(self.record)!r}, 'a', encoding='utf-8') as fh:\n"
            "    fh.write(json.dumps({'argv': sys.argv[1:], 'cwd': os.getcwd(), 'env': seen}) + '\\n')\n"
            "print('stand-in ran')\n",
            encoding="utf-8",
        )
        # Commands an unquoted `;x`, `;y` or `$(id)` would run: each leaves a marker.
        for name in ("x", "y", "id"):
            (self.bin / name).write_text(
                f"#!/bin/sh\ntouch {shlex.quote(str(tmp / f'pwned-ran-{name}'))}\n"
            )
        for script in self.bin.iterdir():
            script.chmod(0o755)

    def expected_argv(self) -> list[str]:
        return [
            "--quiet",
            "digest",
            "--corpus",
            str(self.corpus.resolve()),
            "--out",
            str(self.out.resolve()),
        ]

    def expected_env(self) -> dict[str, str]:
        return {
            "BRIEFING_HOME": str(self.home.resolve()),
            "BRIEFING_BASE_URL": BASE_URL,
            "BRIEFING_MODEL": MODEL,
        }

    def records(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text(encoding="utf-8").splitlines()]

    def markers(self) -> list[Path]:
        """Files a command that should not have run would have left."""
        return sorted(p for p in self.tmp.rglob("pwned*") if p.is_file())


@pytest.fixture(params=sorted(BIN_DIRS))
def setup(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    s = Setup(tmp_path, BIN_DIRS[request.param])
    monkeypatch.chdir(s.work)
    monkeypatch.setenv("PATH", f"{s.bin}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("BRIEFING_HOME", str(s.home))
    monkeypatch.setenv("BRIEFING_OUT", str(s.out))
    monkeypatch.setenv("BRIEFING_MODEL", MODEL)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    return s


def schedule_output(*extra: str) -> str:
    result = runner.invoke(
        app, ["schedule", "--cron", CRON, "--corpus", CORPUS_DIR, "--base-url", BASE_URL, *extra]
    )
    assert result.exit_code == 0, result.output
    assert API_KEY not in result.output
    return result.stdout


# --- cron ------------------------------------------------------------------------------


def cron_command(line: str) -> str:
    """What cron hands to the shell for a crontab line (cronie's and Vixie cron's rules).

    After the five time fields comes the command; an unescaped `%` ends it (the rest would be
    stdin) and `\\%` stands for `%`; any other backslash is left for the shell.
    """
    command = line.split(None, 5)[5]
    out: list[str] = []
    escaped = False
    for ch in command:
        if escaped:
            if ch == "%":
                out[-1] = "%"
            else:
                out.append(ch)
            escaped = False
            continue
        if ch == "%":
            raise AssertionError(f"an unescaped % cuts the crontab command: {line!r}")
        out.append(ch)
        escaped = ch == "\\"
    return "".join(out)


def cron_line(stdout: str) -> str:
    lines = [line for line in stdout.splitlines() if line.startswith(f"{CRON} ")]
    assert len(lines) == 1, stdout
    return lines[0]


SHELLS = [sh for sh in ("/bin/sh", shutil.which("bash"), shutil.which("dash")) if sh]


@pytest.mark.parametrize("shell", sorted(set(SHELLS)))
def test_cron_line_runs_exactly_the_digest(setup: Setup, shell: str) -> None:
    stdout = schedule_output()
    line = cron_line(stdout)
    # As cron runs it: its own minimal environment, from another folder, via sh -c.
    cron_env = {"PATH": f"{setup.bin}:/usr/bin:/bin", "HOME": str(setup.tmp), "SHELL": shell}
    done = subprocess.run(
        [shell, "-c", cron_command(line)],
        cwd=setup.launch,
        env=cron_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, (line, done.stderr)
    assert done.stdout == "" and done.stderr == ""  # everything went to the log
    [seen] = setup.records()
    assert seen["argv"] == setup.expected_argv()
    assert seen["env"] == setup.expected_env()  # no API key, nothing else
    assert seen["cwd"] == str(setup.work.resolve())
    assert (setup.home / "digest.log").read_text() == "stand-in ran\n"
    assert setup.markers() == []
    assert list(setup.launch.iterdir()) == []


def test_cron_line_quotes_only_what_needs_it(tmp_path: Path) -> None:
    """Plain paths stay readable: no quotes where sh needs none."""
    result = runner.invoke(app, ["schedule", "--cron", CRON])
    assert result.exit_code == 0, result.output
    line = cron_line(result.stdout)
    home = tmp_path / "home"
    assert f" BRIEFING_HOME={home} " in line and "'" not in line
    assert f" digest --corpus {Path('seeds').resolve()} --out {Path('outputs').resolve()} " in line
    assert "BRIEFING_MODEL" not in line and "BRIEFING_BASE_URL" not in line  # unset: embedded


def test_no_secret_is_printed_and_control_characters_are_refused(setup: Setup) -> None:
    stdout = schedule_output()
    assert "The API key is not written here" in stdout
    # A password in the endpoint URL stays out of the lines too.
    result = runner.invoke(
        app, ["schedule", "--base-url", "http://user:hunter2-secret@127.0.0.1:9/v1"]
    )
    assert result.exit_code == 0, result.output
    assert "hunter2-secret" not in result.output and "BRIEFING_BASE_URL" not in result.output
    assert "base_url holds a password or query values: not written here" in result.stdout
    # A line break would end the crontab entry (and the unit line) in the middle.
    (setup.work / "a\nb").mkdir()
    bad = runner.invoke(app, ["schedule", "--corpus", "a\nb"])
    assert bad.exit_code == 2 and "line break or control character" in bad.output


# --- systemd ---------------------------------------------------------------------------


def unit_lines(stdout: str, name: str) -> list[str]:
    """The lines of one printed unit file (after its `# ~/.config/...` comment)."""
    lines = stdout.splitlines()
    start = lines.index(f"# ~/.config/systemd/user/{name}") + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith(("# ~/", "# then"))),
        len(lines),
    )
    return lines[start:end]


def specifiers(text: str) -> str:
    """systemd's `%` specifiers: `%%` is `%`; any other would be replaced (a test failure)."""

    def one(m: re.Match[str]) -> str:
        assert m.group(0) == "%%", f"{m.group(0)!r} is a systemd specifier: {text!r}"
        return "%"

    return re.sub(r"%.?", one, text, flags=re.DOTALL)


def systemd_words(text: str) -> list[str]:
    """Split a setting into words as systemd.syntax(7) does (quotes, C escapes)."""
    words: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return words
        word: list[str] = []
        quote = ""
        while i < n:
            c = text[i]
            if not quote and c in " \t":
                break
            if c == quote:
                quote = ""
            elif not quote and c in "\"'":
                quote = c
            elif c == "\\":
                i += 1
                assert i < n and text[i] in "\\\"'", f"unexpected escape in {text!r}"
                word.append(text[i])
            else:
                word.append(c)
            i += 1
        assert not quote, f"unbalanced quoting: {text!r}"
        words.append("".join(word))


def exec_dollars(word: str) -> str:
    """systemd substitutes $NAME and ${NAME} in Exec arguments; `$$` is a dollar sign."""
    assert not re.search(r"(?<!\$)(\$\$)*\$[{A-Za-z_]", word), f"systemd would expand: {word!r}"
    return word.replace("$$", "$")


def parse_service(lines: list[str]) -> tuple[str, dict[str, str], list[str]]:
    """WorkingDirectory, Environment and ExecStart argv as systemd reads them."""
    settings: dict[str, list[str]] = {}
    for line in lines:
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    [workdir] = settings["WorkingDirectory"]  # a path: no quotes, only specifiers, stripped
    env: dict[str, str] = {}
    for value in settings["Environment"]:
        for word in systemd_words(specifiers(value)):
            name, _, val = word.partition("=")
            env[name] = val
    [exec_start] = settings["ExecStart"]
    assert not re.search(r"(^|\s);(\s|$)", exec_start), "a lone ; separates commands"
    exe, *args = [specifiers(w) for w in systemd_words(exec_start)]
    assert not re.search("[\"'\\\\]", exe), "systemd refuses this executable path"
    return specifiers(workdir).strip(), env, [exe, *(exec_dollars(a) for a in args)]


SH_DETOUR = ["/bin/sh", "-c", 'exec "$0" "$@"']


def program(argv: list[str]) -> list[str]:
    """The program and its arguments, after the sh detour if there is one."""
    return argv[len(SH_DETOUR) :] if argv[: len(SH_DETOUR)] == SH_DETOUR else argv


def test_systemd_unit_runs_exactly_the_digest(setup: Setup) -> None:
    stdout = schedule_output()
    service = unit_lines(stdout, "briefing-digest.service")
    assert not any(line.endswith("\\") for line in service)  # no line continues onto the next
    workdir, env, argv = parse_service(service)
    assert workdir == str(setup.work.resolve())
    assert env == setup.expected_env()
    assert program(argv) == [str((setup.bin / "briefing").resolve()), *setup.expected_argv()]
    assert (argv[:3] == SH_DETOUR) == setup.via_sh
    # Run it as systemd would: that argv, that environment, that folder.
    done = subprocess.run(
        argv, cwd=workdir, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    [seen] = setup.records()
    assert (seen["argv"], seen["env"], seen["cwd"]) == (program(argv)[1:], env, workdir)
    assert setup.markers() == []


def test_systemd_unit_quoting_rules_on_the_printed_text(setup: Setup) -> None:
    service = unit_lines(schedule_output(), "briefing-digest.service")
    text = "\n".join(service)
    assert API_KEY not in text
    # Every % is doubled, on every line that systemd expands specifiers in.
    assert "%" in text and not re.search(r"(?<!%)(%%)*%(?!%)", text)
    # Values with spaces or quotes are one double-quoted word, " and \ escaped inside.
    model = next(line for line in service if "BRIEFING_MODEL=" in line)
    assert model.startswith('Environment="BRIEFING_MODEL=m \\"x\\" $HOME ${HOME} %%n ;y')
    home = next(line for line in service if "BRIEFING_HOME=" in line)
    assert home.endswith(' %%n \\\\"')  # the value's trailing backslash, escaped
    exec_start = next(line for line in service if line.startswith("ExecStart="))
    assert " $$(touch pwned-out) 100%%" in exec_start  # arguments: $ and % doubled
    exe = str((setup.bin / "briefing").resolve()).replace("%", "%%")
    if setup.via_sh:
        assert service[service.index(exec_start) - 1].startswith("# systemd runs no program")
        detour = 'ExecStart=/bin/sh -c "exec \\"$$0\\" \\"$$@\\"" '
        assert exec_start.startswith(detour + f'"{exe}"'.replace("$", "$$"))
    else:
        assert exec_start.startswith(f'ExecStart="{exe}" --quiet digest')  # the path keeps its $
    workdir = next(line for line in service if line.startswith("WorkingDirectory="))
    assert workdir == f"WorkingDirectory={setup.work.resolve()}".replace("%", "%%")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_systemd_analyze_verifies_the_units(setup: Setup, tmp_path: Path) -> None:
    stdout = schedule_output()
    units = tmp_path / "units"
    units.mkdir()
    for name in ("briefing-digest.service", "briefing-digest.timer"):
        (units / name).write_text("\n".join(unit_lines(stdout, name)) + "\n")

    def verify(*names: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["systemd-analyze", "verify", "--man=no", *names],
            cwd=units,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = verify("briefing-digest.service", "briefing-digest.timer")
    assert done.returncode == 0 and "briefing-digest" not in done.stdout + done.stderr, done
    # The check has teeth: the executable's path unquoted fails it (systemd looks for the
    # program at the path up to the first space, a folder).
    exe = str((setup.bin / "briefing").resolve())
    (units / "broken.service").write_text(f"[Service]\nType=oneshot\nExecStart={exe} --quiet\n")
    bad = verify("broken.service")
    assert bad.returncode != 0 and "broken.service" in bad.stdout + bad.stderr
