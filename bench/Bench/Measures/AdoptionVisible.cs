using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Bench.Tools;

namespace SheqingMinyi.Bench.Measures;

/// <summary>
/// Row 5: adopt → the writer's points visible on the leaderboard. Items are prepared first (the partner system
/// submits for a new writer each, 王芳 passes 初审 and 复审, the submitted point is on the board); then, one at a
/// time, 赵强 adopts and the writer's rank is polled until the adoption's points show. Time from sending the
/// adopt decision to the first read that shows it.
/// </summary>
public static class AdoptionVisible
{
    private sealed record Prepared(Guid CaseId, Guid Author);

    /// <summary>The whole latency, and its two parts: the adopt request until its answer, and from the answer until
    /// the points show (relay, stream, scoring's ledger and board, the reader's next poll).</summary>
    public sealed record Parts(Rate Whole, Rate Request, Rate EventPath);

    public static async Task<Parts> MeasureAsync(int count)
    {
        using var partner = await PartnerAsync();
        using var editor = await Tokens.SignedInAsync("wangfang");
        using var leader = await Tokens.SignedInAsync("zhaoqiang");
        using var gate = new SemaphoreSlim(8);
        var prepared = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try { return await PrepareAsync(partner, editor); } finally { gate.Release(); }
        }));

        // One writer for every item: let the submitted points settle, then time each adoption against the points just before it.
        await UntilPointsSettleAsync(editor, CreateSubmit.ZhangMing);
        var latencies = new List<double>();
        var requests = new List<double>();
        var eventPaths = new List<double>();
        var clock = Stopwatch.StartNew();
        foreach (var item in prepared)
        {
            var etag = await ETagAsync(leader, $"/api/review/cases/{item.CaseId}");
            var pointsBefore = await PointsAsync(editor, item.Author);
            var started = Stopwatch.GetTimestamp();
            using var adopt = new HttpRequestMessage(HttpMethod.Post, $"/api/review/cases/{item.CaseId}/decisions")
            { Content = JsonContent.Create(new { action = "adopt", adoptionLevel = "own-body" }) };
            adopt.Headers.TryAddWithoutValidation("If-Match", etag);
            (await leader.SendAsync(adopt)).EnsureSuccessStatusCode();
            var answered = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            while (await PointsAsync(editor, item.Author) <= pointsBefore)
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30)) throw new TimeoutException($"adoption of {item.CaseId} not visible in 30 s");
                await Task.Delay(2);
            }
            var visible = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            latencies.Add(visible);
            requests.Add(answered);
            eventPaths.Add(visible - answered);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new Parts(Rate.FromLatencies(latencies, seconds), Rate.FromLatencies(requests, seconds), Rate.FromLatencies(eventPaths, seconds));
    }

    public static async Task RunAsync(BenchContext bench, int count = 200)
    {
        var (r, request, eventPath) = await MeasureAsync(count);
        bench.Table.Notes.Add($"5 the adopt request until its answer: p50 {Row.Ms(request.P50Ms)}, p99 {Row.Ms(request.P99Ms)}; " +
            $"from the answer until the points show: p50 {Row.Ms(eventPath.P50Ms)}, p99 {Row.Ms(eventPath.P99Ms)}");
        bench.Table.Add(new Row($"5. adopt → writer's points on the leaderboard, {count} adoptions one at a time", $"{count} adoptions", Row.Ms(r.P50Ms), Row.Ms(r.P99Ms),
            "—", "—", "p99 ≤ 100 ms", Row.Yes(r.P99Ms <= 100)));
    }

    private static async Task<Prepared> PrepareAsync(HttpClient partner, HttpClient editor)
    {
        // 张明 writes every item (intake credits only announced persons); each adoption is timed against his points before it.
        var author = CreateSubmit.ZhangMing;
        var create = await partner.PostAsJsonAsync("/api/intake/submissions",
            new { title = "关于优化公交线路的建议", body = "沙坪坝区部分公交线路重叠……", authorPersonId = author, unitId = CreateSubmit.SpbEconomyCommittee });
        create.EnsureSuccessStatusCode();
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/intake/submissions/{id}/submit");
        submit.Headers.TryAddWithoutValidation("If-Match", create.Headers.ETag!.Tag);
        (await partner.SendAsync(submit)).EnsureSuccessStatusCode();

        var caseId = await EventuallyAsync(async () =>
        {
            var cases = await editor.GetJsonAsync($"/api/review/cases?submissionId={id}");
            return cases.GetProperty("items").GetArrayLength() == 1 ? cases.GetProperty("items")[0].GetProperty("id").GetGuid() : (Guid?)null;
        });
        foreach (var _ in new[] { 1, 2 })
        {
            using var pass = new HttpRequestMessage(HttpMethod.Post, $"/api/review/cases/{caseId}/decisions") { Content = JsonContent.Create(new { action = "pass" }) };
            pass.Headers.TryAddWithoutValidation("If-Match", await ETagAsync(editor, $"/api/review/cases/{caseId}"));
            (await editor.SendAsync(pass)).EnsureSuccessStatusCode();
        }
        await EventuallyAsync(async () => await PointsAsync(editor, author) is var p and > 0 ? p : (decimal?)null);
        return new Prepared(caseId, author);
    }

    private static async Task UntilPointsSettleAsync(HttpClient client, Guid person)
    {
        decimal last = -1, now;
        while ((now = await PointsAsync(client, person)) != last)
        {
            last = now;
            await Task.Delay(500);
        }
    }

    private static async Task<decimal> PointsAsync(HttpClient client, Guid person)
    {
        using var response = await client.GetAsync($"/api/scoring/leaderboards/persons/{person}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("points").GetDecimal() : 0;
    }

    private static async Task<string> ETagAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException("adoption preparation did not complete in 60 s");
    }

    private static async Task<HttpClient> PartnerAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Platform.GatewayUrl) };
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "spb-oa", ["client_secret"] = "spb-oa-demo-secret", ["scope"] = "intake.submit intake.read",
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}
