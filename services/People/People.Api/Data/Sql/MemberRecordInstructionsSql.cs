namespace SheqingMinyi.People.Data.Sql;

/// <summary>Raw SQL of the MemberRecordInstructions migration (record_adoptions: one row per item, level and author).</summary>
public static class MemberRecordInstructionsSql
{
    /// <summary>Back to one row per item and level: the lead author's (by the item's submission), else any one.</summary>
    public const string KeepOneAuthorPerLevel = """
        WITH ranked AS (
            SELECT a.ctid AS row_id, row_number() OVER (PARTITION BY a.tenant_id, a.submission_id, a.level
                ORDER BY coalesce(s.author_order, 2147483647), a.person_id) AS n
            FROM record_adoptions a
            LEFT JOIN record_submissions s
                ON s.tenant_id = a.tenant_id AND s.submission_id = a.submission_id AND s.person_id = a.person_id)
        DELETE FROM record_adoptions WHERE ctid IN (SELECT row_id FROM ranked WHERE n > 1);
        """;
}
