"""desk.toml: the environment, then the file, then the command line; mistakes named by file and key."""

from __future__ import annotations

import pytest

from briefing.desk.config import init_desk, load_desk
from briefing.errors import InputError


def _desk(tmp_path, model: str = "", language: str = "en"):
    folder = tmp_path / "desk"
    init_desk(folder)
    toml = folder / "desk.toml"
    text = toml.read_text().replace("[model]\n", f"[model]\n{model}")
    text = text.replace('    "inbox/",\n', '    "https://example.org/feed.xml",\n    "inbox/",\n')
    toml.write_text(text.replace('language = "en"', f'language = "{language}"'))
    return folder


def test_the_command_line_wins_over_the_file_and_the_file_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.example/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    folder = _desk(tmp_path, 'base_url = "http://file.example/v1"\ncache_dir = "cache"\n', "ru")
    desk = load_desk(folder)
    settings = desk.settings()
    assert settings.base_url == "http://file.example/v1" and settings.language == "ru"
    assert settings.cache_dir == folder / "cache", "relative paths are the desk's"
    assert settings.api_key.get_secret_value() == "sk-env"
    overridden = desk.settings({"base_url": "http://cli.example/v1", "language": None})
    assert overridden.base_url == "http://cli.example/v1" and overridden.language == "ru"
    assert desk.sources() == ["https://example.org/feed.xml", str(folder / "inbox/")]


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("concurency = 3\n", r"desk\.toml: model\.concurency: Extra inputs are not permitted"),
        ("concurrency = 0\n", r"desk\.toml: model\.concurrency: Input should be greater than or equal to 1"),
        ('api_key = "sk-x"\n', r"desk\.toml: model: api_key: the API key stays in the environment"),
        ("base_url = \n", r"desk\.toml: not valid TOML"),
    ],
)
def test_a_mistake_in_desk_toml_is_named(tmp_path, model, message):
    with pytest.raises(InputError, match=message):
        load_desk(_desk(tmp_path, model))


def test_init_lists_the_sources_given_from_where_it_is_run_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "desk"
    init_desk(folder, ["https://example.org/feed.xml", "notes/", 'odd "name".txt'])
    assert load_desk(folder).file.sources == [
        "https://example.org/feed.xml",
        str(tmp_path / "notes"),
        str(tmp_path / 'odd "name".txt'),
    ]
    with pytest.raises(InputError, match="exists; not overwritten"):
        init_desk(folder)


def test_a_template_named_in_desk_toml_is_found_beside_the_desk_else_among_the_bundled(tmp_path):
    desk = load_desk(_desk(tmp_path))
    assert desk.template("brief.html.j2") == "brief.html.j2"
    (desk.folder / "mine.html.j2").write_text("<p>{{ brief.title }}</p>")
    assert desk.template("mine.html.j2") == desk.folder / "mine.html.j2", "found wherever cron runs it from"
