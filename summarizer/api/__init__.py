"""The Python API's implementation, one job per module: the async session
(``session``), its blocking form (``blocking``, on a private loop from ``loop_thread``),
what ``summarise_many`` accepts (``items``), the exceptions it maps (``failures``), the
one-call shortcuts, reading (``inputs``) and scoring (``scoring``).

Import the public names from :mod:`summarizer` itself, not from here.
"""
