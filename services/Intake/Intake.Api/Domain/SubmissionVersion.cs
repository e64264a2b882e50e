namespace SheqingMinyi.Intake.Domain;

/// <summary>The roles a text version is written in: an author revising, or an editor polishing during review.</summary>
public static class EditorRoles
{
    public const string Writer = "writer", Editor = "editor";
}

/// <summary>
/// 版本: one text of an item, kept for good. Version 1 is the draft as created; each edit (by a writer) or polish
/// (by an editor during review) adds the next, with who, when and why. Any two can be compared.
/// </summary>
public sealed class SubmissionVersion
{
    public const int ReasonMaxLength = 500;

    public string TenantId { get; private set; } = "";
    public Guid SubmissionId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public Guid? EditorPersonId { get; private set; }
    /// <summary><see cref="EditorRoles"/>.</summary>
    public string EditorRole { get; private set; } = EditorRoles.Writer;
    public string? Reason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private SubmissionVersion() { }

    internal static SubmissionVersion Of(Submission s, int number, Guid? editorPersonId, string editorRole, string? reason, DateTimeOffset now) => new()
    {
        TenantId = s.TenantId, SubmissionId = s.Id, Number = number, Title = s.Title, Body = s.Body,
        EditorPersonId = editorPersonId, EditorRole = editorRole, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), CreatedAt = now,
    };
}
