"""Output: a briefing through Jinja templates to Markdown or HTML, source highlighting, diffs, atomic files.

Rendering makes no model call and re-checks every quote and citation against the sources the brief carries.
"""
