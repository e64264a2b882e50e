using Npgsql;
using SheqingMinyi.BuildingBlocks.Messaging;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// Dashboard commands on a service with an outbox: after Redis lost events, the operator republishes the
/// service's outbox from an hour or a day back, straight in its database; the consumers' inboxes make it harmless.
/// (The same is an API for operators elsewhere: POST /api/{service}/admin/outbox/republish.)
/// </summary>
public static class OutboxCommands
{
    public static IResourceBuilder<ProjectResource> WithOutboxRepublishCommands(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database)
    {
        foreach (var (name, label, back) in new[]
        {
            ("republish-outbox-hour", "Republish outbox (last hour)", TimeSpan.FromHours(1)),
            ("republish-outbox-day", "Republish outbox (last 24 hours)", TimeSpan.FromDays(1)),
        })
        {
            service.WithCommand(name, label, async context =>
            {
                try
                {
                    var connectionString = await database.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken);
                    await using var dataSource = NpgsqlDataSource.Create(connectionString!);
                    var count = await OutboxRepublisher.RepublishSinceAsync(dataSource, DateTimeOffset.UtcNow - back, context.CancellationToken);
                    return new ExecuteCommandResult { Success = true, Message = $"{count} events queued for publishing again" };
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    return CommandResults.Failure(ex.Message);
                }
            }, new CommandOptions
            {
                IconName = "ArrowSync",
                Description = "Publish this service's outbox events again (after Redis lost data); consumers skip what they already applied.",
                ConfirmationMessage = $"{label}: consumers apply each event at most once. Continue?",
                UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                    ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            });
        }
        return service;
    }
}
