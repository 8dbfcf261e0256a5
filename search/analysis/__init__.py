"""Indonesian text analysis: the Whoosh analyzers used at index, query and
highlight time (:mod:`~search.analysis.analyzers`, built from the filters of
:mod:`~search.analysis.filters`) and the Sastrawi stemmer behind them
(:mod:`~search.analysis.stemming`)."""
