namespace SheqingMinyi.Intake.Data.Sql;

/// <summary>
/// Raw SQL of the Search migration: Chinese full-text search and near-duplicate scores over character bigrams.
/// PostgreSQL's text-search parsers do not split Chinese into words, so a text is indexed as its overlapping pairs of
/// characters instead: NFKC-normalised and lower-cased, cut into runs of CJK ideographs, ASCII letters and digits
/// (everything else separates runs), and each run of two or more characters gives its pairs
/// ("老年食堂" → 老年 年食 食堂). <c>SearchText</c> in the API keeps the same character classes for snippets.
/// </summary>
public static class SearchSql
{
    /// <summary>
    /// search_runs (the runs of a text), search_bigrams (their pairs in order), search_tsvector (the pairs with their
    /// positions), search_query (the distinct pairs of a query ANDed; NULL when it has none, e.g. one character).
    /// </summary>
    public const string Functions = """
        CREATE FUNCTION search_runs(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
            SELECT coalesce(array_agg(r.run ORDER BY r.n), '{}')
            FROM regexp_split_to_table(regexp_replace(lower(normalize(t, NFKC)),
                '[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', ' ', 'g'), ' ') WITH ORDINALITY AS r(run, n)
            WHERE r.run <> ''
        $$;
        CREATE FUNCTION search_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
            SELECT coalesce(array_agg(substr(r.run, i, 2) ORDER BY r.n, i), '{}')
            FROM unnest(search_runs(t)) WITH ORDINALITY AS r(run, n)
            CROSS JOIN generate_series(1, char_length(r.run) - 1) AS i
        $$;
        CREATE FUNCTION search_tsvector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(string_agg('''' || b.pair || ''':' || least(b.pos, 16383), ' ')::tsvector, ''::tsvector)
            FROM unnest(search_bigrams(coalesce(t, ''))) WITH ORDINALITY AS b(pair, pos)
        $$;
        CREATE FUNCTION search_query(q text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT string_agg(DISTINCT '''' || pair || '''', ' & ')::tsquery FROM unnest(search_bigrams(coalesce(q, ''))) AS pair
        $$;
        """;

    /// <summary>
    /// search_tsvector as one PL/pgSQL statement (migration SearchVectorCached): the same pairs and positions as the SQL
    /// function of <see cref="Functions"/>, whose nested SQL functions (search_bigrams, search_runs) PostgreSQL planned
    /// anew on every call, i.e. twice per written submission in the trigger; PL/pgSQL keeps the plan per connection.
    /// Measured with pgbench, one insert per transaction: 0.93 → 0.16 ms per insert (docs/performance.md).
    /// </summary>
    public const string CachedTsvector = """
        CREATE OR REPLACE FUNCTION search_tsvector(t text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        BEGIN
            RETURN (
                SELECT coalesce(string_agg('''' || b.pair || ''':' || least(b.pos, 16383), ' ')::tsvector, ''::tsvector)
                FROM unnest((
                    SELECT coalesce(array_agg(substr(r.run, i, 2) ORDER BY r.n, i), '{}')
                    FROM regexp_split_to_table(regexp_replace(lower(normalize(coalesce(t, ''), NFKC)),
                        '[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', ' ', 'g'), ' ') WITH ORDINALITY AS r(run, n)
                    CROSS JOIN generate_series(1, char_length(r.run) - 1) AS i
                    WHERE r.run <> ''
                )) WITH ORDINALITY AS b(pair, pos)
            );
        END $$;
        """;

    /// <summary>search_tsvector as <see cref="Functions"/> created it (the Down of SearchVectorCached; tests compare with it).</summary>
    public const string SqlTsvector = """
        CREATE OR REPLACE FUNCTION search_tsvector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(string_agg('''' || b.pair || ''':' || least(b.pos, 16383), ' ')::tsvector, ''::tsvector)
            FROM unnest(search_bigrams(coalesce(t, ''))) WITH ORDINALITY AS b(pair, pos)
        $$;
        """;

