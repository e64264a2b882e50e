using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed record FeedbackMessageDto(Guid Id, string Kind, string Title, string Text, Guid? SubmissionId, string ItemType, Guid? ItemId, string? Link,
    DateTimeOffset OccurredAt, bool Read, DateTimeOffset? ReadAt);

public sealed record InboxDto(List<FeedbackMessageDto> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>What the feedback tests do over and over: read a person's inbox, wait for it, mark it read.</summary>
public sealed class FeedbackKit(ReviewFactory factory)
{
    public HttpClient Person(string tenant, Guid personId, string role = PlatformRoles.Member) => factory.ClientFor(tenant, [role], personId);

    public async Task<InboxDto> InboxAsync(string tenant, Guid personId, string query = "order=asc&pageSize=200")
    {
        var response = await Person(tenant, personId).GetAsync($"/feedback/inbox?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<InboxDto>(ReviewKit.Json))!;
    }

    /// <summary>The kinds in the person's inbox, oldest first.</summary>
    public async Task<List<string>> KindsAsync(string tenant, Guid personId) => [.. (await InboxAsync(tenant, personId)).Items.Select(m => m.Kind)];

    /// <summary>Waits until the person's inbox holds <paramref name="count"/> messages (a consumer writes them asynchronously).</summary>
    public Task<InboxDto> WaitForAsync(string tenant, Guid personId, int count) =>
        Eventually.GetAsync(() => InboxAsync(tenant, personId), i => i.Total >= count, what: $"{count} messages for {personId}");

    public Task<long> RowsAsync(string sql, params object[] args) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, args);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? key = null) =>
        ReviewKit.PostJsonAsync(client, path, new { }, key);
}
