using Microsoft.EntityFrameworkCore;
using SheqingMinyi.People.Data;

namespace SheqingMinyi.People.Apis;

/// <summary>One 金点子 of the person's: the meeting and the follow-up status, each also in words (周周议, 跟进中).</summary>
public sealed record MemberGoldenIdeaView(Guid GoldenIdeaId, Guid SubmissionId, string Meeting, string MeetingLabel, DateOnly MeetingOn,
    string Status, string StatusLabel, decimal Share);

/// <summary>One item of the person's in an 优秀选编: the selection's year and half (1, 2), the half in words (上半年).</summary>
public sealed record MemberSelectionView(Guid SelectionId, Guid SubmissionId, int Year, int Half, string HalfLabel, decimal Share);

/// <summary>The record's honours of a year: golden ideas by their meeting's year (latest meeting first), selections by theirs.</summary>
public static class MemberRecordHonours
{
    private static readonly Dictionary<string, string> Meetings = new()
    {
        ["weekly"] = "周周议", ["half-monthly"] = "半月谈", ["monthly"] = "月月研",
    };

    private static readonly Dictionary<string, string> Statuses = new()
    {
        ["proposed"] = "已提出", ["following"] = "跟进中", ["implemented"] = "已落实", ["closed"] = "已办结",
    };

    public static async Task<IReadOnlyList<MemberGoldenIdeaView>> GoldenIdeasAsync(PeopleDbContext db, Guid personId, int year, CancellationToken ct) =>
        (await db.RecordGoldenIdeas.AsNoTracking().Where(r => r.PersonId == personId && r.Year == year)
            .OrderByDescending(r => r.MeetingOn).ThenBy(r => r.GoldenIdeaId).ToListAsync(ct))
        .Select(r => new MemberGoldenIdeaView(r.GoldenIdeaId, r.SubmissionId, r.Meeting!, Meetings.GetValueOrDefault(r.Meeting!, "金点子"),
            r.MeetingOn!.Value, r.Status, Statuses.GetValueOrDefault(r.Status, r.Status), r.Share)).ToList();

    public static async Task<IReadOnlyList<MemberSelectionView>> SelectionsAsync(PeopleDbContext db, Guid personId, int year, CancellationToken ct) =>
        (await db.RecordSelections.AsNoTracking().Where(r => r.PersonId == personId && r.Year == year)
            .OrderByDescending(r => r.Half).ThenBy(r => r.SubmissionId).ToListAsync(ct))
        .Select(r => new MemberSelectionView(r.SelectionId, r.SubmissionId, r.Year, r.Half, r.Half == 1 ? "上半年" : "下半年", r.Share)).ToList();
}
