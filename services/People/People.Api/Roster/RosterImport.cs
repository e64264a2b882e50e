using SheqingMinyi.BuildingBlocks.Calendar;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Roster;

public static class RowOutcomes
{
    public const string Created = "created", Updated = "updated", Unchanged = "unchanged", Rejected = "rejected";
}

/// <summary>What became (or, in a dry run or a refused import, would become) of one row.</summary>
public sealed record RosterRowResult(int Line, string? Name, string Outcome, Guid? PersonId, IReadOnlyList<RowError> Errors);

/// <summary>The answer of an import: counts and the outcome of each row, in file order.</summary>
public sealed record RosterImportReport(string Mode, bool DryRun, bool Applied, int Created, int Updated, int Unchanged, int Rejected,
    IReadOnlyList<RosterRowResult> Rows);

/// <summary>
/// Imports a roster into the tenant: every row is checked first (cells, units, duplicates within the file, the match
/// with existing persons), then — unless it is a dry run, or a row is bad and the mode is all-or-nothing — applied in
/// the caller's one SaveChanges. A row matches an existing person by 姓名 + 手机; without a phone on the row or on the
/// person, by 姓名 + 单位 (main unit). A match is updated through the domain (PersonUpdated when name, unit or kinds
/// change; the profile through SetProfile; memberships started only where the person has none in that unit, never
/// ended: ending one is a registry decision), so re-importing the same file changes nothing. The lookups are batched:
/// the open units, then the persons with the file's names and their memberships, three queries for any file size.
/// </summary>
public sealed class RosterImport(PeopleDbContext db, string tenantId, TimeProvider clock)
{
    /// <summary>The role an imported membership gets (the file has no per-unit role; 职务 is the person's post).</summary>
    public const string ImportedRole = "成员";

    public async Task<RosterImportReport> RunAsync(RosterTable table, bool validRowsOnly, bool dryRun, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        var units = RosterUnits.From((await db.Units.AsNoTracking().Where(u => u.ClosedAt == null)
            .Select(u => new { u.Id, u.Name, u.Category }).ToListAsync(ct)).Select(u => (u.Id, u.Name, u.Category)));

        var parsed = table.Lines.Select(line => (line, parse: RosterRow.Parse(line, units))).ToList();
        var names = parsed.Where(p => p.parse.Row is not null).Select(p => p.parse.Row!.Name).Distinct().ToList();
        var persons = await db.Persons.Where(p => names.Contains(p.Name)).ToListAsync(ct);
        var personIds = persons.Select(p => p.Id).ToList();
        var memberships = (await db.Memberships.AsNoTracking().Where(m => personIds.Contains(m.PersonId)).ToListAsync(ct))
            .Where(m => m.EndsOn is null || m.EndsOn >= today).ToLookup(m => m.PersonId, m => m.UnitId);

        var results = new List<RosterRowResult>();
        var plans = new Dictionary<int, (RosterRow Row, Person? Person)>();
        var lineOfKey = new Dictionary<string, int>();
        var lineOfPerson = new Dictionary<Guid, int>();
        foreach (var (line, (row, errors)) in parsed)
        {
            Person? match = null;
            if (row is not null)
            {
                if (lineOfKey.TryGetValue(row.FileKey, out var first)) errors.Add(new(RosterColumns.Name, $"与第 {first} 行重复"));
                else lineOfKey[row.FileKey] = row.Line;
                if (errors.Count == 0) match = Match(row, persons, errors);
                if (match is not null && errors.Count == 0)
                {
                    if (lineOfPerson.TryGetValue(match.Id, out var other)) errors.Add(new(RosterColumns.Name, $"与第 {other} 行是同一人员"));
                    else lineOfPerson[match.Id] = row.Line;
                }
            }
            if (row is null || errors.Count > 0)
            {
                results.Add(new(line.Line, line[RosterColumns.Name], RowOutcomes.Rejected, match?.Id, errors));
                continue;
            }
            var outcome = match is null ? RowOutcomes.Created
                : Differs(row, match, memberships[match.Id]) ? RowOutcomes.Updated : RowOutcomes.Unchanged;
            plans[row.Line] = (row, match);
            results.Add(new(line.Line, row.Name, outcome, match?.Id, []));
        }

        var rejected = results.Count(r => r.Outcome == RowOutcomes.Rejected);
        var apply = !dryRun && (rejected == 0 || validRowsOnly);
        if (apply)
        {
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Outcome is RowOutcomes.Rejected or RowOutcomes.Unchanged) continue;
                var (row, person) = plans[results[i].Line];
                var id = Apply(row, person, memberships[person?.Id ?? Guid.Empty], now, today);
                results[i] = results[i] with { PersonId = id };
            }
        }
        return new RosterImportReport(validRowsOnly ? "valid-rows" : "all-or-nothing", dryRun, apply,
            results.Count(r => r.Outcome == RowOutcomes.Created), results.Count(r => r.Outcome == RowOutcomes.Updated),
            results.Count(r => r.Outcome == RowOutcomes.Unchanged), rejected, results);
    }

    /// <summary>The one existing person a row stands for: 姓名 + 手机, else 姓名 + 单位 where either side has no phone.</summary>
    private static Person? Match(RosterRow row, List<Person> persons, List<RowError> errors)
    {
        var sameName = persons.Where(p => p.Name == row.Name).ToList();
        var candidates = row.Phone is not null ? sameName.Where(p => RosterRow.NormalizePhone(p.Phone) == row.Phone).ToList() : [];
        if (candidates.Count == 0)
            candidates = [.. sameName.Where(p => p.UnitId == row.UnitId && (row.Phone is null || p.Phone is null))];
        if (candidates.Count > 1)
        {
            errors.Add(new(RosterColumns.Name, $"匹配到 {candidates.Count} 名同名人员，无法确定更新哪一位，请补充手机号"));
            return null;
        }
        if (candidates is [{ IsActive: false } gone])
        {
            errors.Add(new(RosterColumns.Name, "该人员已停用，不能通过导入修改"));
            return gone;
        }
        return candidates.SingleOrDefault();
    }

    private static bool Differs(RosterRow row, Person person, IEnumerable<Guid> openUnits) =>
        person.UnitId != row.UnitId || person.Gender != row.Gender || person.Title != row.Title
        || RosterRow.NormalizePhone(person.Phone) != row.Phone
        || (row.Kinds is not null && !person.Kinds.ToHashSet().SetEquals(row.Kinds))
        || (row.Tags is not null && !person.ExpertiseTags.SequenceEqual(row.Tags))
        || row.MembershipUnitIds.Except(openUnits).Any();

    private Guid Apply(RosterRow row, Person? person, IEnumerable<Guid> openUnits, DateTimeOffset now, DateOnly today)
    {
        if (person is null)
        {
            person = Person.Register(Guid.CreateVersion7(), tenantId, row.Name, row.UnitId, [], now, row.Kinds ?? []);
            db.Persons.Add(person);
        }
        else if (person.UnitId != row.UnitId || (row.Kinds is not null && !person.Kinds.ToHashSet().SetEquals(row.Kinds)))
            person.Update(row.Name, row.UnitId, person.Roles, row.Kinds ?? person.Kinds, now); // matches are active (inactive ones are rejected rows)
        person.SetProfile(row.Gender, row.Title, row.Tags ?? person.ExpertiseTags, row.Phone, person.IdNumber);
        foreach (var unitId in row.MembershipUnitIds.Except(openUnits))
            db.Memberships.Add(Membership.Start(Guid.CreateVersion7(), tenantId, person.Id, unitId, ImportedRole, today));
        return person.Id;
    }
}
