using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Webhooks through the real platform: 沙坪坝's tenant admin registers an endpoint for its OA system (spb-oa) through
/// the gateway; the OA system submits an item, 王芳 and 赵强 adopt it; the OA system's receiver (on 127.0.0.1, allowed in
/// local mode only) gets each event once, signed with the endpoint's secret (checked by the specification's algorithm).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebhookFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_partners_endpoint_receives_each_signed_event_of_its_item_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var path = receiver.NewPath();
        var admin = await platform.SignedInAsync("spb-admin");
        var registered = await admin.PostAsJsonAsync("/api/identity/webhooks",
            new { clientId = "spb-oa", url = receiver.BaseUrl + path, eventTypes = new[] { "SubmissionSubmitted", "SubmissionAdopted" }, enabled = true });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret(path, body.GetProperty("secret").GetString()!);
        var webhook = body.GetProperty("endpoint").GetProperty("id").GetGuid();

        var partner = await platform.PartnerAsync("intake.submit intake.read");
        var editor = await platform.SignedInAsync("wangfang");
        var leader = await platform.SignedInAsync("zhaoqiang");
        var submission = await FlowTests.SubmitNewItemAsync(partner, await platform.NewAuthorAsync());
        var cases = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(editor, $"/api/review/cases?submissionId={submission}"),
            c => c.GetProperty("items").GetArrayLength() == 1, "review case opened");
        var caseId = cases.GetProperty("items")[0].GetProperty("id").GetGuid();
        foreach (var (reviewer, decision) in new (HttpClient, object)[]
        {
            (editor, new { action = "pass" }), (editor, new { action = "pass" }), (leader, new { action = "adopt", adoptionLevel = "own-body" }),
        })
            Assert.Equal(HttpStatusCode.OK, (await Preconditions.DecideAsync(reviewer, caseId, decision)).StatusCode);

        IReadOnlyList<(string Type, ReceivedWebhook Request)> OfItem() => [.. receiver.At(path)
            .Select(r => (Doc: JsonDocument.Parse(r.Body).RootElement, Request: r))
            .Where(r => r.Doc.GetProperty("data").GetProperty("submissionId").GetGuid() == submission)
            .Select(r => (r.Doc.GetProperty("type").GetString()!, r.Request))];
        await FlowTests.EventuallyAsync(() => Task.FromResult(OfItem()), r => r.Count >= 2, "both webhooks received");
        await Task.Delay(2000); // a duplicate would have come by now

        var received = OfItem();
        Assert.Equal(["SubmissionAdopted", "SubmissionSubmitted"], received.Select(r => r.Type).Order());
        Assert.All(received, r => Assert.True(r.Request.SignatureValid, $"{r.Type} signed with the endpoint's secret"));
        Assert.Equal(2, received.Select(r => r.Request.Id).Distinct().Count());
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/identity/webhooks/{webhook}/deliveries?status=succeeded");
        Assert.True(log.GetProperty("total").GetInt32() >= 2);
    }
}
