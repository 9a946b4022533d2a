"""Search over public records by an index of bigrams (two-character tokens).

Chinese has no spaces, so words cannot be split out without a dictionary; every pair of adjacent
characters is indexed instead (a one-character query uses single characters, also indexed). A
query matches the records holding all its bigrams (an index lookup per bigram, grouped), and
the few candidates are then checked for the exact substring. No `LIKE '%…%'` over the table:
the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Count, QuerySet

from yifa.disclosure.models import Publication, SearchToken

#: Longest query used (bigrams beyond are not needed to narrow the candidates).
MAX_QUERY = 40


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII) and lower case: what is indexed and what is asked."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens_of(text: str) -> set[str]:
    """Single characters and bigrams of each line, without whitespace (lines are fields)."""
    found: set[str] = set()
    for part in normalise(text).split():
        found.update(part)
        found.update(part[i:i + 2] for i in range(len(part) - 1))
    return found


def query_tokens(query: str) -> list[str]:
    words = normalise(query)[:MAX_QUERY].split()
    found: set[str] = set()
    for word in words:
        found.update([word] if len(word) == 1 else (word[i:i + 2] for i in range(len(word) - 1)))
    return sorted(found)


def index(publication: Publication) -> None:
    """(Re)build one record's tokens (inside the caller's transaction)."""
    SearchToken.objects.filter(publication=publication).delete()
    SearchToken.objects.bulk_create(
        [SearchToken(publication=publication, token=t) for t in sorted(tokens_of(publication.search_text))])


def matching(qs: QuerySet[Publication], query: str) -> QuerySet[Publication]:
    """Records of `qs` whose text holds every word of `query`."""
    wanted = query_tokens(query)
    if not wanted:
        return qs
    candidates = (SearchToken.objects.filter(token__in=wanted).values("publication_id")
                  .annotate(n=Count("token", distinct=True)).filter(n=len(wanted)).values("publication_id"))
    qs = qs.filter(pk__in=candidates)
    for word in normalise(query)[:MAX_QUERY].split():
        qs = qs.filter(search_text__contains=word)  # on the candidates only: adjacency of the bigrams
    return qs
