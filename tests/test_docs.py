"""The docs and the hints match the code: the README's settings table, flags and variables named in errors."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer

from briefing import cli
from briefing.core.config import CONFIG_FILE, Settings, env_var, load_settings
from briefing.core.errors import ConfigError
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
VARIABLE = re.compile(r"\bBRIEFING_[A-Z_]+\b")
# Flags of other programs that briefing's messages and code quote on purpose.
OTHER_TOOLS = {
    "--decrypt": "qpdf",
    "--password": "qpdf",
    "--no-deps": "pip",
    "--user": "systemctl",
    "--now": "systemctl",
    "--progress-bar": "pip",
}


def app_flags() -> set[str]:
    """Every option of every briefing command (and the group's own), as typed on the command line."""
    flags: set[str] = {"--help"}

    # Duck-typed: typer builds on its own copy of click, whose classes are not click's.
    def walk(command: Any) -> None:
        for param in command.params:
            if param.param_type_name == "option":
                flags.update(param.opts + param.secondary_opts)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(cli.app))
    return flags


def settings_rows() -> dict[str, dict[str, str]]:
    """The README's settings table: setting -> its cells."""
    block = README.split("<!-- settings:start")[1].split("<!-- settings:end -->")[0]
    rows: dict[str, dict[str, str]] = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        name, variable, flag, default, meaning = cells
        rows[name.strip("`")] = {
            "variable": variable.strip("`"),
            "flag": flag.strip("`"),
            "default": default.strip("`"),
            "meaning": meaning,
        }
    return rows


def cli_flag_settings() -> set[str]:
    """Settings the command line hands to `load_settings` as flags (MODEL_OPTIONS, settings_from(...))."""
    names = {"out" if n == "out_dir" else n for n in cli.MODEL_OPTIONS}
    for path in (ROOT / "briefing" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "settings_from"
            ):
                names |= {kw.arg for kw in node.keywords if kw.arg}
    return names


