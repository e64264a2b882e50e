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
}
