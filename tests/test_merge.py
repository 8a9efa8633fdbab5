from briefing.merge import ActorFinding, dedupe_quotes, merge_actors
from briefing.schema import Quote


def f(name, kind="person", mention=None, source="a"):
    return ActorFinding(name=name, mention=mention or name, kind=kind, role=f"role of {name}", source_id=source)


def test_same_person_in_several_spellings_becomes_one_actor():
    actors = merge_actors(
        [
            f("Trump", mention="Трамп"),
            f("Donald Trump", mention="Дональд Трамп", source="b"),
            f("Kassym-Jomart Tokayev"),
        ]
    )
    assert len(actors) == 2
    trump = next(a for a in actors if "Trump" in a.name)
    assert trump.name == "Donald Trump"
    assert {"Trump", "Трамп", "Дональд Трамп"} <= set(trump.aliases)
    assert trump.source_ids == ["a", "b"]


def test_corporate_suffixes_fold_but_different_organisations_stay_apart():
    actors = merge_actors(
        [
            f("Wabtec Corp.", "organization"),
            f("Wabtec", "organization"),
            f("Uzbekistan", "country"),
            f("Uzbekistan Airways", "organization"),
        ]
    )
    assert sorted(a.name for a in actors) == ["Uzbekistan", "Uzbekistan Airways", "Wabtec Corp."]


def test_different_people_sharing_a_first_name_stay_apart():
    actors = merge_actors([f("Donald Trump"), f("Donald Tusk")])
    assert len(actors) == 2


def test_duplicate_quotes_collapse_and_keep_the_attribution():
    a = Quote(text="x y z w", speaker=None, source_id="s", start=1, end=8, verified=True)
    b = a.model_copy(update={"speaker": "Kate"})
    assert dedupe_quotes([a, b]) == [b]


def test_transliterated_and_respelled_names_meet():
    actors = merge_actors(
        [
            f("Kassym-Jomart Tokayev"),
            f("Касым-Жомарт Токаев", source="b"),
            f("Kris Landau"),
            f("Кристофер Ландау"),
            f("Uzbekistan Airways", "organization"),
            f("Узбекистан Airways", "organization"),
        ]
    )
    assert sorted(a.name for a in actors) == ["Kassym-Jomart Tokayev", "Kris Landau", "Uzbekistan Airways"]
    tokayev = next(a for a in actors if a.name.endswith("Tokayev"))
    assert "Касым-Жомарт Токаев" in tokayev.aliases and tokayev.source_ids == ["a", "b"]


def test_brief_in_russian_prefers_cyrillic_names():
    actors = merge_actors([f("Donald Trump"), f("Дональд Трамп")], language="ru")
    assert [a.name for a in actors] == ["Дональд Трамп"]


def test_first_names_spelled_differently_still_meet_but_different_people_do_not():
    actors = merge_actors([f("Christofer Landau"), f("Кристофер Ландау"), f("Melania Trump"), f("Donald Trump")])
    assert sorted(a.name for a in actors) == ["Christofer Landau", "Donald Trump", "Melania Trump"]


def test_an_actor_named_only_in_cyrillic_is_transliterated_for_an_english_brief():
    [actor] = merge_actors([f("Кейт Маллинсон")])
    assert actor.name == "Keyt Mallinson" and actor.aliases == ["Кейт Маллинсон"]


def test_speakers_are_named_as_in_the_actors_table():
    from briefing.merge import resolve_speakers

    actors = merge_actors([f("Kate Mallinson", mention="Кейт Маллинсон"), f("Кейт Маллинсон")])
    quote = Quote(text="a b c d", speaker="Кейт Маллинсон", source_id="s", start=0, end=7, verified=True)
    stranger = quote.model_copy(update={"speaker": "Иван Петров", "start": 9})
    resolved = resolve_speakers([quote, stranger], actors, "en")
    assert [q.speaker for q in resolved] == ["Kate Mallinson", "Ivan Petrov"]


def test_mixed_script_names_are_cleaned_for_a_latin_brief():
    [actor] = merge_actors([f("Christofer Lanдаu")])
    assert actor.name == "Christofer Landau"
