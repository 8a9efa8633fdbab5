import briefing


def test_all_is_sorted_and_every_name_resolves():
    assert briefing.__all__ == sorted(briefing.__all__)
    for name in briefing.__all__:
        assert getattr(briefing, name).__module__.startswith("briefing"), name


def test_every_public_name_briefing_defines_is_exported():
    for name in briefing.__all__:
        getattr(briefing, name)  # load the lazy ones too
    public = {
        name
        for name, value in vars(briefing).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("briefing.")
    }
    assert public <= set(briefing.__all__)
    assert set(dir(briefing)) >= set(briefing.__all__)
