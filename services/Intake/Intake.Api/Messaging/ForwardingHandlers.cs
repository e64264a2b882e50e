using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Messaging;

/// <summary>
/// 转报, origin side: review forwarded an item; intake hands its current text and the names it is signed with up to
/// the parent tenant (<see cref="HandOff{TContext}"/>, the directory's parent link only). A redelivery hands it again;
/// the parent keeps one copy.
/// </summary>
public sealed class HandForwardedItemUp(IntakeDbContext db, HandOff<IntakeDbContext> handOff, ILogger<HandForwardedItemUp> logger)
    : IEventHandler<SubmissionForwarded>
{
    public async Task HandleAsync(SubmissionForwarded e, EventContext context, CancellationToken ct)
    {
        var item = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == e.SubmissionId, ct);
        if (item is null)
        {
            logger.LogWarning("Forwarding of unknown submission {Id} ignored", e.SubmissionId);
            return;
        }
        var origin = await TenantDirectory.FindAsync(db, context.TenantId, ct);
        if (origin?.ParentId != e.ParentTenantId)
        {
            // Review checked the parent when forwarding; a directory that changed since is not followed blindly.
            logger.LogError("Forwarding of {Id} names parent {Parent}, the directory says {Known}: not handed off",
                e.SubmissionId, e.ParentTenantId, origin?.ParentId);
            return;
        }
        var names = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => item.AuthorPersonIds.Contains(p.PersonId))
            .Select(p => new { p.PersonId, p.Name }).ToListAsync(ct);
        var unit = await db.Set<DirectoryUnit>().AsNoTracking().Where(u => u.UnitId == item.UnitId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        var authorNames = item.AuthorPersonIds.Select(id => names.FirstOrDefault(n => n.PersonId == id)?.Name).OfType<string>().ToList();
        await handOff.AddEventForParentAsync(db, context.TenantId, new ForwardedItemReceived(context.TenantId, origin.Name, item.Id,
            item.Title, item.Body, ApiEnums.Name(item.Type), authorNames, unit, e.ForwardedAt), ct);
    }
}

/// <summary>
/// 转报, parent side: a child body's item becomes a submitted copy here (channel forwarded, crediting nobody of this
/// tenant), so review opens a case in this tenant's own workflow. One copy per original, however often it arrives.
/// </summary>
public sealed class ReceiveForwardedItem(IntakeDbContext db, TimeProvider clock, ILogger<ReceiveForwardedItem> logger)
    : IEventHandler<ForwardedItemReceived>
{
    public async Task HandleAsync(ForwardedItemReceived e, EventContext context, CancellationToken ct)
    {
        // Only from a child of this tenant: the envelope alone does not make a sender a child.
        if (await TenantDirectory.FindAsync(db, e.OriginTenantId, ct) is not { } origin || origin.ParentId != context.TenantId)
        {
            logger.LogError("Forwarded item from {Origin}, not a child of {Tenant}, refused", e.OriginTenantId, context.TenantId);
            return;
        }
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"SELECT pg_advisory_xact_lock(hashtext({"intake.forwarded:" + e.OriginTenantId + ":" + e.OriginSubmissionId}))", ct);
        if (await db.Submissions.AnyAsync(s => s.Provenance.OriginTenantId == e.OriginTenantId
                && s.Provenance.OriginSubmissionId == e.OriginSubmissionId, ct))
        {
            logger.LogInformation("Forwarded item {Origin}/{Id} is here already", e.OriginTenantId, e.OriginSubmissionId);
            return;
        }
        ApiEnums.TryParse<SubmissionType>(e.Type, out var type);
        var byline = string.Join(" / ", new[] { string.Join("、", e.AuthorNames), e.UnitName ?? "" }.Where(x => x.Length > 0));
        var provenance = new Provenance(SubmissionChannel.Forwarded, OriginTenantId: e.OriginTenantId, OriginTenantName: origin.Name,
            OriginSubmissionId: e.OriginSubmissionId,
            OriginByline: byline.Length == 0 ? null : byline[..Math.Min(byline.Length, Provenance.OriginBylineMaxLength)]);
        var content = new SubmissionContent(Clip(e.Title, Submission.TitleMaxLength), Clip(e.Body, Submission.BodyMaxLength),
            type ?? SubmissionType.SituationReport, []);
        var (copy, first) = Submission.ReceiveForwarded(context.TenantId, content, provenance, clock.GetUtcNow());
        db.Submissions.Add(copy);
        db.SubmissionVersions.Add(first);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}

public static class ForwardingRegistration
{
    public static IHostApplicationBuilder AddForwardingHandlers(this IHostApplicationBuilder builder) => builder
        .AddEventHandler<SubmissionForwarded, HandForwardedItemUp>()
        .AddEventHandler<ForwardedItemReceived, ReceiveForwardedItem>();
}
