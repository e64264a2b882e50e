using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 约稿邀请 for a person the people service announces after the solicitation was opened: a person who joins (registered,
/// or moved into a target unit) while it is open and targets them gets exactly one invitation — whatever the order of
/// the issue and the announcement, however often either is delivered — and nobody outside its audience, after its
/// close or deadline, or in another tenant gets one.
/// </summary>
public sealed class SolicitationLateInvitationTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private readonly FeedbackKit _feedback = new(factory);
    private static readonly DateOnly InThreeWeeks = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(21));

    private static SolicitationIssued Solicitation(IReadOnlyList<Guid> units, IReadOnlyList<Guid>? persons = null, DateOnly? deadline = null) =>
        new(Guid.NewGuid(), "乡村振兴专题约稿", deadline ?? InThreeWeeks, 3m, units, persons ?? [], DateTimeOffset.UtcNow.AddDays(-2), 1);

    private async Task<FedEvent> FeedAsync<TEvent>(string tenant, TEvent e) where TEvent : notnull
    {
        var fed = await _kit.Feeder.PublishAsync(tenant, e);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        return fed;
    }

    private async Task ReplayAsync(FedEvent fed) => await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ReviewKit.ConsumerGroup);

    private static PersonRegistered Registered(Guid person, Guid? unit, int version = 1) => new(person, "新任委员", unit, ["member"], ["member"], version);

    private Task<long> InvitationsAsync(string tenant, Guid solicitation, Guid person) => _feedback.RowsAsync(
        "SELECT count(*) FROM feedback_messages WHERE tenant_id = $1 AND item_id = $2 AND person_id = $3 AND kind = 'solicitation-invited'",
        tenant, solicitation, person);

    [Fact]
    public async Task A_person_registered_into_a_target_unit_while_it_is_open_gets_one_invitation_however_often_announced()
    {
        var tenant = ReviewKit.NewTenant();
        var (group, otherUnit) = (Guid.NewGuid(), Guid.NewGuid());
        var issued = await FeedAsync(tenant, Solicitation([group]));
        var solicitation = System.Text.Json.JsonDocument.Parse(issued.Payload).RootElement.GetProperty("solicitationId").GetGuid();
        var (late, outsider) = (Guid.NewGuid(), Guid.NewGuid());

        var registered = await FeedAsync(tenant, Registered(late, group));
        await ReplayAsync(registered); // the same announcement again
        await FeedAsync(tenant, new PersonUpdated(late, "新任委员（更名）", group, ["member"], ["member"], DateTimeOffset.UtcNow, 2)); // a change, same unit
        await ReplayAsync(issued); // and the issue again
        await FeedAsync(tenant, Registered(outsider, otherUnit));

        var message = Assert.Single((await _feedback.InboxAsync(tenant, late)).Items);
        Assert.Equal(("solicitation-invited", "约稿邀请", "solicitation", solicitation, $"/api/intake/solicitations/{solicitation}"),
            (message.Kind, message.Title, message.ItemType, message.ItemId, message.Link));
        Assert.Equal($"您收到约稿《乡村振兴专题约稿》，请于 {InThreeWeeks:yyyy年M月d日} 前报送，被采用可另加 3 分。", message.Text);
        Assert.Equal(1, await _feedback.RowsAsync("SELECT count(*) FROM solicitation_invitations WHERE tenant_id = $1 AND person_id = $2", tenant, late));
        Assert.Equal(0, (await _feedback.InboxAsync(tenant, outsider)).Total);
        Assert.Equal(1, await _kit.InboxCountAsync(registered.Id));
    }

    [Fact]
    public async Task A_person_moved_into_a_target_unit_is_invited_once_and_one_known_at_the_issue_not_again()
    {
        var tenant = ReviewKit.NewTenant();
        var (group, before) = (Guid.NewGuid(), Guid.NewGuid());
        var (mover, early, named) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await FeedAsync(tenant, Registered(mover, before));
        await FeedAsync(tenant, Registered(early, group)); // known when it is issued: invited by the issue
        var issued = Solicitation([group], [named]);
        await FeedAsync(tenant, issued);
        Assert.Equal(0, (await _feedback.InboxAsync(tenant, mover)).Total);

        await FeedAsync(tenant, new PersonUpdated(mover, "调入委员", group, ["member"], ["member"], DateTimeOffset.UtcNow, 2));
        await FeedAsync(tenant, new PersonUpdated(early, "早知委员", group, ["member"], ["member"], DateTimeOffset.UtcNow, 2));
        await FeedAsync(tenant, Registered(named, null)); // named in the brief, announced after it: invited at the issue already

        foreach (var person in new[] { mover, early, named })
            Assert.Equal(1, await InvitationsAsync(tenant, issued.SolicitationId, person));
        // A later message than the issue's: the mover's invitation is dated when they joined.
        Assert.True((await _feedback.InboxAsync(tenant, mover)).Items[0].OccurredAt > issued.IssuedAt.AddDays(1));
    }

    [Fact]
    public async Task The_announcement_first_then_the_issue_invites_once_and_order_does_not_matter()
    {
        var tenant = ReviewKit.NewTenant();
        var group = Guid.NewGuid();
        var person = Guid.NewGuid();
        var issued = Solicitation([group]);
        // The person's state 2 (in the unit) arrives before state 1, both before the issue; then all of it again.
        var second = await FeedAsync(tenant, new PersonUpdated(person, "委员", group, ["member"], ["member"], DateTimeOffset.UtcNow, 2));
        var first = await FeedAsync(tenant, Registered(person, null));
        var issue = await FeedAsync(tenant, issued);
        foreach (var fed in new[] { issue, first, second }) await ReplayAsync(fed);

        Assert.Equal(1, await InvitationsAsync(tenant, issued.SolicitationId, person));
    }

    [Fact]
    public async Task Nobody_is_invited_after_the_close_or_the_deadline_nor_in_another_tenant()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var group = Guid.NewGuid();
        var closed = Solicitation([group]);
        await FeedAsync(tenant, closed);
        await FeedAsync(tenant, closed with { Version = 2, ClosedAt = DateTimeOffset.UtcNow });
        var lapsed = Solicitation([group], deadline: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)));
        await FeedAsync(tenant, lapsed);
        var open = Solicitation([group]);
        await FeedAsync(tenant, open);

        var (person, stranger) = (Guid.NewGuid(), Guid.NewGuid());
        await FeedAsync(tenant, Registered(person, group));
        await FeedAsync(other, Registered(stranger, group)); // the same unit id in another tenant

        var inbox = await _feedback.InboxAsync(tenant, person);
        Assert.Equal([open.SolicitationId], inbox.Items.Select(m => m.ItemId));
        Assert.Equal(0, (await _feedback.InboxAsync(other, stranger)).Total);
        Assert.Equal(0, await _feedback.RowsAsync("SELECT count(*) FROM solicitation_invitations WHERE tenant_id = $1", other));
    }
}