def shown_default(value: Any) -> str:
    """A default as the README writes it."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return str(value)


def test_readme_settings_table_lists_every_setting_with_its_variable_flag_and_default() -> None:
    rows = settings_rows()
    assert list(rows) == list(Settings.model_fields)  # same settings, same order as the model
    defaults = Settings().model_dump()
    flags = app_flags()
    for name, row in rows.items():
        assert row["variable"] == env_var(name), name
        dashed = f"--{name.replace('_', '-')}"
        if dashed in flags:
            assert row["flag"] == dashed, f"{name}: the README should name {dashed}"
        else:
            assert row["flag"] == "", f"{name}: {row['flag']} is not a briefing flag"
        assert row["default"] == shown_default(defaults[name]), name
        assert row["meaning"], name


def test_every_setting_is_read_from_its_variable(tmp_path: Path) -> None:
    defaults = Settings().model_dump()
    samples: dict[str, tuple[str, Any]] = {
        "feeds": ("https://a.example/feed.rss https://b.example/x.html", None),
        "prices": ('{"m": [0.5, 1.5]}', {"m": (0.5, 1.5)}),
        "no_cache": ("yes", True),
        "strategy": ("single", "single"),
        "unverified": ("drop", "drop"),
        "base_url": ("http://localhost:1/v1", "http://localhost:1/v1"),
        "threads": ("2", 2),
        "ingest_workers": ("3", 3),
        "judge": ("model", "model"),
        "embeddings": ("off", "off"),
        "database_url": ("postgresql://u@h/db", "postgresql://u@h/db"),
    }
    for name in Settings.model_fields:
        default = defaults[name]
        if name in samples:
            raw, expected = samples[name]
        elif isinstance(default, int | float) and not isinstance(default, bool):
            expected = default * 2  # in range for every numeric setting, and not the default
            raw = str(expected)
        else:
            raw = expected = "chosen-by-env"
        if name == "prompts":
            (tmp_path / raw).mkdir(exist_ok=True)  # a prompts folder must exist (issue 15)
        settings, _ = load_settings({}, env={env_var(name): raw}, cwd=tmp_path)
        value = getattr(settings, name)
        if name == "api_key":
            value = value.get_secret_value()
        elif name == "feeds":
            expected = raw.split()
        elif isinstance(value, Path):
            value = value.name
        assert value == expected, name


def test_feeds_variable_may_be_a_json_list_and_bad_json_names_the_variable(tmp_path: Path) -> None:
    settings, _ = load_settings({}, env={"BRIEFING_FEEDS": '["a b.txt"]'}, cwd=tmp_path)
    assert settings.feeds == ["a b.txt"]
    with pytest.raises(ConfigError, match="BRIEFING_PRICES is not valid JSON") as info:
        load_settings({}, env={"BRIEFING_PRICES": "{m: 1}"}, cwd=tmp_path)
    assert "briefing.toml" in str(info.value)


def fix_target(message: str) -> str:
    """What an invalid-setting message says to fix."""
    return message.rsplit(": fix ", 1)[1]


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_an_invalid_setting_names_the_flag_variable_or_file_it_came_from(
    name: str, tmp_path: Path
) -> None:
    # A TOML table is a wrong value for every setting.
    (tmp_path / CONFIG_FILE).write_text(f"{name} = {{ wrong = 1 }}\n")
    with pytest.raises(ConfigError) as info:
        load_settings({}, env={}, cwd=tmp_path)
    assert fix_target(str(info.value)) == f"{name} in {tmp_path / CONFIG_FILE}"
    (tmp_path / CONFIG_FILE).unlink()

    numeric = Settings.model_fields[name].annotation in (int, float, int | None)
    if numeric:
        with pytest.raises(ConfigError) as info:
            load_settings({}, env={env_var(name): "-5000"}, cwd=tmp_path)
        assert fix_target(str(info.value)) == env_var(name)
        assert "--" not in str(info.value)  # the issue: a hint named --passage-tokens

    if name in cli_flag_settings():
        with pytest.raises(ConfigError) as info:
            load_settings({name: {"wrong": 1}}, env={}, cwd=tmp_path)
        flag = fix_target(str(info.value))
        assert flag in app_flags(), f"{name}: the hint names {flag}, which briefing lacks"


def string_constants(path: Path) -> list[str]:
    """Every string literal of a module (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_every_flag_and_variable_named_in_the_code_exists() -> None:
    flags = app_flags()
    variables = {env_var(name) for name in Settings.model_fields}
    for path in sorted((ROOT / "briefing").glob("*.py")):
        if path.name == "server.py":
            # Its flags are llama_cpp.server's command line, not hints; its hints are checked
            # through INSTALL_HINT below.
            texts = [__import__("briefing.generation.server").server.INSTALL_HINT]
        else:
            texts = string_constants(path)
        for text in texts:
            for flag in FLAG.findall(text):
                assert flag in flags or flag in OTHER_TOOLS, f"{path.name}: {flag} in {text!r}"
            for var in VARIABLE.findall(text):
                assert var in variables, f"{path.name}: {var} in {text!r}"


def test_every_briefing_flag_and_variable_in_the_readme_exists() -> None:
    flags = app_flags()
    variables = {env_var(name) for name in Settings.model_fields}
    for line in README.splitlines():
        # The fault table quotes the error for a misspelled variable, misspelling included.
        line = line.replace("BRIEFING_TIMOUT", "")
        for var in VARIABLE.findall(line):
            assert var in variables, line
        if "briefing " not in line and "| `--" not in line:
            continue  # only lines about briefing's own command line
        for flag in FLAG.findall(line):
            assert flag in flags or flag in OTHER_TOOLS, f"{flag}: {line}"


def test_ci_lints_before_testing_and_dev_sh_parses() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 0 < ci.index("bash dev.sh lint") < ci.index("bash dev.sh test")
    dev = (ROOT / "dev.sh").read_text(encoding="utf-8")
    lint = dev.split("\n  lint)")[1].split(";;")[0]
    for tool in ('ruff" check', 'ruff" format --check', "mypy"):
        assert tool in lint, tool
    assert "trap on_error ERR" in dev and "about 10 minutes" in dev
    assert subprocess.run(["bash", "-n", str(ROOT / "dev.sh")], check=False).returncode == 0
