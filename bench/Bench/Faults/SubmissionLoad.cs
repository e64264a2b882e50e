using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SheqingMinyi.Bench.Faults;

/// <summary>What the clients were told: the submissions whose create (201) and submit (200) were acknowledged.</summary>
public sealed record LoadResult(
    IReadOnlyDictionary<int, Guid> Created, IReadOnlyCollection<Guid> Submitted, int Retries, int Refused, IReadOnlyList<string> Refusals);

/// <summary>
/// A member creating and submitting items through the gateway, as a careful client does: each create and each
/// submit carries an Idempotency-Key and is sent again with the same key and body after a failure (no answer, 5xx,
/// 409 key in use, 429), until it gets an answer. The platform's contract makes that safe: same key, same body,
/// the first stored answer. A 2xx is an acknowledgement the platform must keep.
/// </summary>
public sealed class SubmissionLoad(Uri gateway, string user, string password)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(4);

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private string _token = "";
    private Guid _personId;

    public Guid PersonId => _personId;
    public HttpClient Http => _http;

    /// <summary>Signs in with the password grant of the portal client; the person id comes from the token.</summary>
    public async Task SignInAsync(CancellationToken ct, bool personOptional = false)
    {
        var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "sqmy-portal", ["username"] = user, ["password"] = password,
        }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in of {user} failed: {(int)response.StatusCode} {body}");
        _token = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
        var payload = _token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement;
        if (claims.TryGetProperty("person_id", out var person)) _personId = person.GetGuid();
        else if (!personOptional) throw new InvalidOperationException($"{user}'s token names no person");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    /// <summary>Creates and submits <paramref name="count"/> items, <paramref name="concurrency"/> at a time;
    /// <paramref name="progress"/> counts finished items (the fault waits on it).</summary>
    public async Task<LoadResult> RunAsync(string tag, int count, int concurrency, StrongBox<int> progress, CancellationToken ct)
    {
        var created = new ConcurrentDictionary<int, Guid>();
        var submitted = new ConcurrentBag<Guid>();
        var refusals = new ConcurrentBag<string>();
        var retries = 0;
        var next = -1;
        var unit = Measures.CreateSubmit.SpbEconomyCommittee; // the signed-in writer's unit

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var create = await SendUntilAnsweredAsync(() => Json(HttpMethod.Post, "/api/intake/submissions",
                        new { title = $"故障演练 {tag} #{i}", body = "关于优化公交线路的建议（故障演练）", authorPersonId = _personId, unitId = unit }),
                    $"{tag}-{i}-create", () => Interlocked.Increment(ref retries), ct);
                if (create.StatusCode != HttpStatusCode.Created)
                {
                    refusals.Add($"create #{i}: {(int)create.StatusCode} {await create.Content.ReadAsStringAsync(ct)}");
                    continue;
                }
                var id = (await create.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
                created[i] = id;
                var etag = create.Headers.ETag!.Tag;
                var submit = await SendUntilAnsweredAsync(() =>
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/intake/submissions/{id}/submit");
                        request.Headers.TryAddWithoutValidation("If-Match", etag);
                        return request;
                    },
                    $"{tag}-{i}-submit", () => Interlocked.Increment(ref retries), ct);
                if (submit.StatusCode == HttpStatusCode.OK) submitted.Add(id);
                else refusals.Add($"submit #{i} {id}: {(int)submit.StatusCode} {await submit.Content.ReadAsStringAsync(ct)}");
                Interlocked.Increment(ref progress.Value);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, ct)));
        return new LoadResult(created, submitted.ToList(), retries, refusals.Count, refusals.ToList());
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) =>
        new(method, path) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    /// <summary>Sends until the platform gives an answer that is not "try again"; the same key on every attempt.</summary>
    private async Task<HttpResponseMessage> SendUntilAnsweredAsync(Func<HttpRequestMessage> make, string key, Action retried, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            using var request = make();
            request.Headers.Add("Idempotency-Key", key);
            HttpResponseMessage? response = null;
            try
            {
                response = await _http.SendAsync(request, ct);
                if (!IsTryAgain(response)) return response;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { } // the client's timeout
            if (DateTime.UtcNow - started > GiveUpAfter)
                return response ?? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("no answer") };
            response?.Dispose();
            retried();
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>No answer yet: a 5xx, a 429, or a 409 with Retry-After (the same key is still running elsewhere,
    /// e.g. in a process that was just killed; its lock goes with its connection).</summary>
    private static bool IsTryAgain(HttpResponseMessage response) =>
        (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
        || response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null;
}
