using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

/// <summary>One line of the attendance sheet: a person and a session, present or absent.</summary>
public sealed class AttendanceSheetRow
{
    [ExcelColumnName("姓名")] [ExcelColumnWidth(12)] public string Name { get; init; } = "";
    [ExcelColumnName("人员编号")] [ExcelColumnWidth(38)] public string PersonId { get; init; } = "";
    [ExcelColumnName("报名状态")] [ExcelColumnWidth(10)] public string Registration { get; init; } = "";
    [ExcelColumnName("场次")] [ExcelColumnWidth(24)] public string Session { get; init; } = "";
    [ExcelColumnName("场次时间")] [ExcelColumnWidth(26)] public string SessionTime { get; init; } = "";
    [ExcelColumnName("出勤")] [ExcelColumnWidth(8)] public string Presence { get; init; } = "";
    [ExcelColumnName("签到方式")] [ExcelColumnWidth(14)] public string Method { get; init; } = "";
    [ExcelColumnName("签到时间")] [ExcelColumnWidth(18)] public string CheckedInAt { get; init; } = "";
    [ExcelColumnName("学时")] [ExcelColumnWidth(8)] public decimal Hours { get; init; }
}

/// <summary>
/// 出勤表 (XLSX): for each session, every confirmed registrant and every attendee (a walk-in checked in by hand too),
/// 出席 with the hours credited or 缺席 with 0. Times are Beijing time; names from the people directory (blank if unknown).
/// </summary>
public static class AttendanceSheet
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static async Task<List<AttendanceSheetRow>> RowsAsync(TrainingDbContext db, TrainingEvent training, CancellationToken ct)
    {
        var registrations = await db.Registrations.AsNoTracking().Where(r => r.TrainingEventId == training.Id && r.Status == RegistrationStatus.Confirmed)
            .ToDictionaryAsync(r => r.PersonId, ct);
        var attendances = await db.Attendances.AsNoTracking().Where(a => a.TrainingEventId == training.Id).ToListAsync(ct);
        var personIds = registrations.Keys.Union(attendances.Select(a => a.PersonId)).ToList();
        var names = await db.Set<BuildingBlocks.PeopleDirectory.DirectoryPerson>().AsNoTracking().Where(p => personIds.Contains(p.PersonId))
            .ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
        var rows = new List<AttendanceSheetRow>();
        foreach (var session in training.Sessions.OrderBy(s => s.Order))
        {
            var present = attendances.Where(a => a.SessionId == session.Id).ToDictionary(a => a.PersonId);
            var people = registrations.Keys.Union(present.Keys)
                .OrderBy(p => names.GetValueOrDefault(p, "\uffff"), StringComparer.Ordinal).ThenBy(p => p);
            foreach (var personId in people)
            {
                var attendance = present.GetValueOrDefault(personId);
                rows.Add(new AttendanceSheetRow
                {
                    Name = names.GetValueOrDefault(personId, ""),
                    PersonId = personId.ToString(),
                    Registration = registrations.ContainsKey(personId) ? "已报名" : "未报名",
                    Session = session.Title ?? $"第{session.Order}场",
                    SessionTime = $"{session.StartsAt.ToOffset(Beijing):yyyy-MM-dd HH:mm}—{session.EndsAt.ToOffset(Beijing):HH:mm}",
                    Presence = attendance is null ? "缺席" : "出席",
                    Method = attendance is null ? "" : EventLabels.Method(attendance.Method),
                    CheckedInAt = attendance is null ? "" : attendance.CheckedInAt.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm"),
                    Hours = attendance?.Hours ?? 0,
                });
            }
        }
        return rows;
    }

    public static async Task<(byte[] Content, int Rows)> XlsxAsync(TrainingDbContext db, TrainingEvent training, CancellationToken ct)
    {
        var rows = await RowsAsync(db, training, ct);
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "出勤表", excelType: ExcelType.XLSX, cancellationToken: ct);
        return (stream.ToArray(), rows.Count);
    }
}
