using Microsoft.Extensions.DependencyInjection.Extensions;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Messaging;

/// <summary>
/// 入选优秀选编: each item of a published excellent selection earns its authors the rules' ExcellentSelection (3 by
/// default) × their share, credited to the item's unit, once per person and item (source) under the reason
/// (<see cref="AuthorCredits"/>): a replayed or republished event, or the item in a second selection, adds nothing.
/// </summary>
public sealed class SelectionPoints(AuthorCredits credits) : IEventHandler<ExcellentSelectionPublished>
{
    public const string Reason = ScoringRules.SelectionReason;

    public async Task HandleAsync(ExcellentSelectionPublished e, EventContext context, CancellationToken ct)
    {
        foreach (var item in e.Items)
            await credits.CreditAsync(context, item.Authors, AuthorCredits.UnitOf(item.Units), Reason, item.SubmissionId, item.SubmissionId, e.PublishedAt, ct);
    }
}

public static class SelectionPointsRegistration
{
    public static IHostApplicationBuilder AddSelectionPoints(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<AuthorCredits>(); // AddScoringHandlers adds it too
        return builder.AddEventHandler<ExcellentSelectionPublished, SelectionPoints>();
    }
}
