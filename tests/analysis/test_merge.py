from briefing.analysis.attribution import dedupe_quotes
from briefing.analysis.merge import ActorFinding, merge_actors
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
    from briefing.analysis.merge import resolve_speakers

    actors = merge_actors([f("Kate Mallinson", mention="Кейт Маллинсон"), f("Кейт Маллинсон")])
    quote = Quote(text="a b c d", speaker="Кейт Маллинсон", source_id="s", start=0, end=7, verified=True)
    stranger = quote.model_copy(update={"speaker": "Иван Петров", "start": 9})
    resolved = resolve_speakers([quote, stranger], actors, "en")
    assert [q.speaker for q in resolved] == ["Kate Mallinson", "Ivan Petrov"]


def test_mixed_script_names_are_cleaned_for_a_latin_brief():
    [actor] = merge_actors([f("Christofer Lanдаu")])
    assert actor.name == "Christofer Landau"


def test_titles_roles_and_possessives_leave_the_name_and_go_to_the_role():
    actors = merge_actors(
        [
            f("Kazakhstan's President Kassym-Jomart Tokayev", source="en"),
            f("Президент Казахстана Касым-Жомарт Токаев", source="ru"),
            f("China's Xi Jinping"),
            f("Xi Jinping", source="b"),
            f("заместитель государственного секретаря США Кристофер Ландау", source="ru"),
            f("U.S. Deputy Secretary of State Christopher Landau", source="en"),
            f("партнер лондонской аналитической компании PRISM Strategic Intelligence Ltd. Кейт Маллинсон"),
        ]
    )
    assert sorted(a.name for a in actors) == [
        "Christopher Landau",
        "Kassym-Jomart Tokayev",
        "Keyt Mallinson",
        "Xi Jinping",
    ]
    tokayev = next(a for a in actors if a.name == "Kassym-Jomart Tokayev")
    assert tokayev.role.startswith("President of Kazakhstan") and tokayev.source_ids == ["en", "ru"]
    assert not any("President" in alias or "Президент" in alias for alias in tokayev.aliases)
    xi = next(a for a in actors if a.name == "Xi Jinping")
    assert xi.source_ids == ["a", "b"] and xi.aliases == []


def test_a_name_that_is_only_a_title_word_at_its_end_is_kept_whole():
    assert [a.name for a in merge_actors([f("Martin Luther King"), f("Stephen King")])] == [
        "Martin Luther King",
        "Stephen King",
    ]


def test_countries_merge_with_their_abbreviations_and_other_languages_names():
    actors = merge_actors(
        [
            f("US", "country"),
            f("U.S.", "country", source="b"),
            f("United States", "country"),
            f("США", "country", source="ru"),
            f("Vereinigte Staaten", "country", source="de"),
            f("U.S.", "organization", source="c"),  # small models call a country an organisation
            f("Китая", "country", source="ru"),
            f("China", "country"),
            f("Uzbekistan Airways", "organization"),
        ]
    )
    assert sorted(a.name for a in actors) == ["China", "United States", "Uzbekistan Airways"]
    us = next(a for a in actors if a.name == "United States")
    assert us.kind == "country" and us.source_ids == ["a", "b", "ru", "de", "c"]
    assert {"US", "U.S.", "США", "Vereinigte Staaten"} <= set(us.aliases)
    [russian_us] = [a for a in merge_actors([f("США", "country"), f("U.S.", "country")], "ru")]
    assert russian_us.name == "США"


def test_a_short_form_joins_the_one_full_name_of_its_document_it_is_a_word_of():
    actors = merge_actors(
        [
            f("Brazilian President Luiz Inácio Lula da Silva", source="en"),
            f("Lula", source="en"),
            f("Xi Jinping", source="en"),
        ]
    )
    assert sorted(a.name for a in actors) == ["Luiz Inácio Lula da Silva", "Xi Jinping"]
    lula = next(a for a in actors if a.name.startswith("Luiz"))
    assert lula.aliases == ["Lula"] and "Brazilian President" in lula.role


def test_a_short_form_stays_apart_when_its_documents_do_not_connect_it_to_one_person():
    elsewhere = merge_actors([f("Luiz Inácio Lula da Silva", source="a"), f("Lula", source="b")])
    assert len(elsewhere) == 2, "not named in the same document"
    two_marias = merge_actors([f("Ana Maria Costa"), f("Maria Elena Rossi"), f("Maria")])
    assert len(two_marias) == 3, "a word of two people's names: the documents do not say which"


