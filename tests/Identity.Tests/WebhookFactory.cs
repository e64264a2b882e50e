namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// Identity as a local platform runs it for webhooks: loopback endpoints allowed (a Development-only setting), so the
/// tests' receiver on 127.0.0.1 can be registered; a short retry schedule (two retries) and a fast sender. The
/// address guard's refusals are tested on <see cref="IdentityFactory"/>, where loopback is refused as in production.
/// </summary>
public sealed class WebhookFactory : IdentityFactory
{
    public static readonly TimeSpan[] Schedule = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600)];

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Webhooks:RetrySchedule:0"] = Schedule[0].ToString("c"),
        ["Webhooks:RetrySchedule:1"] = Schedule[1].ToString("c"),
        ["Webhooks:Timeout"] = "00:00:05",
    };
}
