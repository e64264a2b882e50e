using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Messaging;

/// <summary>
/// Keeps each clue sent through a member's card once. The inbox drops a redelivered envelope; a clue that comes
/// again under another envelope (a republish) is found by its id and skipped. Clues never change, so their order
/// does not matter: each is kept with the time it was sent.
/// </summary>
public sealed class ClueSentHandler(IntakeDbContext db, TimeProvider clock, ILogger<ClueSentHandler> logger) : IEventHandler<ClueSent>
{
    public async Task HandleAsync(ClueSent e, EventContext context, CancellationToken ct)
    {
        if (await db.Clues.AnyAsync(c => c.Id == e.ClueId, ct))
        {
            logger.LogInformation("Clue {ClueId} is kept already", e.ClueId);
            return;
        }
        db.Clues.Add(Clue.Receive(e.ClueId, context.TenantId, e.PersonId, e.Text, e.Contact, e.SentAt, clock.GetUtcNow()));
    }
}

public static class ClueSentRegistration
{
    public static IHostApplicationBuilder AddClueHandler(this IHostApplicationBuilder builder) =>
        builder.AddEventHandler<ClueSent, ClueSentHandler>();
}
