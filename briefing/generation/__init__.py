"""The run: ingest, retrieve, prompt, call the model, resolve citations, compose, verify.
`llm` is the only importer of `openai`; `server` starts the embedded model."""
