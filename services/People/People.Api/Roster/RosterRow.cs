using System.Text.RegularExpressions;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Roster;

/// <summary>A row's cell error: the column (as headed in the file) and the reason in Chinese.</summary>
public sealed record RowError(string Column, string Reason);

/// <summary>The tenant's open units by name, split as the roster's columns use them.</summary>
public sealed record RosterUnits(IReadOnlyDictionary<string, Guid> Units, IReadOnlyDictionary<string, Guid> Sectors,
    IReadOnlyDictionary<string, Guid> Committees)
{
    public static RosterUnits From(IEnumerable<(Guid Id, string Name, string Category)> openUnits)
    {
        var all = openUnits.ToList();
        Dictionary<string, Guid> Of(Func<string, bool> category) => all.Where(u => category(u.Category)).ToDictionary(u => u.Name, u => u.Id);
        return new RosterUnits(
            Of(c => c is not UnitTypes.Sector and not UnitTypes.SpecialCommittee),
            Of(c => c == UnitTypes.Sector),
            Of(c => c == UnitTypes.SpecialCommittee));
    }
}

/// <summary>
/// One roster row, read and checked cell by cell against the tenant's units: either a usable entry or its errors.
/// Kinds and Tags are null when the file has no 类别 / 专长 column (the person's are then left as they are).
/// </summary>
public sealed partial record RosterRow(int Line, string Name, string? Gender, Guid? UnitId, IReadOnlyList<Guid> SectorIds,
    IReadOnlyList<Guid> CommitteeIds, string? Title, string? Phone, IReadOnlyList<string>? Kinds, IReadOnlyList<string>? Tags)
{
    /// <summary>The units the row makes the person a member of (main unit, sectors, committees).</summary>
    public IEnumerable<Guid> MembershipUnitIds => (UnitId is { } unit ? [unit] : Array.Empty<Guid>()).Concat(SectorIds).Concat(CommitteeIds).Distinct();

    /// <summary>Same person within one file: 姓名 + 手机, or 姓名 + 单位 when the row has no phone.</summary>
    public string FileKey => Phone is not null ? $"{Name}\n{Phone}" : $"{Name}\n@{UnitId}";

    public static (RosterRow? Row, List<RowError> Errors) Parse(RosterLine line, RosterUnits units)
    {
        var errors = new List<RowError>();
        var name = line[RosterColumns.Name];
        if (name is null) errors.Add(new(RosterColumns.Name, "姓名为空"));
        else if (name.Length > Person.NameMaxLength) errors.Add(new(RosterColumns.Name, $"姓名超过 {Person.NameMaxLength} 个字符"));

        var gender = line[RosterColumns.Gender];
        if (gender is not null and not "男" and not "女") errors.Add(new(RosterColumns.Gender, "性别只能是男或女"));

        Guid? unitId = null;
        if (line[RosterColumns.Unit] is { } unitName)
        {
            if (units.Units.TryGetValue(unitName, out var id)) unitId = id;
            else errors.Add(new(RosterColumns.Unit, $"单位不存在: {unitName}"));
        }
        var sectors = Resolve(line, RosterColumns.Sector, units.Sectors, errors);
        var committees = Resolve(line, RosterColumns.Committee, units.Committees, errors);

        var title = line[RosterColumns.Title];
        if (title is { Length: > Person.TitleMaxLength }) errors.Add(new(RosterColumns.Title, $"职务超过 {Person.TitleMaxLength} 个字符"));

        var phone = NormalizePhone(line[RosterColumns.Phone]);
        if (phone is not null && !MobilePhone().IsMatch(phone)) errors.Add(new(RosterColumns.Phone, $"手机号格式不正确: {line[RosterColumns.Phone]}"));

        List<string>? kinds = null;
        if (line.Has(RosterColumns.Kinds))
        {
            kinds = [];
            foreach (var kind in RosterColumns.SplitList(line[RosterColumns.Kinds]))
                if (RosterColumns.KindsByName.TryGetValue(kind, out var id)) kinds.Add(id);
                else errors.Add(new(RosterColumns.Kinds, $"类别不正确: {kind} (可填 委员、会员、盟员、特邀信息员、机关干部)"));
            kinds = [.. kinds.Distinct()];
        }
        List<string>? tags = null;
        if (line.Has(RosterColumns.Expertise))
        {
            tags = [.. RosterColumns.SplitList(line[RosterColumns.Expertise])];
            foreach (var tag in tags.Where(t => t.Length > Person.TagMaxLength))
                errors.Add(new(RosterColumns.Expertise, $"专长超过 {Person.TagMaxLength} 个字符: {tag}"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new RosterRow(line.Line, name!, gender, unitId, sectors, committees, title, phone, kinds, tags), errors);
    }

    /// <summary>Spaces, hyphens and a +86 prefix dropped, as offices type numbers in many ways.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = phone.Replace(" ", "").Replace("-", "").Replace("\u3000", "");
        if (digits.StartsWith("+86")) digits = digits[3..];
        else if (digits.Length == 13 && digits.StartsWith("86")) digits = digits[2..];
        return digits;
    }

    private static List<Guid> Resolve(RosterLine line, string column, IReadOnlyDictionary<string, Guid> known, List<RowError> errors)
    {
        var ids = new List<Guid>();
        foreach (var name in RosterColumns.SplitList(line[column]))
            if (known.TryGetValue(name, out var id)) ids.Add(id);
            else errors.Add(new(column, $"{column}不存在: {name}"));
        return ids;
    }

    /// <summary>A mainland mobile number: 11 digits starting 13–19.</summary>
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePhone();
}
