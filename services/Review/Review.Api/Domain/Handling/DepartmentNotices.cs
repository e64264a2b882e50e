using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// What each handling event tells the departments it names, in Chinese, written before the change is saved so the
/// notices commit with the step (or the 督办 pass) that raised them, or not at all: one row per department and event.
/// A department hears only of handlings it leads or co-handles (a transfer: the new lead and the lead that asked).
/// </summary>
public static class DepartmentNotices
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>
    {
        nameof(HandlingAssigned), nameof(HandlingStatusChanged), nameof(HandlingReminderDue), nameof(HandlingOverdue),
    };

    /// <summary>One department's note of an event.</summary>
    public sealed record Note(Guid DepartmentId, string Kind, string Title, string Text, Guid HandlingId, Guid SubmissionId, DateTimeOffset At);

    public static async Task DeliverStagedAsync(ReviewDbContext db, CancellationToken ct)
    {
        var staged = db.ChangeTracker.Entries<OutboxMessage>()
            .Where(e => e.State == EntityState.Added && Types.Contains(e.Entity.Type)).Select(e => e.Entity).ToList();
        if (staged.Count == 0) return;
        // A save retried after a failure stages nothing twice: the rows of an event already delivered are still tracked.
        var delivered = db.ChangeTracker.Entries<DepartmentNotice>().Select(e => e.Entity.SourceEventId).ToHashSet();
        staged.RemoveAll(m => delivered.Contains(m.Id));
        if (staged.Count == 0) return;

        var titles = await TitlesAsync(db, staged, ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var message in staged)
            foreach (var note in Describe(message.Type, message.Payload, id => titles.GetValueOrDefault(id)))
                db.DepartmentNotices.Add(new DepartmentNotice
                {
                    Id = Guid.CreateVersion7(), TenantId = message.TenantId, DepartmentId = note.DepartmentId, Kind = note.Kind,
                    Title = note.Title, Text = Clip(note.Text, DepartmentNotice.TextMaxLength), HandlingId = note.HandlingId,
                    SubmissionId = note.SubmissionId, SourceEventId = message.Id, OccurredAt = note.At, CreatedAt = now,
                });
    }

    /// <summary>The notes of one event, one per department it concerns (none for a step the department took itself).</summary>
    public static IEnumerable<Note> Describe(string type, string payload, Func<Guid, string?> titleOf)
    {
        string Item(Guid handlingId) => titleOf(handlingId) is { Length: > 0 } t ? $"《{t}》" : "交办件";
        switch (type)
        {
            case nameof(HandlingAssigned):
            {
                var e = Read<HandlingAssigned>(payload);
                yield return new(e.Lead.DepartmentId, "assigned", "新交办件（主办）",
                    $"{Item(e.HandlingId)}已交由贵单位主办{Co(e.CoHandling.Select(d => d.Name))}，办理期限 {Day(e.Deadline)}。请签收办理。",
                    e.HandlingId, e.SubmissionId, e.AssignedAt);
                foreach (var co in e.CoHandling.Where(d => d.DepartmentId != e.Lead.DepartmentId).DistinctBy(d => d.DepartmentId))
                    yield return new(co.DepartmentId, "co-assigned", "新交办件（协办）",
                        $"{Item(e.HandlingId)}已交由 {e.Lead.Name} 主办，贵单位协办，办理期限 {Day(e.Deadline)}。", e.HandlingId, e.SubmissionId, e.AssignedAt);
                break;
            }
            case nameof(HandlingStatusChanged):
            {
                var e = Read<HandlingStatusChanged>(payload);
                var comment = e.Comment is { Length: > 0 } c ? $"审批意见：{c}" : "";
                switch (e.Change)
                {
                    case "transferred":
                        yield return new(e.Lead.DepartmentId, "transferred-in", "转办件（主办）",
                            $"{Item(e.HandlingId)}已转由贵单位主办，办理期限 {Day(e.Deadline)}。请签收办理。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        if (e.PreviousLead is { } previous && previous.DepartmentId != e.Lead.DepartmentId)
                            yield return new(previous.DepartmentId, "transferred-out", "转办申请已同意",
                                $"贵单位申请转办的{Item(e.HandlingId)}已转由 {e.Lead.Name} 主办。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    case "extended":
                        yield return new(e.Lead.DepartmentId, "extended", "延期申请已同意",
                            $"{Item(e.HandlingId)}的办理期限已延至 {Day(e.Deadline)}。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    case "request-refused":
                        yield return new(e.Lead.DepartmentId, "request-refused", "申请未获同意",
                            $"贵单位就{Item(e.HandlingId)}提出的转办或延期申请未获同意，办理期限仍为 {Day(e.Deadline)}。{comment}",
                            e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    case "reopened":
                        yield return new(e.Lead.DepartmentId, "reopened", "答复不满意，请重新办理",
                            $"{Item(e.HandlingId)}的答复被评价为“不满意”，请重新办理（第{e.Round}轮），办理期限 {Day(e.Deadline)}。{(e.Comment is { Length: > 0 } r ? $"评价意见：{r}" : "")}",
                            e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                }
                break;
            }
            case nameof(HandlingReminderDue):
            {
                var e = Read<HandlingReminderDue>(payload);
                var due = e.Kind == HandlingNotice.Due;
                foreach (var department in Named(e.Lead, e.CoDepartmentIds))
                    yield return new(department, due ? "reminder-due" : "reminder-before", due ? "交办件今日到期" : "交办件即将到期",
                        $"{Item(e.HandlingId)}（主办 {e.Lead.Name}）{(due ? "今日" : $"将于 {Day(e.Deadline)} ")}到期，尚未答复，请抓紧办理。",
                        e.HandlingId, e.SubmissionId, e.RaisedAt);
                break;
            }
            case nameof(HandlingOverdue):
            {
                var e = Read<HandlingOverdue>(payload);
                foreach (var department in Named(e.Lead, e.CoDepartmentIds))
                    yield return new(department, "overdue", "交办件已逾期",
                        $"{Item(e.HandlingId)}（主办 {e.Lead.Name}）已超过办理期限（{Day(e.Deadline)}）仍未答复，已报督办领导。",
                        e.HandlingId, e.SubmissionId, e.RaisedAt);
                break;
            }
        }
    }

    private static IEnumerable<Guid> Named(DepartmentRef lead, IReadOnlyList<Guid>? co) =>
        new[] { lead.DepartmentId }.Concat(co ?? []).Where(d => d != Guid.Empty).Distinct();

    /// <summary>Titles of the handlings the change tracks; one not tracked (the 督办 pass reads without tracking) is read.</summary>
    private static async Task<Dictionary<Guid, string>> TitlesAsync(ReviewDbContext db, List<OutboxMessage> staged, CancellationToken ct)
    {
        var titles = db.ChangeTracker.Entries<Handling>().Select(e => e.Entity).DistinctBy(h => h.Id).ToDictionary(h => h.Id, h => h.Title);
        var missing = staged.Select(m => HandlingIdOf(m.Payload)).OfType<Guid>().Where(id => !titles.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var h in await db.Handlings.IgnoreQueryFilters().AsNoTracking().Where(h => missing.Contains(h.Id))
                         .Select(h => new { h.Id, h.Title }).ToListAsync(ct))
                titles.TryAdd(h.Id, h.Title);
        return titles;
    }

    private static Guid? HandlingIdOf(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("handlingId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
    }

    private static string Co(IEnumerable<string> names) => names.ToList() is { Count: > 0 } list ? $"，协办 {string.Join("、", list)}" : "";

    private static string Day(DateOnly day) => $"{day:yyyy年M月d日}";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private static T Read<T>(string payload) => JsonSerializer.Deserialize<T>(payload, JsonDefaults.Options)!;
}
