"""Finding the passages a question needs: BM25 retrieval with query expansion, and the
sentence embeddings used to compare sentences."""
