using System.Data;
using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Roster;

/// <summary>
/// Writes the tenant's active persons in the import's own format (same headers, lists joined with 、), so an export
/// re-imports as "unchanged". 界别 and 专委会 are the person's current memberships in open units of those types; phones
/// are written in full (the office keeps its roster with them; the endpoint audits the export).
/// </summary>
public static class RosterExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static async Task<List<string[]>> RowsAsync(PeopleDbContext db, DateOnly today, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Name, u.Category, u.ClosedAt }).ToDictionaryAsync(u => u.Id, ct);
        var memberships = (await db.Memberships.AsNoTracking().Where(m => m.EndsOn == null || m.EndsOn >= today)
            .Select(m => new { m.PersonId, m.UnitId }).ToListAsync(ct)).ToLookup(m => m.PersonId, m => m.UnitId);
        var persons = await db.Persons.AsNoTracking().Where(p => p.DeactivatedAt == null).OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);

        string Names(Guid personId, string category) => RosterColumns.JoinList(memberships[personId].Distinct()
            .Select(id => units.GetValueOrDefault(id)).Where(u => u is not null && u.Category == category && u.ClosedAt == null)
            .Select(u => u!.Name).Order(StringComparer.Ordinal));

        return [.. persons.Select(p => new[]
        {
            p.Name, p.Gender ?? "", p.UnitId is { } unit && units.TryGetValue(unit, out var u) ? u.Name : "",
            Names(p.Id, UnitTypes.Sector), Names(p.Id, UnitTypes.SpecialCommittee), p.Title ?? "", p.Phone ?? "",
            RosterColumns.JoinList(p.Kinds.Where(PersonKinds.IsKnown).Select(k => PersonKinds.Names[k])),
            RosterColumns.JoinList(p.ExpertiseTags),
        })];
    }

    public static byte[] Xlsx(IEnumerable<string[]> rows)
    {
        // A table of text columns: the header is written even with no rows, and phones stay text (no 1.38E+10).
        var table = new DataTable("人员名册");
        foreach (var column in RosterColumns.All) table.Columns.Add(column, typeof(string));
        foreach (var row in rows) table.Rows.Add(row.Cast<object>().ToArray());
        using var stream = new MemoryStream();
        stream.SaveAs(table, sheetName: "人员名册", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>UTF-8 with a BOM: what Excel needs to open Chinese CSV correctly.</summary>
    public static byte[] Csv(IEnumerable<string[]> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
            foreach (var row in rows.Prepend(RosterColumns.All)) csv.WriteRecord(row);
        return stream.ToArray();
    }
}