    /// <summary>
    /// submissions.search_vector: the title's pairs weighted A, the body's D, kept by a trigger whenever the title or
    /// body is written; filled for the existing rows; a GIN index for <c>@@</c>. Not in the EF model (never loaded).
    /// </summary>
    public const string Column = """
        ALTER TABLE submissions ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector;
        CREATE FUNCTION submissions_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := setweight(search_tsvector(NEW.title), 'A') || setweight(search_tsvector(NEW.body), 'D');
            RETURN NEW;
        END $$;
        CREATE TRIGGER submissions_search_vector BEFORE INSERT OR UPDATE OF title, body ON submissions
            FOR EACH ROW EXECUTE FUNCTION submissions_search_vector();
        UPDATE submissions SET search_vector = setweight(search_tsvector(title), 'A') || setweight(search_tsvector(body), 'D');
        CREATE INDEX ix_submissions_search_vector ON submissions USING gin (search_vector);
        """;

    /// <summary>
    /// submission_search(q): the ids of the items (of the session's tenant: row security) matching q with their rank
    /// (ts_rank, the title counting most). A query without pairs (one character) matches items containing its
    /// characters, ranked higher when they are all in the title.
    /// </summary>
    public const string SearchFunction = """
        CREATE FUNCTION submission_search(q text) RETURNS TABLE (id uuid, rank real) LANGUAGE sql STABLE AS $$
            SELECT s.id, ts_rank(s.search_vector, search_query(q))
            FROM submissions s
            WHERE s.search_vector @@ search_query(q)
            UNION ALL
            SELECT s.id, CASE WHEN NOT EXISTS (SELECT FROM unnest(search_runs(q)) c WHERE strpos(lower(s.title), c) = 0)
                THEN 0.5 ELSE 0.1 END::real
            FROM submissions s
            WHERE search_query(q) IS NULL AND cardinality(search_runs(q)) > 0
                AND NOT EXISTS (SELECT FROM unnest(search_runs(q)) c WHERE strpos(lower(s.title || ' ' || s.body), c) = 0)
        $$;
        """;

    /// <summary>
    /// similar_submissions(item, threshold, max_items): the tenant's other submitted (not draft) items whose bigram
    /// sets are near the item's, by Jaccard |A∩B| / |A∪B| (|A∪B| is the length of the two stripped vectors
    /// concatenated), best first. Sets whose sizes differ by more than the threshold allows cannot reach it and
    /// are skipped before any comparison.
    /// </summary>
    public const string SimilarFunction = """
        CREATE FUNCTION similar_submissions(item uuid, threshold double precision, max_items integer)
        RETURNS TABLE (id uuid, score double precision) LANGUAGE sql STABLE AS $$
            SELECT c.id, j.score
            FROM submissions s
            JOIN submissions c ON c.tenant_id = s.tenant_id AND c.id <> s.id AND c.status <> 'Draft' AND c.submitted_at IS NOT NULL
                AND length(c.search_vector) BETWEEN ceil(threshold * length(s.search_vector)) AND floor(length(s.search_vector) / threshold)
            CROSS JOIN LATERAL (SELECT length(strip(s.search_vector) || strip(c.search_vector)) AS u) m
            CROSS JOIN LATERAL (SELECT (length(s.search_vector) + length(c.search_vector) - m.u)::double precision / m.u AS score) j
            WHERE s.id = item AND m.u > 0 AND j.score >= threshold
            ORDER BY j.score DESC, c.submitted_at DESC, c.id
            LIMIT max_items
        $$;
        """;

    public const string Drop = """
        DROP FUNCTION IF EXISTS similar_submissions(uuid, double precision, integer);
        DROP FUNCTION IF EXISTS submission_search(text);
        DROP TRIGGER IF EXISTS submissions_search_vector ON submissions;
        DROP FUNCTION IF EXISTS submissions_search_vector();
        DROP INDEX IF EXISTS ix_submissions_search_vector;
        ALTER TABLE submissions DROP COLUMN IF EXISTS search_vector;
        DROP FUNCTION IF EXISTS search_query(text);
        DROP FUNCTION IF EXISTS search_tsvector(text);
        DROP FUNCTION IF EXISTS search_bigrams(text);
        DROP FUNCTION IF EXISTS search_runs(text);
        """;
}
