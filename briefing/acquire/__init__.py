"""Getting articles into a corpus: `briefing import` of URLs, feeds, lists and files, with
the fetcher and the HTML/PDF/feed extractor it uses."""
