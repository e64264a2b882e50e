using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// What each handling event tells the departments it names, in Chinese, written before the change is saved so the
/// notices commit with the step (or the 督办 pass) that raised them, or not at all: one row per department and event.
/// A department hears only of handlings it leads or co-handles (a transfer: the new lead, the lead that asked and the
/// co-handlers); co-handlers hear of every decision, reply, reopening and the closing the lead gets or makes.
/// </summary>
public static class DepartmentNotices
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>
    {
        nameof(HandlingAssigned), nameof(HandlingStatusChanged), nameof(HandlingReplied), nameof(HandlingReminderDue), nameof(HandlingOverdue),
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
                // Co-handlers work to the same handling and deadline: each decision and reopening reaches them too.
                var co = CoHandlers(e.Lead, e.CoDepartmentIds, e.PreviousLead);
                switch (e.Change)
                {
                    case "transferred":
                        yield return new(e.Lead.DepartmentId, "transferred-in", "转办件（主办）",
                            $"{Item(e.HandlingId)}已转由贵单位主办，办理期限 {Day(e.Deadline)}。请签收办理。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        if (e.PreviousLead is { } previous && previous.DepartmentId != e.Lead.DepartmentId)
                            yield return new(previous.DepartmentId, "transferred-out", "转办申请已同意",
                                $"贵单位申请转办的{Item(e.HandlingId)}已转由 {e.Lead.Name} 主办。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        foreach (var department in co)
                            yield return new(department, "co-transferred", "协办件主办单位已变更",
                                $"贵单位协办的{Item(e.HandlingId)}已转由 {e.Lead.Name} 主办，办理期限 {Day(e.Deadline)}。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    case "extended":
                        yield return new(e.Lead.DepartmentId, "extended", "延期申请已同意",
                            $"{Item(e.HandlingId)}的办理期限已延至 {Day(e.Deadline)}。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        foreach (var department in co)
                            yield return new(department, "co-extended", "协办件已延期",
                                $"贵单位协办的{Item(e.HandlingId)}（主办 {e.Lead.Name}）办理期限已延至 {Day(e.Deadline)}。{comment}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    case "request-refused":
                        yield return new(e.Lead.DepartmentId, "request-refused", "申请未获同意",
                            $"贵单位就{Item(e.HandlingId)}提出的转办或延期申请未获同意，办理期限仍为 {Day(e.Deadline)}。{comment}",
                            e.HandlingId, e.SubmissionId, e.ChangedAt);
                        foreach (var department in co)
                            yield return new(department, "co-request-refused", "主办单位的申请未获同意",
                                $"主办单位 {e.Lead.Name} 就贵单位协办的{Item(e.HandlingId)}提出的转办或延期申请未获同意，办理期限仍为 {Day(e.Deadline)}。{comment}",
                                e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    case "reopened":
                    {
                        var rating = e.Comment is { Length: > 0 } r ? $"评价意见：{r}" : "";
                        yield return new(e.Lead.DepartmentId, "reopened", "答复不满意，请重新办理",
                            $"{Item(e.HandlingId)}的答复被评价为“不满意”，请重新办理（第{e.Round}轮），办理期限 {Day(e.Deadline)}。{rating}",
                            e.HandlingId, e.SubmissionId, e.ChangedAt);
                        foreach (var department in co)
                            yield return new(department, "co-reopened", "协办件答复不满意，重新办理",
                                $"贵单位协办的{Item(e.HandlingId)}（主办 {e.Lead.Name}）答复被评价为“不满意”，重新办理（第{e.Round}轮），办理期限 {Day(e.Deadline)}。{rating}",
                                e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    }
                    case "closed":
                    {
                        // 办结 after the writers' rating: the departments learn their work on it is over.
                        var rating = e.Comment is { Length: > 0 } r ? $"评价意见：{r}" : "";
                        yield return new(e.Lead.DepartmentId, "closed", "交办件已办结",
                            $"{Item(e.HandlingId)}经作者评价后已办结（共{e.Round}轮），无需再办理。{rating}", e.HandlingId, e.SubmissionId, e.ChangedAt);
                        foreach (var department in co)
                            yield return new(department, "co-closed", "协办件已办结",
                                $"贵单位协办的{Item(e.HandlingId)}（主办 {e.Lead.Name}）经作者评价后已办结，无需再办理。{rating}",
                                e.HandlingId, e.SubmissionId, e.ChangedAt);
                        break;
                    }
                }
                break;
            }
            case nameof(HandlingReplied):
            {
                // The lead replied itself; its co-handlers hear of it.
                var e = Read<HandlingReplied>(payload);
                foreach (var department in CoHandlers(e.Lead, e.CoDepartmentIds, null))
                    yield return new(department, "co-replied", "协办件主办单位已答复",
                        $"贵单位协办的{Item(e.HandlingId)}已由主办单位 {e.Lead.Name} 答复（{e.Category} {HandlingLabels.Of(e.Category)}）。", e.HandlingId, e.SubmissionId, e.RepliedAt);
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

    /// <summary>The co-handling departments an event names, without the lead and the lead that asked for a transfer
    /// (each told in its own words).</summary>
    private static IEnumerable<Guid> CoHandlers(DepartmentRef lead, IReadOnlyList<Guid>? co, DepartmentRef? previousLead) =>
        (co ?? []).Where(d => d != Guid.Empty && d != lead.DepartmentId && d != previousLead?.DepartmentId).Distinct();

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
