namespace SheqingMinyi.Intake.Data.Sql;

/// <summary>
/// Raw SQL for near-duplicates computed after the submit (migration SimilarItemsAfterSubmit). Computed a moment
/// after the submit commits, the scan could meet items submitted since; only items submitted no later than this
/// one are compared, so the answer is what the submit itself would have seen.
/// </summary>
public static class SimilarSql
{
    public const string EarlierOnlyFunction = """
        CREATE OR REPLACE FUNCTION similar_submissions(item uuid, threshold double precision, max_items integer)
        RETURNS TABLE (id uuid, score double precision) LANGUAGE sql STABLE AS $$
            SELECT c.id, j.score
            FROM submissions s
            JOIN submissions c ON c.tenant_id = s.tenant_id AND c.id <> s.id AND c.status <> 'Draft' AND c.submitted_at IS NOT NULL
                AND c.submitted_at <= s.submitted_at
                AND length(c.search_vector) BETWEEN ceil(threshold * length(s.search_vector)) AND floor(length(s.search_vector) / threshold)
            CROSS JOIN LATERAL (SELECT length(strip(s.search_vector) || strip(c.search_vector)) AS u) m
            CROSS JOIN LATERAL (SELECT (length(s.search_vector) + length(c.search_vector) - m.u)::double precision / m.u AS score) j
            WHERE s.id = item AND m.u > 0 AND j.score >= threshold
            ORDER BY j.score DESC, c.submitted_at DESC, c.id
            LIMIT max_items
        $$;
        """;

    /// <summary>Items submitted before this change got their matches in the submit: their scan is recorded as done.</summary>
    public const string BackfillScans = """
        INSERT INTO similar_scans (submission_id, tenant_id, content_version, computed_at)
        SELECT s.id, s.tenant_id, s.content_version, coalesce(max(m.computed_at), s.submitted_at)
        FROM submissions s LEFT JOIN similar_items m ON m.submission_id = s.id
        WHERE s.submitted_at IS NOT NULL AND s.status <> 'Draft'
        GROUP BY s.id;
        """;

    /// <summary>
    /// The scan as it was before the index filter (migration SimilarPairFilter), kept under its own name: every
    /// earlier submitted item of the tenant scored. The reference the indexed <see cref="IndexedFunction"/> must equal
    /// (the tests and bench/similar compare them item by item), and its fallback for a threshold of 0 or less.
    /// </summary>
    public const string ExhaustiveFunction = """
        CREATE FUNCTION similar_submissions_exhaustive(item uuid, threshold double precision, max_items integer)
        RETURNS TABLE (id uuid, score double precision) LANGUAGE sql STABLE AS $$
            SELECT c.id, j.score
            FROM submissions s
            JOIN submissions c ON c.tenant_id = s.tenant_id AND c.id <> s.id AND c.status <> 'Draft' AND c.submitted_at IS NOT NULL
                AND c.submitted_at <= s.submitted_at
                AND length(c.search_vector) BETWEEN ceil(threshold * length(s.search_vector)) AND floor(length(s.search_vector) / threshold)
            CROSS JOIN LATERAL (SELECT length(strip(s.search_vector) || strip(c.search_vector)) AS u) m
            CROSS JOIN LATERAL (SELECT (length(s.search_vector) + length(c.search_vector) - m.u)::double precision / m.u AS score) j
            WHERE s.id = item AND m.u > 0 AND j.score >= threshold
            ORDER BY j.score DESC, c.submitted_at DESC, c.id
            LIMIT max_items
        $$;
        """;

    /// <summary>
    /// similar_probe(tenant, pairs, min_overlap): text-search queries such that every item sharing at least
    /// min_overlap of the item's n distinct pairs matches one of them (pigeonhole): such an item misses at most
    /// n − min_overlap of them, so of any n − min_overlap + 1 disjoint groups of the item's pairs it contains one whole
    /// group. The groups: the rarest pairs alone (the tenant's counts, fewest first; one query ORing them), and the
    /// min_overlap − 1 most common pairs each joined to a rarer one (a query "A and B" each, the rarest of these with
    /// the most common), so a common pair is never looked up alone. With every group a single pair this is prefix
    /// filtering; the joined pairs make the candidates about three times fewer on Chinese reports. Separate queries,
    /// because the index answers each on its own (one scan per query, merged): one query ORing them all would be tried
    /// against every item holding any of its pairs. Any grouping is correct; the counts only make it fast.
    /// </summary>
    public const string ProbeFunction = """
        CREATE FUNCTION similar_probe(tenant text, pairs tsvector, min_overlap integer) RETURNS tsquery[] LANGUAGE sql STABLE AS $$
            WITH ranked AS (
                SELECT p.pair, row_number() OVER (ORDER BY coalesce(f.items, 0), p.pair) AS i
                FROM unnest(tsvector_to_array(pairs)) AS p(pair)
                LEFT JOIN similar_pair_counts f ON f.tenant_id = tenant AND f.pair = p.pair
            ), shape AS (
                SELECT g.n, g.groups, g.groups - least(g.k - 1, g.groups) AS singles
                FROM (SELECT length(pairs) AS n, greatest(min_overlap, 1) AS k, length(pairs) - greatest(min_overlap, 1) + 1 AS groups) g
            )
            SELECT array_remove(array_prepend(
                (SELECT string_agg(quote_literal(r.pair), ' | ')::tsquery FROM ranked r WHERE r.i <= shape.singles),
                (SELECT coalesce(array_agg((quote_literal(a.pair) || ' & ' || quote_literal(b.pair))::tsquery), '{}')
                 FROM ranked a JOIN ranked b ON b.i = shape.n + shape.singles + 1 - a.i
                 WHERE a.i > shape.singles AND a.i <= shape.groups)), NULL)
            FROM shape
        $$;
        """;

