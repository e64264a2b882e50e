using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>
/// Writes the writers' inbox rows (and the outgoing messages of the tenant's channel) for the events a change staged,
/// before it is saved: they commit with the step that caused them, or not at all. One row per recipient and event.
/// </summary>
public static class FeedbackInbox
{
    public static async Task DeliverStagedAsync(ReviewDbContext db, CancellationToken ct)
    {
        var staged = db.ChangeTracker.Entries<OutboxMessage>()
            .Where(e => e.State == EntityState.Added && FeedbackNotes.Types.Contains(e.Entity.Type))
            .Select(e => e.Entity).ToList();
        if (staged.Count == 0) return;
        // A save retried after a failure stages nothing twice: the rows of an event already delivered are still tracked.
        var delivered = db.ChangeTracker.Entries<FeedbackMessage>().Select(e => e.Entity.SourceEventId).ToHashSet();
        staged.RemoveAll(m => delivered.Contains(m.Id));
        if (staged.Count == 0) return;

        var lookups = await LookupsAsync(db, ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var message in staged)
            if (FeedbackNotes.Describe(message.Type, message.Payload, lookups) is { } note)
                await DeliverAsync(db, message.TenantId, note, message.Id, now, ct);
    }

    /// <summary>Adds the note's rows for each recipient, and an outgoing message each when the tenant's channel is not the inbox only.</summary>
    public static async Task DeliverAsync(ReviewDbContext db, string tenantId, FeedbackNote note, Guid sourceEventId, DateTimeOffset now, CancellationToken ct)
    {
        if (note.Recipients.Count == 0) return;
        var channel = await ChannelAsync(db, tenantId, ct);
        foreach (var person in note.Recipients)
        {
            var message = note.For(tenantId, person, sourceEventId, now);
            db.FeedbackMessages.Add(message);
            if (channel != FeedbackChannels.InboxOnly) db.OutgoingMessages.Add(OutgoingMessage.For(message, channel));
        }
    }

    private static async Task<string> ChannelAsync(ReviewDbContext db, string tenantId, CancellationToken ct) =>
        db.ChangeTracker.Entries<FeedbackSettings>().Select(e => e.Entity).FirstOrDefault(s => s.TenantId == tenantId)?.DefaultChannel
        ?? await db.FeedbackSettings.IgnoreQueryFilters().Where(s => s.TenantId == tenantId).Select(s => s.DefaultChannel).FirstOrDefaultAsync(ct)
        ?? FeedbackChannels.InboxOnly;

    /// <summary>Titles from the cases and handlings the change tracks; an item's case not tracked is read (rarely: most steps load it).</summary>
    private static async Task<FeedbackNotes.Lookups> LookupsAsync(ReviewDbContext db, CancellationToken ct)
    {
        var titles = new Dictionary<Guid, string>();
        foreach (var c in db.ChangeTracker.Entries<ReviewCase>().Select(e => e.Entity)) titles.TryAdd(c.SubmissionId, c.Title);
        foreach (var h in db.ChangeTracker.Entries<Handling>().Select(e => e.Entity)) titles.TryAdd(h.SubmissionId, h.Title);
        var parents = db.ChangeTracker.Entries<Forwarding>().Select(e => e.Entity).GroupBy(f => f.SubmissionId)
            .ToDictionary(g => g.Key, g => g.First().ParentTenantName);
        var missing = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added && FeedbackNotes.Types.Contains(e.Entity.Type))
            .Select(e => SubmissionIdOf(e.Entity.Payload)).OfType<Guid>().Where(id => !titles.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var (id, title) in await db.Cases.AsNoTracking().Where(c => missing.Contains(c.SubmissionId))
                         .Select(c => new { c.SubmissionId, c.Title }).ToDictionaryAsync(c => c.SubmissionId, c => c.Title, ct))
                titles.TryAdd(id, title);
        return new(id => titles.GetValueOrDefault(id), id => parents.GetValueOrDefault(id));
    }

    private static Guid? SubmissionIdOf(string payload)
    {
        using var json = System.Text.Json.JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("submissionId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
    }
}
