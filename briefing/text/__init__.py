"""Text as every stage reads it: normalization, tokens and stems, sentences and passages.
Imports only `core`."""
