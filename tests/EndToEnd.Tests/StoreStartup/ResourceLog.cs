using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>A resource's console log, what the dashboard shows for it.</summary>
internal static class ResourceLog
{
    public static async Task<string> ReadAsync(DistributedApplication app, string resource)
    {
        var lines = new List<string>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // The AppHost's own lines come first; the process's output is asked of DCP, which may be stopping.
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>()
                               .GetAllAsync(app.Resource(resource)).WithCancellation(patience.Token))
                lines.AddRange(batch.Select(l => l.Content));
        }
        catch (Exception) when (lines.Count > 0)
        {
        }
        return string.Join('\n', lines);
    }

    /// <summary>Asserts the log comes to contain every one of <paramref name="texts"/> within 10 s (lines arrive asynchronously).</summary>
    public static async Task AssertContainsAsync(DistributedApplication app, string resource, params string[] texts)
    {
        var log = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(200))
            if (texts.All((log = await ReadAsync(app, resource)).Contains)) return;
        foreach (var text in texts) Assert.Contains(text, log);
    }
}
