"""The ground every stage stands on: models that cross boundaries, protocols, errors,
settings, capped file reading and locks. Imports nothing else of briefing."""
