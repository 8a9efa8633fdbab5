"""The briefing desk: a folder that turns `briefing` into a morning routine.

DESK/desk.toml lists the sources and how the brief is written (config.py);
`run_day` (daily.py) briefs only what is new since the desk's earlier days
(intake.py, state.py) and files it in DESK/briefs/ with an index (archive.py).
"""
