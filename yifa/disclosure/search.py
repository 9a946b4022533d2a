"""Search over public records by an index of bigrams (two-character tokens).

Chinese has no spaces, so words cannot be split out without a dictionary; every pair of adjacent
characters is indexed instead (a one-character query uses single characters, also indexed). A
query is answered from its rarest token (`rarest`: each token's entries counted by the index, up
to `FREQUENT`): that token's entries are read in the public list's order (the index is
token, decided_on, publication — `walk`), and each candidate record is checked for the exact
words; a page stops after its rows. A rare token gives few candidates; a common one gives
matches densely, so a page fills after a few candidates. No `LIKE '%…%'` over the table, no
grouping of a common token's entries, no sort: the same on SQLite and PostgreSQL. (The one slow
case left: only common tokens, in a combination that is rare — every candidate of the rarest is
then checked.)
"""

from __future__ import annotations

import unicodedata

from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.functions import StrIndex

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


def words_of(query: str) -> list[str]:
    """The words a record must hold (normalised; whitespace separates them)."""
    return normalise(query)[:MAX_QUERY].split()


def index(publication: Publication) -> None:
    """(Re)build one record's tokens (inside the caller's transaction)."""
    SearchToken.objects.filter(publication=publication).delete()
    SearchToken.objects.bulk_create(
        [SearchToken(publication=publication, token=t, decided_on=publication.decided_on)
         for t in sorted(tokens_of(publication.search_text))])


#: A token held by more records than this counts as common (its entries are not counted further).
FREQUENT = 2000
#: At most this many of a query's tokens are counted (spread over the query): enough to find a rare one.
COUNTED = 6


def rarest(tokens: list[str]) -> str:
    """The query token held by the fewest records (counts capped at FREQUENT, index only)."""
    if len(tokens) > COUNTED:
        step = (len(tokens) - 1) / (COUNTED - 1)
        tokens = sorted({tokens[round(i * step)] for i in range(COUNTED)})
    if len(tokens) == 1:
        return tokens[0]
    # One statement for all of them (one round trip; no ORM query built per token): each count
    # is of at most FREQUENT index entries.
    table, column = SearchToken._meta.db_table, SearchToken._meta.get_field("token").column
    one = f'(SELECT COUNT(*) FROM (SELECT 1 FROM "{table}" WHERE "{column}" = %s LIMIT {FREQUENT}) AS c)'  # noqa: S608 -- names, no input
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join([one] * len(tokens)), tokens)
        counts = dict(zip(tokens, cur.fetchone(), strict=True))
    return min(tokens, key=lambda t: (counts[t], t))


def walk(*queries: str) -> QuerySet[SearchToken] | None:
    """The entries of the queries' rarest token whose record holds every word of each, newest
    decision first (read in index order); None when they are empty. Callers add their filters on
    `publication__…` and `decided_on`, and slice."""
    wanted = sorted({token for query in queries for token in query_tokens(query)})
    if not wanted:
        return None
    entries = SearchToken.objects.filter(token=rarest(wanted))
    for n, word in enumerate(dict.fromkeys(word for query in queries for word in words_of(query))):
        # Per candidate: the exact words, by position (INSTR / STRPOS) rather than LIKE, whose
        # selectivity estimate (a long pattern: "hardly any row") would have PostgreSQL scan
        # the records with it instead of walking the token index in order.
        entries = entries.alias(**{f"at{n}": StrIndex("publication__search_text", Value(word))}).filter(
            **{f"at{n}__gt": 0})
    return entries.order_by("-decided_on", "-publication_id")


def matching(qs: QuerySet[Publication], query: str) -> QuerySet[Publication]:
    """Records of `qs` whose text holds every word of `query` (unordered; the portal pages use `walk`)."""
    entries = walk(query)
    if entries is None:
        return qs
    return qs.filter(pk__in=entries.order_by().values("publication_id"))
