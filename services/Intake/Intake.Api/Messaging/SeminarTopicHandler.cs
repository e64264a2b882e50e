using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Messaging;

/// <summary>
/// 选题研讨 → 选题: a topic a seminar sent joins the topic list as proposed, source seminar, the seminar's title as its
/// reference. The inbox drops a redelivered envelope; a republish under another envelope finds the topic by its id
/// (the seminar's) and adds nothing. Topics never change after they are sent, so order does not matter.
/// </summary>
public sealed class SeminarTopicHandler(IntakeDbContext db, TimeProvider clock, ILogger<SeminarTopicHandler> logger) : IEventHandler<SeminarTopicSent>
{
    public async Task HandleAsync(SeminarTopicSent e, EventContext context, CancellationToken ct)
    {
        if (await db.Topics.AnyAsync(t => t.Id == e.TopicId, ct))
        {
            logger.LogInformation("Seminar topic {TopicId} is on the list already", e.TopicId);
            return;
        }
        db.Topics.Add(Topic.FromSeminar(e.TopicId, context.TenantId, e.Title, e.Description, e.SeminarTitle, clock.GetUtcNow()));
    }
}

public static class SeminarTopicRegistration
{
    public static IHostApplicationBuilder AddSeminarTopicHandler(this IHostApplicationBuilder builder) =>
        builder.AddEventHandler<SeminarTopicSent, SeminarTopicHandler>();
}
