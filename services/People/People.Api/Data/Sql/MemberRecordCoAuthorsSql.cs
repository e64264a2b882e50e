namespace SheqingMinyi.People.Data.Sql;

/// <summary>Raw SQL of the MemberRecordCoAuthors migration (record_submissions: one row per item and author).</summary>
public static class MemberRecordCoAuthorsSql
{
    /// <summary>Rows from before co-authors are the lead author's whole item.</summary>
    public const string LeadAuthors = "UPDATE record_submissions SET author_order = 1, share = 1;";

    /// <summary>Back to one row per item: only the lead author's stays.</summary>
    public const string KeepLeadAuthors = "DELETE FROM record_submissions WHERE author_order <> 1;";
}
