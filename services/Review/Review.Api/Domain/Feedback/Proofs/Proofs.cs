using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain.Feedback.Proofs;

/// <summary>What a 采用证明 and a 批示证明 state: what (the item, its authors), when, at which level, where published, by whom.</summary>
public static class Proofs
{
    /// <summary><paramref name="ownIssue"/>: the issue of the body's own publication that carried an own-body adoption (刊期).</summary>
    public static ProofDocument ForAdoption(Adoption a, string title, IReadOnlyList<string> authors, string body, DateOnly today,
        string? ownIssue = null) => new(
        "采用证明",
        [
            $"兹证明，{Names(authors)}撰写的社情民意信息《{title}》，于{a.AdoptedOn:yyyy年M月d日}被{Adopter(a, body)}。",
            "特此证明。",
        ],
        [
            ("采用级别", FeedbackNotes.Label(a.Level)),
            ("采用日期", $"{a.AdoptedOn:yyyy年M月d日}"),
            ("刊发载体", a.PublicationName is { Length: > 0 } p ? $"{p}{(a.Issue is { Length: > 0 } i ? $" {i}" : "")}" : ownIssue is { Length: > 0 } o ? o : "—"),
            ("采用方式", a.Source switch
            {
                AdoptionSource.Decision => "本级审定采用",
                AdoptionSource.Forwarded => "转报后上级机关采用",
                _ => "外部采用，凭刊物登记",
            }),
            ("作者", Names(authors)),
        ],
        body, today, a.Id.ToString(), a.SubmissionId);

    public static ProofDocument ForInstruction(LeaderInstruction i, string title, IReadOnlyList<string> authors, string body, DateOnly today) => new(
        "批示证明",
        [
            $"兹证明，{Names(authors)}撰写的社情民意信息《{title}》，于{i.InstructedOn:yyyy年M月d日}获{i.LeaderTitle}作出{i.Nature}批示。",
            "特此证明。",
        ],
        [
            ("批示领导", i.LeaderTitle),
            ("批示级别", FeedbackNotes.Label(i.Level)),
            ("批示性质", i.Nature),
            ("批示日期", $"{i.InstructedOn:yyyy年M月d日}"),
            ("批示摘要", i.Summary),
            ("作者", Names(authors)),
        ],
        body, today, i.Id.ToString(), i.SubmissionId);

    private static string Adopter(Adoption a, string body) => a.Level switch
    {
        AdoptionLevel.OwnBody => $"{body}采用",
        AdoptionLevel.ParentBody => $"{(a.PublicationName is { Length: > 0 } p ? p : "上级机关")}采用",
        AdoptionLevel.National => "全国政协采用",
        _ => "党派中央采用",
    };

    private static string Names(IReadOnlyList<string> authors) => authors.Count == 0 ? "作者" : string.Join("、", authors);
}
