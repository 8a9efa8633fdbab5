"""Reading: every kind of input (files, folders, URLs, feeds, PDF, Word, e-mail) becomes a `Document` of plain text.

Whatever a reader cannot see (hidden HTML, invisible characters) is kept out of the text here, before
anything downstream reads it.
"""
