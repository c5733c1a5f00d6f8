"""The corpus folder: reading captures (ingest), keeping the store in step with the folder
(sync), and near-duplicate captures (dedupe)."""
