using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>The one way a 批示 is recorded: the row and its LeaderInstructionRecorded, staged together.</summary>
public static class LeaderInstructions
{
    /// <summary>
    /// Records an instruction on <paramref name="c"/>'s item and stages LeaderInstructionRecorded (the case's shares)
    /// in the outbox. Nothing is saved: the caller's SaveChanges writes both. The case is touched so its ETag, which
    /// covers the instructions, changes; a concurrent change of the case fails that save (DbUpdateConcurrencyException).
    /// </summary>
    public static LeaderInstruction Record(ReviewDbContext db, ReviewCase c, InstructionLevel level, string leaderTitle, string nature,
        DateOnly instructedOn, string summary, Guid? evidenceFileId, string recordedBy, DateTimeOffset now)
    {
        var instruction = new LeaderInstruction
        {
            Id = Guid.CreateVersion7(),
            TenantId = c.TenantId,
            SubmissionId = c.SubmissionId,
            CaseId = c.Id,
            Level = level,
            LeaderTitle = leaderTitle,
            Nature = nature,
            InstructedOn = instructedOn,
            Summary = summary,
            EvidenceFileId = evidenceFileId,
            RecordedBy = recordedBy,
            Authors = [.. c.Authors],
            Units = [.. c.Units],
            CreatedAt = now,
        };
        db.LeaderInstructions.Add(instruction);
        c.InstructionRecorded(now);
        db.AddEvent(c.TenantId, new LeaderInstructionRecorded(instruction.Id, c.SubmissionId, c.Id, level, leaderTitle, nature,
            instructedOn, summary, instruction.Authors, instruction.Units, now, c.IsRestricted));
        return instruction;
    }

    /// <summary>An item's instructions, in the order they were given.</summary>
    public static Task<List<LeaderInstruction>> OfAsync(ReviewDbContext db, Guid submissionId, CancellationToken ct) =>
        db.LeaderInstructions.AsNoTracking().Where(i => i.SubmissionId == submissionId)
            .OrderBy(i => i.InstructedOn).ThenBy(i => i.CreatedAt).ToListAsync(ct);
}
