namespace SheqingMinyi.Identity.Webhooks;

/// <summary>Configuration section "Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>About 24 h in all: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8.5 h after the failed attempts.</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromHours(8.5),
    ];

    /// <summary>Delays before each retry; when spent, the delivery fails and its endpoint is switched off. Empty: the default.</summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule is { Length: > 0 } ? RetrySchedule : DefaultRetrySchedule;

    /// <summary>Development only (ignored elsewhere): endpoints on loopback addresses, so tests and a local platform can
    /// run a receiver on 127.0.0.1. Private, link-local and the platform's own other addresses stay refused.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Host names of the platform itself (the gateway's public host, …) that no endpoint may name.</summary>
    public string[] DeniedHosts { get; set; } = [];

    /// <summary>How many endpoints one tenant may register in all (besides <c>MaxPerClient</c> per partner client).</summary>
    public int MaxEndpointsPerTenant { get; set; } = 20;

    /// <summary>How often the sender looks for due deliveries when the last pass found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 20;
    public int MaxConcurrentSends { get; set; } = 4;
    /// <summary>One attempt's limit; a slower receiver counts as a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long the delivery log keeps finished deliveries.</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);
}
