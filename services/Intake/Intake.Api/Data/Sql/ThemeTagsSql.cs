namespace SheqingMinyi.Intake.Data.Sql;

/// <summary>Raw SQL of the ThemeTags migration.</summary>
public static class ThemeTagsSql
{
    /// <summary>Every theme items already carry becomes an active tag of its tenant, so those items stay editable as they are.</summary>
    public const string Backfill = """
        INSERT INTO theme_tags (id, tenant_id, name, created_at)
            SELECT gen_random_uuid(), u.tenant_id, u.name, now()
            FROM (SELECT DISTINCT s.tenant_id, btrim(t.name) AS name FROM submissions s, unnest(s.themes) AS t(name)) u
            WHERE char_length(u.name) BETWEEN 1 AND 20
              AND NOT EXISTS (SELECT 1 FROM theme_tags x WHERE x.tenant_id = u.tenant_id AND x.name = u.name AND x.retired_at IS NULL);
        """;
}
