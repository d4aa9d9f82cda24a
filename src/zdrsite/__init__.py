"""Everything that turns data/zdr.yaml into the site, in plain Python.

Nothing in this package imports MkDocs: the MkDocs hook (hooks/zdr_hooks.py) only
passes pages and events through, so this code can be tested alone and moved to
another engine. The path of the data: loader (YAML -> checked plain data) ->
records (typed records and the outline) -> renderers (Markdown per marker),
search, exports -> the hook writes them into the site.
"""
