namespace SheqingMinyi.People.Data.Sql;

/// <summary>
/// Raw SQL of the registry's migration, kept here so a regenerated migration can call it again. The overlap check of
/// memberships lives in the domain; this constraint makes it hold under concurrent requests too (two admins adding
/// the same person to the same unit at once: one gets 409 membership-overlap).
/// </summary>
public static class RegistrySql
{
    /// <summary>Equality on uuid/text inside a GiST index (a trusted extension: the database owner may create it).</summary>
    public const string CreateBtreeGist = "CREATE EXTENSION IF NOT EXISTS btree_gist;";

    /// <summary>Inclusive days as [starts_on, ends_on + 1): open when ends_on is null, empty (overlapping nothing) for
    /// a membership voided before it started (ends_on = starts_on - 1).</summary>
    public const string AddMembershipNoOverlap = """
        ALTER TABLE memberships ADD CONSTRAINT ex_memberships_no_overlap EXCLUDE USING gist
            (tenant_id WITH =, person_id WITH =, unit_id WITH =, daterange(starts_on, ends_on + 1) WITH &&);
        """;

    public const string DropMembershipNoOverlap = "ALTER TABLE memberships DROP CONSTRAINT IF EXISTS ex_memberships_no_overlap;";
}
