"""Search: the analyzer, the query parser, BM25 indexes, filters and figures over postings."""