def test_a_quote_carried_by_several_outlets_is_one_quote_citing_them_all():
    words = "We are opening the door to American investment, but on terms that serve our people"
    wire = Quote(
        text=words, speaker="Kassym-Jomart Tokayev", source_id="wire", start=100, end=100 + len(words), verified=True
    )
    daily = Quote(text=f"{words}.", speaker=None, source_id="daily", start=50, end=51 + len(words), verified=True)
    other = Quote(
        text="a first step, not the last one", speaker="Landau", source_id="wire", start=300, end=330, verified=True
    )
    short = Quote(text="C5+1", speaker=None, source_id="daily", start=5, end=9, verified=True)
    short_again = short.model_copy(update={"source_id": "wire"})
    quotes = dedupe_quotes([daily, wire, other, short, short_again])
    assert len(quotes) == 4, "the shared statement once; a short phrase two reports share by chance stays apart"
    [shared] = [q for q in quotes if q.also_in]
    assert shared.source_id == "wire" and shared.speaker == "Kassym-Jomart Tokayev", "the attributed copy leads"
    assert [(e.source_id, e.start, e.end, e.text) for e in shared.also_in] == [
        ("daily", 50, 51 + len(words), f"{words}.")
    ]


def test_short_forms_in_two_languages_tie_the_full_names_of_their_documents_together():
    actors = merge_actors(
        [
            f("Luiz Inácio Lula da Silva", source="en"),
            f("Lula", source="en"),
            f("Луис Инасиу Лула да Силва", source="ru"),
            f("Лула", source="ru"),
            f("Marina Silva", source="other"),
        ]
    )
    assert sorted(a.name for a in actors) == ["Luiz Inácio Lula da Silva", "Marina Silva"]
    lula = next(a for a in actors if a.name.startswith("Luiz"))
    assert lula.source_ids == ["en", "ru"] and {"Lula", "Лула", "Луис Инасиу Лула да Силва"} <= set(lula.aliases)


def test_the_spelling_reported_most_often_names_the_actor():
    [actor] = merge_actors([f("Kassym-Schomart Tokajew"), f("Kassym-Jomart Tokayev"), f("Kassym-Jomart Tokayev")])
    assert actor.name == "Kassym-Jomart Tokayev" and actor.aliases == ["Kassym-Schomart Tokajew"]


def test_a_short_form_meets_the_full_name_its_own_report_writes():
    # The model listed only "Лула" for the Russian report, whose text writes the full name.
    texts = {"b": "Президент Бразилии Луис Инасиу Лула да Силва прибыл в Пекин. Лула сказал…"}
    actors = merge_actors([f("Luiz Inácio Lula da Silva", source="a"), f("Лула", source="b")], texts=texts)
    assert len(actors) == 1 and set(actors[0].source_ids) == {"a", "b"}
    assert (
        len(merge_actors([f("Luiz Inácio Lula da Silva", source="a"), f("Lula", source="b")], texts={"b": "Lula"})) == 2
    )


def test_a_namesake_of_another_kind_is_one_actor_of_the_more_precise_kind():
    actors = merge_actors([f("Bloomberg", kind="other"), f("Bloomberg", kind="organization")])
    assert [(a.name, a.kind) for a in actors] == [("Bloomberg", "organization")]
    assert len(merge_actors([f("Jordan", kind="person"), f("Jordan", kind="country")])) == 2, "people stay apart"


def test_a_capital_written_for_its_government_is_the_country():
    actors = merge_actors([f("United States", kind="country", mention="США"), f("Вашингтона", kind="country"),
                           f("China", kind="country"), f("Пекин", kind="organization")])  # fmt: skip
    assert sorted(a.name for a in actors) == ["China", "United States"]


def test_a_first_name_a_letter_off_is_one_person_when_two_more_names_agree():
    actors = merge_actors([f("Luiz Inácio Lula da Silva"), f("Луис Инасиу Лула да Силва", source="b")])
    assert len(actors) == 1
    assert len(merge_actors([f("Mark Smith"), f("Mary Smith")])) == 2


def test_an_organisation_written_before_a_persons_name_is_their_employer_not_their_name():
    # "сообщила глава Altyn Air Дана Серикова": no title word marks where the firm ends.
    findings = [
        ActorFinding("Altyn Air", "Altyn Air", "organization", "", "ru"),
        ActorFinding("Altyn Air Дана Серикова", "Altyn Air Дана Серикова", "person", "", "ru"),
        ActorFinding("Dana Serikova", "Dana Serikova", "person", "", "en"),
    ]
    people = [a for a in merge_actors(findings, "en") if a.kind == "person"]
    assert [(p.name, sorted(p.source_ids)) for p in people] == [("Dana Serikova", ["en", "ru"])]
    assert "Altyn Air" in people[0].role and not any("Altyn" in alias for alias in people[0].aliases)
    alone = merge_actors([ActorFinding("Airbus Group Chief", "", "person", "", "en")], "en")
    assert [a.name for a in alone] == ["Airbus Group Chief"], "no organisation found: the name is kept whole"
