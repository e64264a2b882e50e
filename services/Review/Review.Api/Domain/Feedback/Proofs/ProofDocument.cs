namespace SheqingMinyi.Review.Domain.Feedback.Proofs;

/// <summary>
/// A proof as issued: its heading (采用证明 / 批示证明), the statement's paragraphs, labelled facts, the issuing body and
/// day, and the identifiers a checker quotes (also written into the PDF's metadata, where they can be read back).
/// </summary>
public sealed record ProofDocument(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<(string Label, string Value)> Facts,
    string IssuedBy, DateOnly IssuedOn, string ProofNumber, Guid SubmissionId);
