using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace SheqingMinyi.BuildingBlocks.Tests.Telemetry;

/// <summary>
/// What ServiceDefaults does to telemetry: parent-based ratio sampling (every trace in Development, one in ten
/// elsewhere, Telemetry:SamplingRatio when set) and no log line per database command.
/// </summary>
public sealed class TelemetryDefaultsTests
{
    /// <summary>A host with only the service defaults' telemetry, under an application name (and so an
    /// ActivitySource) of its own: no other test's tracer provider listens to it.</summary>
    private static IHost Host(string environment, params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ApplicationName = $"SamplingTest{Guid.NewGuid():N}",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.ConfigureOpenTelemetry();
        return builder.Build();
    }

    /// <summary>The tracer provider's sampler, as OpenTelemetry describes it (the SDK keeps it internal).</summary>
    private static string SamplerOf(IHost host)
    {
        var provider = host.Services.GetRequiredService<TracerProvider>();
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var sampler = provider.GetType().GetField("Sampler", flags)?.GetValue(provider)
            ?? provider.GetType().GetProperty("Sampler", flags)?.GetValue(provider);
        return Assert.IsAssignableFrom<Sampler>(sampler).Description;
    }

    [Fact]
    public void Development_samples_every_new_trace_and_follows_the_callers_decision()
    {
        using var host = Host("Development");
        Assert.Equal("NoRootClientSpans{ParentBased{TraceIdRatioBasedSampler{1.000000}}}", SamplerOf(host));
    }

    [Fact]
    public void Elsewhere_one_new_trace_in_ten_is_sampled_by_default()
    {
        using var host = Host("Production");
        Assert.Equal("NoRootClientSpans{ParentBased{TraceIdRatioBasedSampler{0.100000}}}", SamplerOf(host));
    }

    [Fact]
    public void Telemetry_SamplingRatio_sets_the_ratio_in_any_environment()
    {
        using var development = Host("Development", ("Telemetry:SamplingRatio", "0.25"));
        using var production = Host("Production", ("Telemetry:SamplingRatio", "1"));
        Assert.Equal("NoRootClientSpans{ParentBased{TraceIdRatioBasedSampler{0.250000}}}", SamplerOf(development));
        Assert.Equal("NoRootClientSpans{ParentBased{TraceIdRatioBasedSampler{1.000000}}}", SamplerOf(production));
    }

    [Fact]
    public void At_ratio_zero_new_traces_are_dropped_but_a_sampled_callers_trace_is_kept_whole()
    {
        using var host = Host("Production", ("Telemetry:SamplingRatio", "0"));
        host.Services.GetRequiredService<TracerProvider>();
        using var source = new ActivitySource(host.Services.GetRequiredService<IHostEnvironment>().ApplicationName);

        using (var root = source.StartActivity("new trace", ActivityKind.Server))
            Assert.True(root is null || !root.Recorded, "a new trace at ratio 0 must not be recorded");

        var sampledCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        using (var child = source.StartActivity("called", ActivityKind.Server, sampledCaller))
        {
            Assert.NotNull(child);
            Assert.True(child.Recorded);
            Assert.Equal(sampledCaller.TraceId, child.TraceId);
        }

        var unsampledCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        using (var child = source.StartActivity("called", ActivityKind.Server, unsampledCaller))
            Assert.True(child is null || !child.Recorded, "a caller's unsampled trace must stay unsampled");
    }

    [Fact]
    public void A_client_call_outside_any_operation_is_never_recorded_and_one_inside_is()
    {
        using var host = Host("Development");
        host.Services.GetRequiredService<TracerProvider>();
        using var source = new ActivitySource(host.Services.GetRequiredService<IHostEnvironment>().ApplicationName);

        // A poll with nothing around it (a consumer's XREADGROUP, the relay's query): dropped even when every trace is kept.
        using (var poll = source.StartActivity("XREADGROUP", ActivityKind.Client))
            Assert.True(poll is null || !poll.Recorded, "a root client span must not be recorded");
        // An operation of its own (a request, a handled event) is kept, and so are the calls it makes.
        using (var request = source.StartActivity("GET /leaderboards/persons", ActivityKind.Server))
        {
            Assert.NotNull(request);
            Assert.True(request.Recorded);
            using var call = source.StartActivity("EVALSHA", ActivityKind.Client);
            Assert.NotNull(call);
            Assert.True(call.Recorded);
            Assert.Equal(request.SpanId, call.ParentSpanId);
        }
        using (var consume = source.StartActivity("consume PersonRegistered", ActivityKind.Consumer))
            Assert.True(consume is { Recorded: true }, "a consumer's span starts a trace of its own");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    [InlineData("ten percent")]
    public void A_ratio_outside_0_to_1_stops_the_start_with_the_setting_named(string ratio)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Host("Production", ("Telemetry:SamplingRatio", ratio)));
        Assert.Contains($"Telemetry:SamplingRatio is '{ratio}'", error.Message);
        Assert.Contains("from 0 to 1", error.Message);
    }

    [Fact]
    public void Outgoing_call_logs_are_off_at_Information_unless_configuration_names_them()
    {
        using var quiet = Host("Development");
        using var asked = Host("Development", ("Logging:LogLevel:System.Net.Http.HttpClient", "Information"));
        // IHttpClientFactory names its loggers after the client: System.Net.Http.HttpClient.{name}.LogicalHandler.
        var logger = quiet.Services.GetRequiredService<ILoggerFactory>().CreateLogger("System.Net.Http.HttpClient.sqmy-revocations.LogicalHandler");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.True(asked.Services.GetRequiredService<ILoggerFactory>()
            .CreateLogger("System.Net.Http.HttpClient.sqmy-revocations.ClientHandler").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Database_command_logs_are_off_at_Information_unless_configuration_names_them()
    {
        using var quiet = Host("Development");
        using var asked = Host("Development", ("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information"));
        var quietLoggers = quiet.Services.GetRequiredService<ILoggerFactory>();
        foreach (var category in ServiceDefaultsExtensions.CommandLogCategories)
        {
            var logger = quietLoggers.CreateLogger(category);
            Assert.False(logger.IsEnabled(LogLevel.Information), $"{category} logs at Information");
            Assert.True(logger.IsEnabled(LogLevel.Warning), $"{category} hides warnings");
        }
        // Other categories keep the default level; someone chasing a query can turn the commands back on.
        Assert.True(quietLoggers.CreateLogger("SheqingMinyi.Intake").IsEnabled(LogLevel.Information));
        Assert.True(asked.Services.GetRequiredService<ILoggerFactory>()
            .CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").IsEnabled(LogLevel.Information));
    }
}