    /// <summary>
    /// similar_submissions(item, threshold, max_items), now through the search index: only the items matching one of
    /// the item's <see cref="ProbeFunction"/> queries for the least overlap a score of threshold needs (⌊threshold·n⌋:
    /// a candidate's union has at least the item's n pairs) are scored, with exactly the expressions, conditions and
    /// order of <see cref="ExhaustiveFunction"/>, so the answer is the same. The item's own pairs are read once.
    /// A generic plan (plan_cache_mode): with the queries' terms in view the planner overestimates what they match
    /// and filters every item of the tenant instead of asking the index; unknown, it asks the index.
    /// </summary>
    public const string IndexedFunction = """
        CREATE OR REPLACE FUNCTION similar_submissions(item uuid, threshold double precision, max_items integer)
        RETURNS TABLE (id uuid, score double precision) LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $fn$
        DECLARE
            tenant text;
            since timestamptz;
            pairs tsvector;
            n integer;
            probes tsquery[];
        BEGIN
            SELECT s.tenant_id, s.submitted_at, strip(s.search_vector) INTO tenant, since, pairs FROM submissions s WHERE s.id = item;
            n := length(pairs);
            IF since IS NULL OR n = 0 THEN RETURN; END IF;
            IF threshold <= 0 THEN
                RETURN QUERY SELECT e.id, e.score FROM similar_submissions_exhaustive(item, threshold, max_items) e;
                RETURN;
            END IF;
            probes := similar_probe(tenant, pairs, floor(threshold * n)::integer);
            RETURN QUERY
                SELECT c.id, j.score
                FROM submissions c
                CROSS JOIN LATERAL (SELECT length(pairs || strip(c.search_vector)) AS u) m
                CROSS JOIN LATERAL (SELECT (n + length(c.search_vector) - m.u)::double precision / m.u AS score) j
                WHERE c.search_vector @@ ANY (probes) AND c.tenant_id = tenant AND c.id <> item AND c.status <> 'Draft'
                    AND c.submitted_at IS NOT NULL AND c.submitted_at <= since
                    AND length(c.search_vector) BETWEEN ceil(threshold * n) AND floor(n / threshold)
                    AND m.u > 0 AND j.score >= threshold
                ORDER BY j.score DESC, c.submitted_at DESC, c.id
                LIMIT max_items;
        END $fn$;
        """;

    /// <summary>
    /// The search index's pending list (fastupdate) kept small: every index query reads it whole, and one scan asks
    /// the index some hundred queries; 64 kB is the entries of about 30 items, merged as they come.
    /// </summary>
    public const string SmallPendingList = "ALTER INDEX ix_submissions_search_vector SET (gin_pending_list_limit = 64);";

    public const string DefaultPendingList = "ALTER INDEX ix_submissions_search_vector RESET (gin_pending_list_limit);";

    /// <summary>Adds an item's pairs to its tenant's counts, in pair order (two consumers lock rows in one order).</summary>
    public const string CountPairs = """
        INSERT INTO similar_pair_counts (tenant_id, pair, items)
        SELECT s.tenant_id, p.pair, 1 FROM submissions s CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS p(pair)
        WHERE s.id = {0}
        ORDER BY p.pair
        ON CONFLICT (tenant_id, pair) DO UPDATE SET items = similar_pair_counts.items + 1
        """;

    /// <summary>The counts of the items scanned before this change (those with a scan; the others count at theirs).</summary>
    public const string BackfillPairCounts = """
        INSERT INTO similar_pair_counts (tenant_id, pair, items)
        SELECT s.tenant_id, p.pair, count(*)
        FROM submissions s JOIN similar_scans d ON d.submission_id = s.id
        CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) AS p(pair)
        GROUP BY s.tenant_id, p.pair;
        """;

    public const string DropIndexedFunctions = """
        DROP FUNCTION IF EXISTS similar_submissions(uuid, double precision, integer);
        DROP FUNCTION IF EXISTS similar_probe(text, tsvector, integer);
        DROP FUNCTION IF EXISTS similar_submissions_exhaustive(uuid, double precision, integer);
        """;
}
