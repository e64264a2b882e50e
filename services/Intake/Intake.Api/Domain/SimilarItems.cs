using Microsoft.EntityFrameworkCore;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Data.Sql;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// Finds the near-duplicates of a submitted item (after its submit commits, and again when an editor polishes it). The score is the Jaccard similarity of the two items'
/// sets of character bigrams (title and body together, the same pairs the search indexes): |A∩B| / |A∪B|.
/// Measured on Chinese reports of 300–500 characters, a lightly edited copy scores about 0.7, a report on the same
/// topic written independently 0.05–0.06, unrelated reports 0.01–0.07; so <see cref="Threshold"/> 0.3 keeps copies
/// and reworked copies and leaves out what merely shares a topic and the usual phrases (建议, 加强, 群众 …).
/// Compared: the tenant's other items that were submitted (not drafts; an item's own earlier versions are never
/// rows of their own), whatever their state now; the best <see cref="MaxItems"/>.
/// Only the items the search index finds sharing enough pairs are scored (<see cref="SimilarSql.ProbeFunction"/>,
/// rarity from <see cref="SimilarPairCount"/>); the answer is that of scoring every item (<c>similar_submissions_exhaustive</c>).
/// </summary>
public static class SimilarItems
{
    public const double Threshold = 0.3;
    public const int MaxItems = 10;

    private sealed record Match(Guid Id, double Score);

    /// <summary>
    /// Replaces the item's recorded matches with those of its stored text now, and records the scan (text version, time).
    /// Only stages the changes: they commit with the caller's SaveChanges (the event handler's inbox transaction).
    /// Safe to run again: the same text gives the same matches, replacing, never adding to, what was recorded.
    /// </summary>
    public static async Task RecomputeAsync(IntakeDbContext db, Submission submission, DateTimeOffset now, CancellationToken ct)
    {
        var scan = await db.SimilarScans.FirstOrDefaultAsync(s => s.SubmissionId == submission.Id, ct);
        var matches = await db.Database
            .SqlQuery<Match>($"SELECT id, score FROM similar_submissions({submission.Id}, {Threshold}, {MaxItems})")
            .ToListAsync(ct);
        var stored = await db.SimilarItems.Where(s => s.SubmissionId == submission.Id).ToListAsync(ct);
        foreach (var gone in stored.Where(s => matches.All(m => m.Id != s.SimilarSubmissionId)))
            db.SimilarItems.Remove(gone);
        foreach (var match in matches)
        {
            var score = Math.Round((decimal)match.Score, 3, MidpointRounding.ToZero);
            if (stored.FirstOrDefault(s => s.SimilarSubmissionId == match.Id) is { } kept) kept.Rescore(score, now);
            else db.SimilarItems.Add(SimilarItem.Of(submission, match.Id, score, now));
        }
        if (scan is not null) scan.Redo(submission, now);
        else
        {
            // Counted once, at the item's first scan, after the search so the rows stay locked only to the commit.
            await db.Database.ExecuteSqlRawAsync(SimilarSql.CountPairs, [submission.Id], ct);
            db.SimilarScans.Add(SimilarScan.Of(submission, now));
        }
    }
}
