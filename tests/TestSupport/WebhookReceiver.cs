using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.Tests;

/// <summary>One request as the receiver saw it, with whether its signature held.</summary>
public sealed record ReceivedWebhook(string Id, long Timestamp, string Signature, string Body, bool SignatureValid, int AnsweredStatus);

/// <summary>
/// A partner's webhook receiver: Kestrel on 127.0.0.1 (a port of its own), checking each request's signature with the
/// Standard Webhooks reference algorithm written here independently of the StandardWebhooks package — HMAC-SHA256 over
/// "{webhook-id}.{webhook-timestamp}.{body}" keyed with the base64 after "whsec_", compared with each "v1,…" entry —
/// and deduplicating by webhook-id as the specification asks receivers to. Answers each path's scripted statuses in
/// order (then 204), so a test can make it fail a few times.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();
    private readonly ConcurrentDictionary<string, string> _secrets = new();

    public ConcurrentQueue<(string Path, ReceivedWebhook Request)> Requests { get; } = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var started = new WebhookReceiver(app);
        app.MapPost("/{**path}", started.HandleAsync);
        await app.StartAsync();
        started.BaseUrl = app.Urls.First().TrimEnd('/');
        return started;
    }

    /// <summary>The URL of a path of its own (one per test, so tests never see each other's requests).</summary>
    public string NewPath() => $"/hooks/{Guid.NewGuid():N}";

    public void Secret(string path, string secret) => _secrets[path] = secret;

    public void Answer(string path, params int[] statuses) => _scripts[path] = new ConcurrentQueue<int>(statuses);

    public IReadOnlyList<ReceivedWebhook> At(string path) => [.. Requests.Where(r => r.Path == path).Select(r => r.Request)];

    /// <summary>What the receiver accepted, once per webhook-id (a retry or replay of a handled id is dropped).</summary>
    public IReadOnlyList<ReceivedWebhook> Handled(string path) =>
        [.. At(path).Where(r => r.SignatureValid && r.AnsweredStatus is >= 200 and < 300).GroupBy(r => r.Id).Select(g => g.First())];

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestampText = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        long.TryParse(timestampText, out var timestamp);
        var valid = _secrets.TryGetValue(path, out var secret) && Verifies(secret, id, timestampText, body, signature);
        var status = !valid ? 401 : _scripts.TryGetValue(path, out var script) && script.TryDequeue(out var next) ? next : 204;
        Requests.Enqueue((path, new ReceivedWebhook(id, timestamp, signature, body, valid, status)));
        context.Response.StatusCode = status;
    }

    /// <summary>The specification's check, by hand: any of the space-separated "v1,&lt;base64&gt;" entries matches.</summary>
    public static bool Verifies(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal)) return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(entry => entry.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
