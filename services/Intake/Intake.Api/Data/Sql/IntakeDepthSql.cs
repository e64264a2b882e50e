namespace SheqingMinyi.Intake.Data.Sql;

/// <summary>Raw SQL of the IntakeDepth migration: items written before co-authors, types, channels and versions.</summary>
public static class IntakeDepthSql
{
    /// <summary>Every earlier item: its one author, a situation report from the portal, its text as version 1.</summary>
    public const string Backfill = """
        UPDATE submissions SET author_person_ids = ARRAY[author_person_id], channel = 'Portal', type = 'SituationReport',
            content_version = 1 WHERE content_version = 0;
        INSERT INTO submission_versions (submission_id, number, tenant_id, title, body, editor_person_id, editor_role, created_at)
            SELECT id, 1, tenant_id, title, body, author_person_id, 'writer', created_at FROM submissions s
            WHERE NOT EXISTS (SELECT 1 FROM submission_versions v WHERE v.submission_id = s.id);
        """;
}
