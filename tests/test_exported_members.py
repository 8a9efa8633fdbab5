import briefing


def test_all_is_sorted_and_complete():
    public = {name for name in dir(briefing) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(briefing, name)).__name__ == "module"}
    assert briefing.__all__ == sorted(briefing.__all__)
    assert set(briefing.__all__) == public - modules
