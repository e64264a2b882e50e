using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain.MemberRecord;

namespace SheqingMinyi.People.Messaging;

/// <summary>
/// 履职档案's honours from intake's publications: a row per golden idea and author, a row per selection, item and
/// author. Keyed by their source, so a redelivered or republished event sets the same rows; a golden idea's status
/// and authors follow the highest Version seen, whatever the order of arrival.
/// </summary>
public sealed class RecordMemberHonours(PeopleDbContext db) :
    IEventHandler<GoldenIdeaFlagged>, IEventHandler<GoldenIdeaFollowedUp>, IEventHandler<ExcellentSelectionPublished>
{
    /// <summary>The Version a flag carries implicitly: a golden idea starts at 1, as proposed.</summary>
    private const int FlagVersion = 1;
    private const string Proposed = "proposed";

    public Task HandleAsync(GoldenIdeaFlagged e, EventContext context, CancellationToken ct) =>
        ApplyAsync(context, e.GoldenIdeaId, e.SubmissionId, e.Authors, FlagVersion, Proposed, (e.Meeting, e.MeetingOn), ct);

    public Task HandleAsync(GoldenIdeaFollowedUp e, EventContext context, CancellationToken ct) =>
        ApplyAsync(context, e.GoldenIdeaId, e.SubmissionId, e.Authors, e.Version, e.Status, null, ct);

    /// <summary>
    /// A newer event (higher Version) sets the status and the authors (adds, updates and removes rows); an older one
    /// or the same again changes neither. The flag's meeting, whenever it arrives, goes on every row, and on rows a
    /// later event adds.
    /// </summary>
    private async Task ApplyAsync(EventContext context, Guid ideaId, Guid submissionId, IReadOnlyList<AuthorShare> authors, int version,
        string status, (string Name, DateOnly On)? meeting, CancellationToken ct)
    {
        var existing = await db.RecordGoldenIdeas.Where(r => r.GoldenIdeaId == ideaId).ToListAsync(ct);
        var rows = existing;
        meeting ??= existing.Where(r => r.Meeting is not null).Select(r => ((string Name, DateOnly On)?)(r.Meeting!, r.MeetingOn!.Value)).FirstOrDefault();
        var named = RecordMemberFacts.Named(authors).ToList();
        if (named.Count > 0 && (rows.Count == 0 || version > rows.Max(r => r.StatusVersion)))
        {
            foreach (var gone in existing.Where(r => named.All(a => a.PersonId != r.PersonId))) db.RecordGoldenIdeas.Remove(gone);
            rows = [.. named.Select(author => Row(context, ideaId, author.PersonId, existing))];
            foreach (var (row, author) in rows.Zip(named))
            {
                row.SubmissionId = submissionId;
                row.Status = RecordMemberFacts.Clip(status, RecordGoldenIdea.NameMaxLength);
                row.StatusVersion = version;
                row.Share = author.Share;
            }
        }
        if (meeting is { } m)
            foreach (var row in rows) row.Flagged(RecordMemberFacts.Clip(m.Name, RecordGoldenIdea.NameMaxLength), m.On);
    }

    private RecordGoldenIdea Row(EventContext context, Guid ideaId, Guid personId, List<RecordGoldenIdea> rows)
    {
        var row = rows.FirstOrDefault(r => r.PersonId == personId);
        if (row is null)
            db.RecordGoldenIdeas.Add(row = new RecordGoldenIdea { TenantId = context.TenantId, GoldenIdeaId = ideaId, PersonId = personId });
        return row;
    }

    /// <summary>优秀选编: published once; each of its items is a fact of each author, added once.</summary>
    public async Task HandleAsync(ExcellentSelectionPublished e, EventContext context, CancellationToken ct)
    {
        var recorded = (await db.RecordSelections.Where(r => r.SelectionId == e.SelectionId).Select(r => new { r.SubmissionId, r.PersonId })
            .ToListAsync(ct)).Select(r => (r.SubmissionId, r.PersonId)).ToHashSet();
        foreach (var item in e.Items)
        foreach (var author in RecordMemberFacts.Named(item.Authors).Where(a => recorded.Add((item.SubmissionId, a.PersonId))))
            db.RecordSelections.Add(new RecordSelection
            {
                TenantId = context.TenantId, SelectionId = e.SelectionId, SubmissionId = item.SubmissionId, PersonId = author.PersonId,
                Year = e.Year, Half = e.Half, Share = author.Share,
            });
    }
}
