"""Settings precedence: flag > BRIEFING_* env > ./briefing.toml > defaults."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.core.config import DEFAULT_TOPIC, load_settings
from briefing.core.errors import ConfigError


def test_defaults(tmp_path: Path) -> None:
    s, warnings = load_settings({}, env={}, cwd=tmp_path)
    assert s.topic == DEFAULT_TOPIC and s.base_url is None and s.api_key is None
    assert s.home == (tmp_path / ".briefing").resolve()
    assert warnings == []


def test_precedence(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text(
        'topic = "from toml"\nmodel = "toml-model"\npassages = 7\n'
    )
    s, _ = load_settings({}, env={}, cwd=tmp_path)
    assert (s.topic, s.model, s.passages) == ("from toml", "toml-model", 7)
    env = {"BRIEFING_TOPIC": "from env", "BRIEFING_PASSAGES": "9"}
    s, _ = load_settings({}, env=env, cwd=tmp_path)
    assert (s.topic, s.model, s.passages) == ("from env", "toml-model", 9)
    s, _ = load_settings({"topic": "from flag", "passages": None}, env=env, cwd=tmp_path)
    assert (s.topic, s.passages) == ("from flag", 9)


def test_briefing_table_and_home(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text('[briefing]\nhome = "state"\n')
    s, _ = load_settings({}, env={}, cwd=tmp_path)
    assert s.home == (tmp_path / "state").resolve()
    s, _ = load_settings({}, env={"BRIEFING_HOME": str(tmp_path / "elsewhere")}, cwd=tmp_path)
    assert s.home == tmp_path / "elsewhere"


def test_unprefixed_variables_are_ignored_but_openai_key_is_read(tmp_path: Path) -> None:
    s, _ = load_settings(
        {}, env={"TOPIC": "stray", "MODEL": "stray", "OPENAI_API_KEY": "sk-x"}, cwd=tmp_path
    )
    assert s.topic == DEFAULT_TOPIC and s.model is None
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-x"
    s, _ = load_settings(
        {}, env={"OPENAI_API_KEY": "sk-x", "BRIEFING_API_KEY": "sk-y"}, cwd=tmp_path
    )
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-y"
    assert "sk-y" not in repr(s) and "sk-y" not in str(s.public_dict())


@pytest.mark.parametrize(
    ("toml", "env", "needle"),
    [
        ("topic = [unclosed", {}, "not valid TOML"),
        ("colour = 3", {}, "unknown setting"),
        ("", {"BRIEFING_CONCURRENCY": "many"}, "BRIEFING_CONCURRENCY"),
        ("", {"BRIEFING_STRATEGY": "guess"}, "BRIEFING_STRATEGY"),
    ],
)
def test_bad_config_names_the_place_to_fix(
    tmp_path: Path, toml: str, env: dict[str, str], needle: str
) -> None:
    (tmp_path / "briefing.toml").write_text(toml)
    with pytest.raises(ConfigError, match=needle) as info:
        load_settings({}, env=env, cwd=tmp_path)
    assert "\n" not in str(info.value)


def test_world_readable_key_in_toml_warns(tmp_path: Path) -> None:
    cfg = tmp_path / "briefing.toml"
    cfg.write_text('api_key = "sk-secret-123456789012"\n')
    os.chmod(cfg, 0o644)
    _, warnings = load_settings({}, env={}, cwd=tmp_path)
    assert len(warnings) == 1 and "chmod 600" in warnings[0]
    assert "sk-secret" not in warnings[0]
    os.chmod(cfg, 0o600)
    _, warnings = load_settings({}, env={}, cwd=tmp_path)
    assert warnings == []


def test_a_no_cache_value_that_is_neither_yes_nor_no_is_refused(tmp_path: Path) -> None:
    # Issue 31: BRIEFING_NO_CACHE=maybe was silently false.
    with pytest.raises(ConfigError, match="BRIEFING_NO_CACHE"):
        load_settings(env={"BRIEFING_NO_CACHE": "maybe"}, cwd=tmp_path)
    assert load_settings(env={"BRIEFING_NO_CACHE": "off"}, cwd=tmp_path)[0].no_cache is False
    assert load_settings(env={"BRIEFING_NO_CACHE": "Yes"}, cwd=tmp_path)[0].no_cache is True


def test_a_misspelled_variable_in_the_wrong_case_suggests_the_right_name(tmp_path: Path) -> None:
    # Issue 31: BRIEFING_passages suggested BRIEFING_OUT.
    with pytest.raises(ConfigError, match="did you mean BRIEFING_PASSAGES"):
        load_settings(env={"BRIEFING_passages": "3"}, cwd=tmp_path)


def test_a_whole_number_setting_is_refused_as_a_float_in_toml_as_in_the_environment(
    tmp_path: Path,
) -> None:
    # Issue 31: `passages = 1e2` was accepted in briefing.toml and refused in the environment.
    (tmp_path / "briefing.toml").write_text("passages = 1e2\n")
    with pytest.raises(ConfigError, match="whole number"):
        load_settings(env={}, cwd=tmp_path)
    (tmp_path / "briefing.toml").write_text("passages = 100\ntimeout = 30\n")
    assert load_settings(env={}, cwd=tmp_path)[0].passages == 100


def test_a_size_limit_under_a_kilobyte_is_refused(tmp_path: Path) -> None:
    # Issue 31: BRIEFING_MAX_FILE_MB=1e-9 reported "larger than the 0 MB limit".
    with pytest.raises(ConfigError, match=r"at least 0\.001"):
        load_settings(env={"BRIEFING_MAX_FILE_MB": "1e-9"}, cwd=tmp_path)
