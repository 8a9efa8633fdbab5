"""Language-aware helpers the stages share: names across scripts, countries, sentences, pages, languages.

They know nothing of models or briefs, so every stage can lean on them and none of them leans on a stage.
"""
