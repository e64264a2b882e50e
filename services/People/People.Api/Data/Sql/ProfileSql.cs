using System.Globalization;
using System.Text;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data.Sql;

/// <summary>
/// The raw SQL of the person search's migration (kept here so a regenerated migration can call it again): the
/// trigram index for "name contains" and the back-fill of name_initials for persons registered before the column.
/// </summary>
public static class ProfileSql
{
    /// <summary>pg_trgm is a trusted extension: the database owner may create it.</summary>
    public const string NameTrigramIndex =
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n" +
        "CREATE INDEX IF NOT EXISTS ix_persons_name_trgm ON persons USING gin (name gin_trgm_ops);";

    public const string DropNameTrigramIndex = "DROP INDEX IF EXISTS ix_persons_name_trgm;";

    /// <summary>
    /// <see cref="PinyinInitials.Of"/> in SQL, generated from the same tables: each character's GB18030 bytes (a
    /// superset of GB2312 with the same codes, and total, so no name makes the conversion fail) give its initial.
    /// </summary>
    public static readonly string BackfillNameInitials = BuildBackfill();

    private static string BuildBackfill()
    {
        static string Literal(string s) => "'" + s.Replace("'", "''") + "'";
        var ranges = string.Join(", ", PinyinInitials.Ranges.Select(r => $"({r.Code.ToString(CultureInfo.InvariantCulture)}, '{r.Letter}')"));
        var surnames = new StringBuilder();
        foreach (var (ch, letter) in PinyinInitials.Surnames)
            surnames.Append(CultureInfo.InvariantCulture, $" WHEN {Literal(ch.ToString())} THEN '{letter}'");
        const string code = "(get_byte(b, 0) * 256 + get_byte(b, 1))";
        return $"""
            UPDATE persons p SET name_initials = left(coalesce((
              SELECT string_agg(letter, '' ORDER BY i) FROM (
                SELECT i, CASE
                  WHEN ch ~ '^[A-Za-z0-9]$' THEN lower(ch)
                  WHEN ascii(ch) NOT BETWEEN 19968 AND 40959 THEN NULL
                  WHEN i = first_han AND ch IN ({string.Join(", ", PinyinInitials.Surnames.Keys.Select(c => Literal(c.ToString())))}) THEN CASE ch{surnames} END
                  WHEN octet_length(b) = 2 AND {code} BETWEEN {PinyinInitials.Ranges[0].Code} AND {PinyinInitials.LevelOneEnd} AND get_byte(b, 1) >= 161
                    THEN (SELECT r.letter FROM (VALUES {ranges}) AS r(code, letter) WHERE r.code <= {code} ORDER BY r.code DESC LIMIT 1)
                  ELSE ch END AS letter
                FROM (
                  SELECT i, ch, convert_to(ch, 'GB18030') AS b, first_han FROM (
                    SELECT i, substr(btrim(p.name), i, 1) AS ch,
                      (SELECT min(j) FROM generate_series(1, char_length(btrim(p.name))) AS j
                        WHERE substr(btrim(p.name), j, 1) ~ '^[A-Za-z0-9]$' OR ascii(substr(btrim(p.name), j, 1)) BETWEEN 19968 AND 40959) AS first_han
                    FROM generate_series(1, char_length(btrim(p.name))) AS i) AS c) AS cb) AS l), ''), {PinyinInitials.MaxLength});
            """;
    }
}
